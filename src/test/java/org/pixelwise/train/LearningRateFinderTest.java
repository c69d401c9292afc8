package org.pixelwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.data.TargetEncoder;
import org.pixelwise.data.Augmentation;
import org.pixelwise.data.Augmenter;
import org.pixelwise.data.BatchProducer;
import org.pixelwise.data.PatchSampler;
import org.pixelwise.data.TrainingSet;
import org.pixelwise.device.Device;
import org.pixelwise.model.ModelFolder;
import org.pixelwise.net.UNetConfig;

/** The learning-rate range test on a tiny network and synthetic discs. */
class LearningRateFinderTest {

	private static final UNetConfig TINY = new UNetConfig(2, 4, true, 0,
		UNetConfig.Upsampling.TRANSPOSED, 1, 1);

	@Test
	void suggestedRateLiesInsideTheSearchedRangeAndTheCurveClimbsThroughIt() throws Exception {
		final double from = 1e-5, to = 1;
		final TrainingSet data = TrainerTest.discs(2, 64);
		final LearningRateFinder finder = new LearningRateFinder(from, to, 30);
		final double suggested;
		try (TrainingGraph graph = new TrainingGraph(TINY, Loss.parse("ce"), Device.cpu());
			BatchProducer batches = BatchProducer.segmentation(new PatchSampler(data.images, 32, data.classCount,
				0.5), new Augmenter(Augmentation.none()), TargetEncoder.ONE_HOT, 4, 32, 1, 1, 7))
		{
			graph.initialize(7);
			suggested = finder.find(graph, batches, 7);
		}
		assertTrue(Double.isFinite(suggested), "suggested " + suggested);
		assertTrue(suggested > from && suggested < to, "suggested " + suggested + " is outside (" +
			from + ", " + to + ")");
		final List<LearningRateFinder.Point> curve = finder.curve();
		assertFalse(curve.isEmpty());
		assertEquals(from, curve.get(0).rate, 1e-12 * from);
		for (int i = 1; i < curve.size(); i++)
			assertTrue(curve.get(i).rate > curve.get(i - 1).rate, "rate " + i + " does not increase");
		double lowest = Double.POSITIVE_INFINITY, rateAtLowest = Double.NaN;
		for (final LearningRateFinder.Point p : curve) {
			assertTrue(Double.isFinite(p.loss), "loss " + p.loss + " at rate " + p.rate);
			if (p.loss < lowest) {
				lowest = p.loss;
				rateAtLowest = p.rate;
			}
		}
		assertEquals(rateAtLowest / 10, suggested, 1e-12 * suggested,
			"the suggestion should be a tenth of the rate with the lowest smoothed loss");
		assertTrue(lowest < curve.get(0).loss, "the loss should fall somewhere in the range");
	}

	@Test
	void lossThatDoesNotChangeGivesAFlatCurve() throws Exception {
		// One 32x32 image cut into 32x32 patches without augmentation gives the same batch every
		// step, and a rate of 1e-12 leaves the weights as they are, so every step has the same loss.
		final TrainingSet data = TrainerTest.discs(1, 32);
		final LearningRateFinder finder = new LearningRateFinder(1e-12, 1e-12, 8);
		try (TrainingGraph graph = new TrainingGraph(TINY, Loss.parse("ce"), Device.cpu());
			BatchProducer batches = BatchProducer.segmentation(new PatchSampler(data.images, 32, data.classCount,
				0), new Augmenter(Augmentation.none()), TargetEncoder.ONE_HOT, 2, 32, 1, 1, 3))
		{
			graph.initialize(3);
			finder.find(graph, batches, 3);
		}
		final List<LearningRateFinder.Point> curve = finder.curve();
		assertEquals(8, curve.size());
		final double first = curve.get(0).loss, last = curve.get(curve.size() - 1).loss;
		assertEquals(last, first, 1e-3 * last, "the smoothed loss should stay at the constant loss");
	}

	@Test
	void trainingWithoutAMaximumRateRunsTheFinderAndRecordsItsRate(@TempDir final Path dir)
		throws Exception
	{
		final TrainingSettings settings = TrainerTest.quick(1, 2);
		settings.patchSize = 32;
		settings.batchSize = 2;
		settings.maxLearningRate = 0;
		final Trainer.Result result = new Trainer(Device.cpu(), TrainingListener.NONE, () -> false)
			.train(TrainerTest.discs(2, 64), TINY, settings, dir.resolve("model"), "found");
		assertEquals(Trainer.Outcome.COMPLETED, result.outcome, result.message);
		final Object recorded = ModelFolder.readDescription(dir.resolve("model/latest")).training.get(
			"max_learning_rate");
		assertTrue(recorded instanceof Number, "max_learning_rate is " + recorded);
		final double rate = ((Number) recorded).doubleValue();
		// The trainer searches 1e-6..1 and suggests a tenth of the best rate.
		assertTrue(rate > 0 && rate <= 0.1, "max_learning_rate " + rate);
	}
}
