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
