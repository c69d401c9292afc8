package org.pixelwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.data.Augmentation;
import org.pixelwise.device.Device;
import org.pixelwise.model.ModelFolder;
import org.pixelwise.net.UNetConfig;

/**
 * Early stopping, on a network that cannot improve: a constant rate of 1e-12 leaves the weights
 * as they are, and without batch normalisation there are no running statistics to change the
 * validation score either, so every epoch after the first scores the same.
 */
class EarlyStoppingTest {

	private static final UNetConfig FROZEN = new UNetConfig(2, 4, false, 0,
		UNetConfig.Upsampling.TRANSPOSED, 1, 1);

	private static Trainer.Result train(final int patience, final int epochs, final Path model)
		throws Exception
	{
		final TrainingSettings settings = TrainerTest.quick(epochs, 2);
		settings.patchSize = 32;
		settings.batchSize = 2;
		settings.maxLearningRate = 1e-12;
		settings.oneCycle = false;
		settings.augmentation = Augmentation.none();
		settings.earlyStoppingPatience = patience;
		return new Trainer(Device.cpu(), TrainingListener.NONE, () -> false).train(TrainerTest.discs(2,
			64), FROZEN, settings, model, "frozen");
	}

	@Test
	void runStopsOneEpochAfterTheLastImprovementWithPatienceOne(@TempDir final Path dir)
		throws Exception
	{
		final Trainer.Result result = train(1, 6, dir.resolve("model"));
		assertEquals(Trainer.Outcome.STOPPED_EARLY, result.outcome, result.message);
		assertEquals(result.history.get(0).get("val_dice"), result.history.get(1).get("val_dice"),
			"the frozen network should score the same every epoch");
		assertEquals(2, result.history.size());
		assertEquals(4, result.steps);
		assertTrue(result.message.contains("stopped early after epoch 2"), result.message);
		assertTrue(result.message.contains("no better validation score for 1 epochs"), result.message);
		assertEquals(2, ModelFolder.readDescription(dir.resolve("model/latest")).epoch());
		assertEquals(1, ModelFolder.readDescription(dir.resolve("model/best")).epoch());
	}

	@Test
	void patienceZeroNeverStopsEarly(@TempDir final Path dir) throws Exception {
		final Trainer.Result result = train(0, 3, dir.resolve("model"));
		assertEquals(Trainer.Outcome.COMPLETED, result.outcome, result.message);
		assertEquals(3, result.history.size());
	}
}
