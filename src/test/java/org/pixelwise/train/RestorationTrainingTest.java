package org.pixelwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.SyntheticImages;
import org.pixelwise.degrade.Crappifier;
import org.pixelwise.data.FloatImage;
import org.pixelwise.device.Device;
import org.pixelwise.model.ModelFolder;
import org.pixelwise.net.RestorationConfig;
import org.pixelwise.net.RestorationConfig.Architecture;

class RestorationTrainingTest {

	@Test
	void espcnTrainedBrieflyBeatsBicubicOnHeldOutImages(@TempDir final Path dir) throws Exception {
		final List<FloatImage> images = new ArrayList<>();
		for (int i = 0; i < 8; i++)
			images.add(SyntheticImages.texture(96, i));
		final TrainingSettings settings = new TrainingSettings();
		settings.epochs = 5;
		settings.stepsPerEpoch = 60;
		settings.batchSize = 16;
		settings.maxLearningRate = 1e-3;
		settings.validationFraction = 0.25;
		final RestorationTask task = new RestorationTask(images, new RestorationConfig(
			Architecture.ESPCN, 2, 1, 32, 0, true), Crappifier.parse("downscale=bicubic:2"),
			RestorationLoss.parse("l1"), settings, 24, Float.NaN, "texture-x2", Device.cpu());
		final Trainer.Result result = new Trainer(Device.cpu(), TrainingListener.NONE, () -> false)
			.train(task, settings, dir.resolve("model"));
		final double bicubic = ((Number) task.bicubicScores().get("psnr")).doubleValue();
		final Map<String, Object> last = result.history.get(result.history.size() - 1);
		final double espcn = ((Number) last.get("val_psnr")).doubleValue();
		System.out.println(String.format(java.util.Locale.ROOT,
			"ESPCN x2 on held-out synthetic textures after %d steps: %.2f dB, bicubic %.2f dB", result.steps,
			espcn, bicubic));
		assertTrue(espcn > bicubic + 0.3, "ESPCN " + espcn + " dB vs bicubic " + bicubic + " dB; " +
			result.history);
		assertTrue(Files.exists(dir.resolve("model/best/tf_saved_model.zip")));
		assertEquals(org.pixelwise.model.RestorationModel.FORMAT, ModelFolder.readMap(dir.resolve("model/best")).get(
			"format"));
	}

	@Test
	void degradationAndNetworkMustAgreeOnTheScale() {
		final List<FloatImage> images = new ArrayList<>();
		for (int i = 0; i < 2; i++)
			images.add(SyntheticImages.texture(64, i));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new RestorationTask(images, new RestorationConfig(Architecture.ESPCN, 3, 1, 8, 0, false),
				Crappifier.parse("downscale=bicubic:2"), RestorationLoss.parse("l1"),
				new TrainingSettings(), 16, Float.NaN, "x", Device.cpu()));
		assertTrue(e.getMessage().contains("shrinks by 2 but the network upscales by 3"), e.getMessage());
	}

	@Test
	void lossNamesParseAndUnknownOnesAreRejected() {
		final RestorationLoss mix = RestorationLoss.parse("0.84*ssim+0.16*l1");
		assertEquals(0.84, mix.ssim, 1e-12);
		assertEquals(0.16, mix.l1, 1e-12);
		assertEquals(mix.toString(), RestorationLoss.parse(mix.toString()).toString());
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> RestorationLoss.parse("perceptual"));
		assertTrue(e.getMessage().contains("use l1, mse, ssim"), e.getMessage());
	}

	@Test
	void realPairsTrainWithoutACrappifierAndMismatchedPairsAreRefused(@TempDir final Path dir)
		throws Exception
	{
		final List<FloatImage> high = new ArrayList<>(), low = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			final FloatImage clean = SyntheticImages.texture(64, i);
			high.add(clean);
			// A "microscope" that bins 2 x 2 pixels: not the bicubic the crappifier would use.
			low.add(Crappifier.parse("downscale=area:2").apply(clean, i));
		}
		final TrainingSettings settings = new TrainingSettings();
		settings.epochs = 3;
		settings.stepsPerEpoch = 20;
		settings.batchSize = 8;
		settings.maxLearningRate = 1e-3;
		settings.validationFraction = 0.25;
		final RestorationConfig espcn = new RestorationConfig(Architecture.ESPCN, 2, 1, 16, 0, true);
		final RestorationTask task = RestorationTask.fromPairs(low, high, espcn, RestorationLoss.parse(
			"l1"), settings, 16, Float.NaN, "pairs", Device.cpu());
		final Trainer.Result result = new Trainer(Device.cpu(), TrainingListener.NONE, () -> false)
			.train(task, settings, dir.resolve("pairs"));
		assertEquals(Trainer.Outcome.COMPLETED, result.outcome);
		assertEquals(RestorationTask.PAIRS, ModelFolder.readMap(dir.resolve("pairs/best")).get(
			"degradation"));
		final double first = ((Number) result.history.get(0).get("val_psnr")).doubleValue();
		final double last = ((Number) result.history.get(2).get("val_psnr")).doubleValue();
		assertTrue(Double.isFinite(last) && last >= first - 0.1, "validation PSNR " + first + " -> " + last);
		low.set(1, SyntheticImages.texture(40, 1));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> RestorationTask.fromPairs(low, high, espcn, RestorationLoss.parse("l1"), settings, 16,
				Float.NaN, "x", Device.cpu()));
		assertTrue(e.getMessage().contains("pair 2") && e.getMessage().contains("at least 80x80"), e
			.getMessage());
	}
}
