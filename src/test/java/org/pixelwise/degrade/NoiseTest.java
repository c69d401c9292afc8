package org.pixelwise.degrade;

import org.pixelwise.data.FloatImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class NoiseTest {

	@Test
	void gaussianNoiseHasTheRequestedVariance() {
		final FloatImage flat = TestImages.flat(128, 128, 1, 127.5f, 255);
		final FloatImage noisy = new GaussianNoise(Range.of(0.02)).apply(flat, new Random(3));
		final float[] difference = new float[flat.pixels.length];
		for (int i = 0; i < difference.length; i++)
			difference[i] = noisy.pixels[i] - flat.pixels[i];
		final double expected = Math.pow(0.02 * 255, 2);
		assertEquals(expected, TestImages.variance(difference), 0.05 * expected);
		assertEquals(0, TestImages.mean(difference), 0.1);
	}

	@Test
	void poissonNoiseVarianceFollowsTheSignal() {
		// 1000 photons at full scale: 1 % grey is 10 photons (drawn exactly), 20 % is 200 (normal approximation).
		final PoissonNoise noise = new PoissonNoise(Range.of(1000));
		final double[] photonMeans = { 10, 200 };
		final double[] variances = new double[2];
		for (int level = 0; level < 2; level++) {
			final FloatImage flat = TestImages.flat(128, 128, 1, (float) (photonMeans[level] / 1000), 1);
			final float[] photons = noise.apply(flat, new Random(7 + level)).pixels;
			for (int i = 0; i < photons.length; i++)
				photons[i] *= 1000;
			final double mean = TestImages.mean(photons);
			variances[level] = TestImages.variance(photons);
			assertEquals(photonMeans[level], mean, 0.02 * photonMeans[level], "mean at level " + level);
			assertEquals(mean, variances[level], 0.06 * mean, "variance at level " + level);
		}
		assertEquals(20, variances[1] / variances[0], 2);
	}

	@Test
	void saltAndPepperHitsTheRequestedFraction() {
		final FloatImage grey = TestImages.flat(200, 200, 2, 100, 255);
		final FloatImage hit = new SaltAndPepper(Range.of(0.05)).apply(grey, new Random(11));
		int salt = 0, pepper = 0;
		for (int p = 0; p < 200 * 200; p++) {
			final float first = hit.pixels[2 * p], second = hit.pixels[2 * p + 1];
			assertEquals(first, second, "both channels of a pixel are hit together");
			if (first == 255) salt++;
			else if (first == 0) pepper++;
			else assertEquals(100, first);
		}
		final double expected = 0.05 * 200 * 200;
		assertEquals(expected, salt + pepper, 0.1 * expected);
		assertEquals(0.5, salt / (double) (salt + pepper), 0.05);
	}

	@Test
	void blurReducesVarianceOfNoise() {
		final FloatImage noisy = TestImages.noise(64, 64, 100, 10, 255, 5);
		final FloatImage blurred = new GaussianBlur(Range.of(1.5)).apply(noisy, new Random(0));
		// White noise blurred by a Gaussian of sigma s keeps about 1 / (4 pi s^2) = 3.5 % of its variance.
		final double ratio = TestImages.variance(blurred.pixels) / TestImages.variance(noisy.pixels);
		assertTrue(ratio > 0.02 && ratio < 0.06, "variance ratio " + ratio);
		assertEquals(TestImages.mean(noisy.pixels), TestImages.mean(blurred.pixels), 0.5);
	}

	@Test
	void blurKeepsAConstantImageConstantUpToTheBorders() {
		final FloatImage blurred = new GaussianBlur(Range.of(2)).apply(TestImages.flat(10, 6, 1, 50, 255),
				new Random(0));
		for (final float v : blurred.pixels)
			assertEquals(50, v, 1e-4);
	}
}
