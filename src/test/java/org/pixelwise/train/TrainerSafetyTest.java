package org.pixelwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pixelwise.train.TrainerTest.SMALL_BINARY;
import static org.pixelwise.train.TrainerTest.discs;
import static org.pixelwise.train.TrainerTest.quick;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.SyntheticImages;
import org.pixelwise.data.TrainingSet;
import org.pixelwise.degrade.Crappifier;
import org.pixelwise.data.FloatImage;
import org.pixelwise.device.Device;
import org.pixelwise.files.FolderLock;
import org.pixelwise.model.ModelFolder;
import org.pixelwise.net.RestorationConfig;
import org.pixelwise.net.RestorationConfig.Architecture;

/** Defects from issue 15 that lost or hid a user's model, each reproduced. */
class TrainerSafetyTest {

	private static final List<String> MESSAGES = new ArrayList<>();

	private static Trainer trainer() {
		MESSAGES.clear();
		return new Trainer(Device.cpu(), new TrainingListener() {
			@Override
			public void message(final String text) {
				MESSAGES.add(text);
			}
		}, () -> false);
	}

	/** Defect 1: epochs=-1 moved the earlier model to previous/ and wrote nothing. */
	@Test
	void settingsOutOfRangeAreRefusedBeforeTheModelFolderChanges(@TempDir final Path dir)
		throws Exception
	{
		final Path model = dir.resolve("model");
		final TrainingSet data = discs(2, 96);
		trainer().train(data, SMALL_BINARY, quick(1, 3), model, "good");
		for (final TrainingSettings bad : List.of(quick(0, 3), quick(-1, 3), quick(1, -2))) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> trainer().train(data, SMALL_BINARY, bad, model, "bad"));
			assertTrue(e.getMessage().contains("out of range"), e.getMessage());
		}
		final TrainingSettings noBatch = quick(1, 3);
		noBatch.batchSize = 0;
		assertThrows(IllegalArgumentException.class, () -> trainer().train(data, SMALL_BINARY,
			noBatch, model, "bad"));
		assertEquals("good", ModelFolder.readDescription(model.resolve("best")).name);
		assertFalse(Files.exists(model.resolve("previous")), "the good model was moved aside");
	}

	/**
	 * Defect 2: a crash between the latest/ and best/ saves (best/ half written, so missing)
	 * lost best/ for good, and the stale hidden folder stayed.
	 */
	@Test
	void resumeRecreatesALostBestAndRemovesStaleWrites(@TempDir final Path dir) throws Exception {
		final Path model = dir.resolve("model");
		final TrainingSet data = discs(2, 96);
		trainer().train(data, SMALL_BINARY, quick(2, 5), model, "crashed");
		// What kill -9 during the best/ save of the last epoch leaves behind.
		org.pixelwise.files.AtomicFolder.delete(model.resolve("best"));
		final Path stale = Files.createDirectories(model.resolve(".best.writing-123456"));
		Files.write(stale.resolve("tf_saved_model.zip"), new byte[1000]);
		trainer().resume(data, quick(3, 5), model);
		assertTrue(Files.exists(model.resolve("best/tf_saved_model.zip")), "best/ was not re-created");
		assertFalse(Files.exists(stale), "the stale write was left");
		assertTrue(MESSAGES.stream().anyMatch(m -> m.contains("best/ was missing")), MESSAGES
			.toString());
	}

	/** Defect 5: resume ignored learning_rate. */
	@Test
	void aLearningRateGivenOnResumeApplies(@TempDir final Path dir) throws Exception {
		final Path model = dir.resolve("model");
		final TrainingSet data = discs(2, 96);
		trainer().train(data, SMALL_BINARY, quick(1, 3), model, "rate");
		final TrainingSettings lower = quick(2, 3);
		lower.maxLearningRate = 5e-4;
		trainer().resume(data, lower, model);
		final Map<?, ?> training = (Map<?, ?>) ModelFolder.readMap(model.resolve("latest")).get(
			"training");
		assertEquals(5e-4, ((Number) training.get("max_learning_rate")).doubleValue(), 1e-12);
		assertTrue(MESSAGES.stream().anyMatch(m -> m.contains("replaces the run's")), MESSAGES
			.toString());
	}

	/**
	 * Defect 5: the explosion guard called an epoch-1 checkpoint far below bicubic "the last
	 * good checkpoint". One huge step makes such a checkpoint; the next step explodes.
	 */
	@Test
	void aCheckpointBelowTheBaselineIsNotCalledGood(@TempDir final Path dir) throws Exception {
		final List<FloatImage> images = new ArrayList<>();
		for (int i = 0; i < 4; i++)
			images.add(SyntheticImages.texture(64, i));
		final TrainingSettings reckless = new TrainingSettings();
		reckless.epochs = 5;
		reckless.stepsPerEpoch = 1;
		reckless.batchSize = 4;
		reckless.maxLearningRate = 1e4;
		reckless.oneCycle = false;
		reckless.validationFraction = 0.25;
		final RestorationTask task = new RestorationTask(images, new RestorationConfig(
			Architecture.ESPCN, 2, 1, 8, 0, true), Crappifier.parse("downscale=bicubic:2"),
			RestorationLoss.parse("mse"), reckless, 16, Float.NaN, "reckless", Device.cpu());
		final Trainer.Result result = trainer().train(task, reckless, dir.resolve("model"));
		assertEquals(Trainer.Outcome.DIVERGED, result.outcome, result.message);
		assertFalse(result.message.contains("last good checkpoint"), result.message);
		assertTrue(result.message.contains("no checkpoint of this run beats the baseline"), result
			.message);
	}

	/** Defect 8: a second training into the same folder is refused, saying who holds it. */
	@Test
	void aSecondTrainingIntoTheSameFolderIsRefused(@TempDir final Path dir) throws Exception {
		final Path model = dir.resolve("model");
		try (FolderLock held = FolderLock.take(model, "training")) {
			final IOException e = assertThrows(IOException.class, () -> trainer().train(discs(1, 64),
				SMALL_BINARY, quick(1, 2), model, "second"));
			assertTrue(e.getMessage().contains("is in use by another training (process "), e
				.getMessage());
		}
		assertFalse(Files.exists(model.resolve("best")));
	}
}
