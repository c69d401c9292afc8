package org.pixelwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.SyntheticImages;
import org.pixelwise.data.AnnotatedImage;
import org.pixelwise.data.LabelMode;
import org.pixelwise.data.LabelSettings;
import org.pixelwise.data.TrainingSet;
import org.pixelwise.device.Device;
import org.pixelwise.model.ModelDescription;
import org.pixelwise.model.ModelFolder;
import org.pixelwise.net.UNetConfig;

class TrainerTest {

	static final UNetConfig SMALL_BINARY = new UNetConfig(2, 8, true, 0, UNetConfig.Upsampling.TRANSPOSED,
		1, 1);

	static TrainingSet discs(final int images, final int size) {
		final List<AnnotatedImage> list = new ArrayList<>();
		for (int i = 0; i < images; i++) {
			final SyntheticImages s = SyntheticImages.discs(size, size, size * size / 400, i);
			list.add(new AnnotatedImage("discs" + i, s.image, s.mask()));
		}
		return TrainingSet.prepare(list, LabelSettings.of(LabelMode.BINARY), 1, 99.8);
	}

	static TrainingSettings quick(final int epochs, final int steps) {
		final TrainingSettings s = new TrainingSettings();
		s.epochs = epochs;
		s.stepsPerEpoch = steps;
		s.patchSize = 64;
		s.batchSize = 4;
		s.maxLearningRate = 3e-3;
		return s;
	}

	@Test
	void trainingOnSyntheticDiscsReachesValidationDiceAbove90Percent(@TempDir final Path dir)
		throws Exception
	{
		final Trainer.Result result = new Trainer(Device.cpu(), TrainingListener.NONE, () -> false)
			.train(discs(4, 128), SMALL_BINARY, quick(4, 20), dir.resolve("model"), "discs");
		assertEquals(Trainer.Outcome.COMPLETED, result.outcome);
		final Number lastDice = (Number) result.history.get(result.history.size() - 1).get("val_dice");
		assertTrue(lastDice.doubleValue() >= 0.9, "validation Dice " + lastDice);
		assertTrue(result.bestScore >= 0.9, "best validation Dice " + result.bestScore);
		assertTrue(Files.exists(dir.resolve("model/best/tf_saved_model.zip")));
		assertTrue(ModelFolder.hasTrainingState(dir.resolve("model/latest")));
	}

	@Test
	void resumeContinuesFromTheSavedStep(@TempDir final Path dir) throws Exception {
		final Path model = dir.resolve("model");
		final TrainingSet data = discs(2, 96);
		final Trainer trainer = new Trainer(Device.cpu(), TrainingListener.NONE, () -> false);
		trainer.train(data, SMALL_BINARY, quick(2, 5), model, "discs");
		final Trainer.Result resumed = trainer.resume(data, quick(3, 5), model);
		assertEquals(3, resumed.history.size());
		assertEquals(15L, ((Number) resumed.history.get(2).get("step")).longValue());
		assertEquals(10L, ((Number) resumed.history.get(1).get("step")).longValue());
		final ModelDescription latest = ModelFolder.readDescription(model.resolve("latest"));
		assertEquals(15, latest.step());
		assertEquals(3, latest.epoch());
	}

	@Test
	void cancellingKeepsALoadableCheckpoint(@TempDir final Path dir) throws Exception {
		final AtomicInteger steps = new AtomicInteger();
		final Trainer trainer = new Trainer(Device.cpu(), new TrainingListener() {
			@Override
			public void step(final TrainingProgress p) {
				steps.incrementAndGet();
			}
		}, () -> steps.get() >= 3);
		final Trainer.Result result = trainer.train(discs(2, 96), SMALL_BINARY, quick(5, 10), dir
			.resolve("model"), "cancelled");
		assertEquals(Trainer.Outcome.CANCELLED, result.outcome);
		assertEquals(3, result.steps);
		assertEquals(3, ModelFolder.readDescription(dir.resolve("model/latest")).step());
	}

	@Test
	void explodingLossStopsTrainingAndKeepsTheLastGoodModel(@TempDir final Path dir)
		throws Exception
	{
		final Path model = dir.resolve("model");
		final TrainingSet data = discs(2, 96);
		final Trainer trainer = new Trainer(Device.cpu(), TrainingListener.NONE, () -> false);
		trainer.train(data, SMALL_BINARY, quick(1, 5), model, "good");
		final TrainingSettings reckless = quick(3, 30);
		reckless.maxLearningRate = 1e5;
		reckless.oneCycle = false;
		final Trainer.Result result = trainer.train(data, SMALL_BINARY, reckless, model, "reckless");
		assertEquals(Trainer.Outcome.DIVERGED, result.outcome);
		assertTrue(result.message.contains("diverged") && result.message.contains("lower learning_rate"),
			result.message);
		// The earlier run was set aside, not overwritten, and no diverged weights were saved.
		assertEquals("good", ModelFolder.readDescription(model.resolve("previous/best")).name);
		assertTrue(!Files.exists(model.resolve("best")), "a diverged run must not write a best model");
	}
}
