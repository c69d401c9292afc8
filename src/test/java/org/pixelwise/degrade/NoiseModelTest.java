package org.pixelwise.degrade;

import org.pixelwise.data.FloatImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The noise-model estimate recovers gain and read noise of synthetic Poisson-Gaussian images
 * within 10%, and the camera degradation adds exactly the noise the model describes.
 */
class NoiseModelTest {

	/** Smooth levels from dark to bright: a ramp with soft blobs, in grey levels above 0. */
	static FloatImage clean(final int size, final double low, final double high, final long seed) {
		final Random random = new Random(seed);
		final float[] p = new float[size * size];
		final double[][] blobs = new double[12][];
		for (int b = 0; b < blobs.length; b++)
			blobs[b] = new double[] { random.nextInt(size), random.nextInt(size), 10 + random.nextInt(
				30) };
		double max = 0;
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++) {
				double v = 0.6 * x / size;
				for (final double[] b : blobs)
					v += 0.5 * Math.exp(-((x - b[0]) * (x - b[0]) + (y - b[1]) * (y - b[1])) / (2 * b[2] *
						b[2]));
				p[y * size + x] = (float) v;
				max = Math.max(max, v);
			}
		for (int i = 0; i < p.length; i++)
			p[i] = (float) (low + (high - low) * p[i] / max);
		return new FloatImage(size, size, 1, p, 4095);
	}

	static List<FloatImage> noisy(final double gain, final double read, final double offset,
		final boolean rounded)
	{
		final List<FloatImage> images = new ArrayList<>();
		final Random random = new Random(7);
		for (int n = 0; n < 2; n++) {
			final FloatImage electrons = clean(256, 2, 150, n);
			final float[] p = new float[electrons.pixels.length];
			for (int i = 0; i < p.length; i++) {
				final double v = offset + gain * PoissonNoise.count(electrons.pixels[i], random) + read *
					random.nextGaussian();
				p[i] = (float) (rounded ? Math.round(v) : v);
			}
			images.add(electrons.withPixels(p));
		}
		return images;
	}

	@Test
	void recoversGainAndReadNoiseWithinTenPercent() {
		final NoiseModel m = NoiseModel.estimate(noisy(2.0, 3.0, 10, false), 10);
		assertEquals(2.0, m.gain, 0.2, m.toString());
		assertEquals(3.0, m.readNoise, 0.3, m.toString());
	}

	@Test
	void recoversThemFromRoundedLowGainImages() {
		// Rounding adds 1/12 grey level² of variance: read noise 1.5 reads as 1.53.
		final NoiseModel m = NoiseModel.estimate(noisy(0.5, 1.5, 0, true), 0);
		assertEquals(0.5, m.gain, 0.05, m.toString());
		assertEquals(1.5, m.readNoise, 0.15, m.toString());
	}

	@Test
	void theCameraDegradationAddsTheModelsNoise() {
		final Crappifier camera = Crappifier.parse("camera=1.5:4:20");
		final List<FloatImage> degraded = new ArrayList<>();
		for (int n = 0; n < 2; n++)
			degraded.add(camera.apply(clean(256, 25, 400, n), 100 + n));
		final NoiseModel m = NoiseModel.estimate(degraded, 20);
		assertEquals(1.5, m.gain, 0.15, m.toString());
		assertEquals(4.0, m.readNoise, 0.4, m.toString());
		assertEquals("camera=1.5:4:20", Crappifier.parse(camera.toString()).toString(),
			"the degradation reads back");
	}

	@Test
	void flatImagesAreRefusedWithAReason() {
		final float[] flat = new float[128 * 128];
		Arrays.fill(flat, 50);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> NoiseModel.estimate(List.of(new FloatImage(128, 128, 1, flat, 255)), 0));
		assertEquals(true, e.getMessage().contains("narrow a range"), e.getMessage());
	}
}
