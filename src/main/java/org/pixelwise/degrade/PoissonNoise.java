package org.pixelwise.degrade;

import org.pixelwise.data.FloatImage;

import java.util.Random;

/**
 * Shot noise of counting photons, the main noise of fluorescence and low-dose images. The image
 * is scaled so that full scale ({@link FloatImage#maxValue}) becomes a photon count drawn for each
 * image, each pixel's count is drawn from a Poisson distribution with that mean, and the counts
 * are scaled back. Fewer photons means noisier images; dark pixels get relatively more noise than
 * bright ones, as in a real detector. Results are clamped to 0..full scale.
 *
 * <p>Photon counts are drawn on a logarithmic scale so that 10 to 1000 photons picks each decade
 * equally often. Counts are drawn exactly up to a mean of 50; above it a
 * normal distribution with equal mean and variance is used, which is close at that size and
 * much faster.
 */
public final class PoissonNoise implements Degradation {

	/** Mean photon count above which the normal approximation is used. */
	static final double NORMAL_ABOVE = 50;

	/** Photon count that full scale stands for. */
	public final Range photons;

	public PoissonNoise(final Range photons) {
		if (!(photons.min > 0)) {
			throw new IllegalArgumentException("photon count " + photons
					+ " must be above 0; give e.g. 10-1000 photons at full scale");
		}
		this.photons = photons;
	}

	@Override
	public boolean pointwise() {
		return true;
	}

	@Override
	public FloatImage apply(final FloatImage image, final Random random) {
		final double perUnit = photons.drawLogarithmically(random) / image.maxValue;
		final float[] out = new float[image.pixels.length];
		for (int i = 0; i < out.length; i++) {
			final double mean = Math.max(0, image.pixels[i] * perUnit);
			out[i] = image.clamp(count(mean, random) / perUnit);
		}
		return image.withPixels(out);
	}

	static double count(final double mean, final Random random) {
		if (mean > NORMAL_ABOVE) {
			return mean + Math.sqrt(mean) * random.nextGaussian();
		}
		// Knuth: count uniform draws until their product falls below e^-mean.
		final double limit = Math.exp(-mean);
		int k = 0;
		double product = random.nextDouble();
		while (product > limit) {
			k++;
			product *= random.nextDouble();
		}
		return k;
	}

	@Override
	public String describe() {
		return "Poisson noise at " + photons.describe() + " photons full scale";
	}

	@Override
	public String toString() {
		return "poisson=" + photons;
	}
}
