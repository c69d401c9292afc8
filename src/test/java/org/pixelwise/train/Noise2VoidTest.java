package org.pixelwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.data.Batch;
import org.pixelwise.data.FloatImage;
import org.pixelwise.device.Device;
import org.pixelwise.metrics.ImageQuality;
import org.pixelwise.model.RestorationModel;
import org.pixelwise.net.RestorationConfig;
import org.pixelwise.model.Restorer;

/** Noise2Void: what masking does, what the loss sees, and that it learns to denoise. */
class Noise2VoidTest {

	@Test
	void blindSpotsTakeANeighboursValueNeverTheirOwn() {
		final int w = 40, h = 30, c = 2;
		final float[] pixels = new float[w * h * c];
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = i; // every value names its pixel and channel
		final float[] original = pixels.clone(), weights = new float[w * h];
		new BlindSpots(0.04).mask(pixels, weights, w, h, c, new Random(3));
		int masked = 0;
		for (int p = 0; p < w * h; p++) {
			if (weights[p] == 0) {
				assertEquals(original[p * c], pixels[p * c]);
				continue;
			}
			assertEquals(1f, weights[p]);
			masked++;
			final int source = (int) pixels[p * c] / c;
			assertEquals(pixels[p * c] + 1, pixels[p * c + 1], "all channels come from one pixel");
			assertNotEquals(p, source, "a blind spot never keeps its own value");
			assertTrue(Math.abs(source % w - p % w) <= 2 && Math.abs(source / w - p / w) <= 2,
				"the replacement lies in the 5 x 5 neighbourhood");
		}
		// One pixel per 5 x 5 cell (fraction 0.04): 8 x 6 cells.
		assertEquals(48, masked);
	}

	@Test
	void onlyTheBlindSpotsCountInTheLoss() {
		final RestorationConfig net = new RestorationConfig(RestorationConfig.Architecture.UNET, 1, 1,
			8, 2, false);
		try (TrainingGraph graph = new TrainingGraph(RestorationObjective.blindSpot(net,
			RestorationLoss.parse("mse")), Device.cpu()))
		{
			graph.initialize(1);
			final Batch batch = new Batch(1, 16, 16, 1, 1);
			final Random random = new Random(5);
			for (int i = 0; i < batch.inputs.length; i++)
				batch.inputs[i] = batch.targets[i] = random.nextFloat();
			new BlindSpots(0.05).mask(batch.inputs, batch.weights, 16, 16, 1, random);
			final float[] out = new float[256];
			final float before = graph.evaluate(batch, out);
			for (int i = 0; i < 256; i++)
				if (batch.weights[i] == 0) batch.targets[i] += 10; // unmasked targets do not count
			assertEquals(before, graph.evaluate(batch, out), 1e-6);
			for (int i = 0; i < 256; i++)
				if (batch.weights[i] != 0) batch.targets[i] += 1;
			assertNotEquals(before, graph.evaluate(batch, out));
		}
	}

	/** Bright shapes with Poisson noise: trained on the noisy images alone, it denoises them. */
	@Test
	void trainingOnNoisyImagesAloneLowersTheError(@TempDir final Path dir) throws Exception {
		final Random random = new Random(11);
		final List<FloatImage> noisy = new ArrayList<>();
		FloatImage clean = null, noisyTest = null;
		for (int n = 0; n < 7; n++) {
			final float[] c = shapes(64, 64, random), y = new float[c.length];
			for (int i = 0; i < c.length; i++)
				y[i] = poisson(c[i] / 10, random) * 10; // about 10 photons in the bright parts
			if (n == 6) {
				clean = new FloatImage(64, 64, 1, c, 255);
				noisyTest = new FloatImage(64, 64, 1, y, 255);
			}
			else noisy.add(new FloatImage(64, 64, 1, y, 255));
		}
		final TrainingSettings settings = new TrainingSettings();
		settings.epochs = 6;
		settings.stepsPerEpoch = 40;
		settings.batchSize = 8;
		settings.maxLearningRate = 3e-3;
		settings.validationFraction = 0.2;
		final RestorationConfig net = new RestorationConfig(RestorationConfig.Architecture.UNET, 1, 1,
			16, 2, false);
		final Path model = dir.resolve("n2v");
		new Trainer(Device.cpu(), TrainingListener.NONE, () -> false).train(RestorationTask
			.noise2void(noisy, net, new BlindSpots(0.02), settings, 32, 255, "n2v", Device.cpu()),
			settings, model);
		try (RestorationModel m = RestorationModel.load(model.resolve("latest"), Device.cpu())) {
			final Img<FloatType> restored = new Restorer(m, 64, 1, x -> {}).restore(ArrayImgs.floats(
				noisyTest.pixels, 64, 64), false);
			final float[] out = new float[64 * 64];
			int i = 0;
			for (final FloatType t : restored)
				out[i++] = t.get();
			final double before = ImageQuality.psnr(noisyTest.pixels, clean.pixels, 255);
			final double after = ImageQuality.psnr(out, clean.pixels, 255);
			// 240 steps take it about 2 dB up; a network that copied its input would gain nothing.
			assertTrue(after > before + 1.5, "PSNR " + before + " -> " + after + " dB");
		}
	}

	private static float[] shapes(final int w, final int h, final Random random) {
		final float[] image = new float[w * h];
		java.util.Arrays.fill(image, 20);
		for (int s = 0; s < 6; s++) {
			final int cx = random.nextInt(w), cy = random.nextInt(h), r = 4 + random.nextInt(8);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) image[y * w + x] = 200;
		}
		return image;
	}

	private static float poisson(final double mean, final Random random) {
		final double limit = Math.exp(-mean);
		double p = 1;
		int k = 0;
		do {
			k++;
			p *= random.nextDouble();
		}
		while (p > limit);
		return k - 1;
	}
}
