package org.pixelwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.degrade.Crappifier;
import org.pixelwise.data.FloatImage;
import org.pixelwise.device.Device;
import org.pixelwise.model.ModelFolder;
import org.pixelwise.net.RestorationConfig;

/**
 * The restoration run without any command: a new run, then a resumed one that keeps the saved
 * network and degradation whatever the plan says, and loss names checked before any work.
 */
class RestorationTrainingRunTest {

	@Test
	void aResumedRunKeepsTheSavedDegradationAndNetworkAndContinuesTheHistory(
		@TempDir final Path dir) throws Exception
	{
		final Path folder = dir.resolve("denoiser");
		final RestorationTraining.Plan plan = plan();
		plan.crappifier = Crappifier.parse("gaussian=0.02-0.05");
		plan.settings.epochs = 1;
		final RestorationTraining training = new RestorationTraining(Device.cpu(),
			TrainingListener.NONE, () -> false);
		final RestorationTraining.Outcome first = training.run(plan, folder);
		assertTrue(first.summary.contains("bicubic") && first.summary.contains(folder.toString()),
			first.summary);
		final RestorationTraining.Plan again = plan();
		again.resume = true;
		again.settings.epochs = 2;
		again.crappifier = Crappifier.parse("blur=3"); // ignored: the run continues as it began
		again.network = new RestorationConfig(RestorationConfig.Architecture.UNET, 1, 1, 16, 1, false);
		training.run(again, folder);
		final java.util.Map<?, ?> saved = ModelFolder.readMap(folder.resolve("latest"));
		assertEquals("gaussian=0.02-0.05", saved.get("degradation"));
		assertEquals(8, ((Number) ((java.util.Map<?, ?>) saved.get("network")).get("features"))
			.intValue());
		assertEquals(2, RestorationTraining.savedHistory(folder).size(), "one row per epoch of both");
	}

	/**
	 * start_from: the saved network replaces the plan's, and training starts from its weights. At
	 * a negligible learning rate the result stays at the base model's weights; the same run
	 * without start_from stays at its own random ones.
	 */
	@Test
	void fineTuningStartsFromTheModelsWeightsAndKeepsItsNetwork(@TempDir final Path dir)
		throws Exception
	{
		final RestorationTraining training = new RestorationTraining(Device.cpu(),
			TrainingListener.NONE, () -> false);
		final RestorationTraining.Plan first = plan();
		first.crappifier = Crappifier.parse("gaussian=0.02-0.05");
		first.settings.epochs = 1;
		final Path base = dir.resolve("base");
		training.run(first, base);
		final Path tuned = dir.resolve("tuned"), scratch = dir.resolve("scratch");
		for (final Path folder : List.of(tuned, scratch)) {
			final RestorationTraining.Plan next = plan();
			next.crappifier = Crappifier.parse("gaussian=0.02-0.05");
			next.settings.epochs = 1;
			next.settings.seed = 99; // other random weights, had it started from scratch
			next.settings.maxLearningRate = 1e-9;
			next.startFrom = folder == tuned ? base : null;
			if (folder == tuned) next.network = new RestorationConfig(RestorationConfig.Architecture.UNET,
				1, 1, 16, 1, true); // ignored: the base model's network is kept
			training.run(next, folder);
		}
		final java.util.Map<?, ?> saved = ModelFolder.readMap(tuned.resolve("latest"));
		assertEquals(8, ((Number) ((java.util.Map<?, ?>) saved.get("network")).get("features"))
			.intValue());
		assertEquals(ModelFolder.readMap(base.resolve("latest")).get("value_range"), saved.get(
			"value_range"));
		assertEquals("base (" + base + ")", ((java.util.Map<?, ?>) saved.get("training")).get(
			"started_from"), "the model records what it was fine-tuned from");
		final java.util.Set<String> names;
		try (TrainingGraph graph = new TrainingGraph(new RestorationObjective(plan().network,
			RestorationLoss.parse("l1")), Device.cpu()))
		{
			graph.initialize(1);
			names = graph.inferenceWeights().keySet();
		}
		final double fromBase = difference(base, tuned, names), fromScratch = difference(base,
			scratch, names);
		assertTrue(fromBase < 1e-4, "the fine-tuned weights are the base model's: " + fromBase);
		assertTrue(fromScratch > 0.1, "a run from scratch has its own weights: " + fromScratch);
	}

	/** Mean absolute difference of two models' weights, relative to the first's mean size. */
	private static double difference(final Path a, final Path b, final java.util.Set<String> names)
		throws java.io.IOException
	{
		final java.util.Map<String, float[]> x = org.pixelwise.model.RestorationModel.weights(a, names,
			Device.cpu()), y = org.pixelwise.model.RestorationModel.weights(b, names, Device.cpu());
		double change = 0, size = 0;
		for (final String name : names)
			for (int i = 0; i < x.get(name).length; i++) {
				change += Math.abs(x.get(name)[i] - y.get(name)[i]);
				size += Math.abs(x.get(name)[i]);
			}
		return change / size;
	}

	@Test
	void anAdversarialLossWithoutFeaturesIsRefusedWithTheChoices(@TempDir final Path dir) {
		final RestorationTraining.Plan plan = plan();
		plan.loss = "gan";
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new RestorationTraining(Device.cpu(), TrainingListener.NONE, () -> false).run(plan,
				dir.resolve("m")));
		assertTrue(e.getMessage().contains("feature+gan"), e.getMessage());
	}

	private static RestorationTraining.Plan plan() {
		final Random random = new Random(3);
		final List<FloatImage> images = new ArrayList<>();
		for (int n = 0; n < 3; n++) {
			final float[] pixels = new float[32 * 32];
			for (int i = 0; i < pixels.length; i++)
				pixels[i] = 100 + 80 * (float) Math.sin(i % 32 / 3.0 + n) + random.nextFloat();
			images.add(new FloatImage(32, 32, 1, pixels, 255));
		}
		final RestorationTraining.Plan plan = new RestorationTraining.Plan();
		plan.images = images;
		plan.network = new RestorationConfig(RestorationConfig.Architecture.UNET, 1, 1, 8, 1, false);
		plan.patch = 16;
		plan.settings.stepsPerEpoch = 3;
		plan.settings.batchSize = 2;
		plan.settings.maxLearningRate = 1e-3;
		plan.settings.validationFraction = 0.34;
		return plan;
	}
}
