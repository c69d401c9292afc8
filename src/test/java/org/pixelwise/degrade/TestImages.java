package org.pixelwise.degrade;

import org.pixelwise.data.FloatImage;

import java.util.Random;

/** Small synthetic images for the degradation tests. */
final class TestImages {

	private TestImages() {}

	static FloatImage flat(final int width, final int height, final int channels, final float value,
			final float maxValue) {
		final float[] pixels = new float[width * height * channels];
		java.util.Arrays.fill(pixels, value);
		return new FloatImage(width, height, channels, pixels, maxValue);
	}

	/** Value {@code a + bx * x + by * y} in every channel. */
	static FloatImage ramp(final int width, final int height, final int channels, final float a,
			final float bx, final float by, final float maxValue) {
		final float[] pixels = new float[width * height * channels];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++)
				for (int c = 0; c < channels; c++)
					pixels[(y * width + x) * channels + c] = a + bx * x + by * y;
		return new FloatImage(width, height, channels, pixels, maxValue);
	}

	/** Gaussian noise of the given mean and standard deviation, one channel. */
	static FloatImage noise(final int width, final int height, final float mean, final float std,
			final float maxValue, final long seed) {
		final Random random = new Random(seed);
		final float[] pixels = new float[width * height];
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = (float) (mean + std * random.nextGaussian());
		return new FloatImage(width, height, 1, pixels, maxValue);
	}

	static double mean(final float[] values) {
		double sum = 0;
		for (final float v : values)
			sum += v;
		return sum / values.length;
	}

	static double variance(final float[] values) {
		final double mean = mean(values);
		double sum = 0;
		for (final float v : values)
			sum += (v - mean) * (v - mean);
		return sum / (values.length - 1);
	}
}
