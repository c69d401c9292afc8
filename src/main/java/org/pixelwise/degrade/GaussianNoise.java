package org.pixelwise.degrade;

import org.pixelwise.data.FloatImage;

import java.util.Random;

/**
 * Additive Gaussian noise, the read noise of a camera or detector amplifier: the same spread
 * everywhere, whatever the signal. The standard deviation is given as a fraction of full scale
 * ({@link FloatImage#maxValue}), so one setting suits 8-bit and 16-bit images. Results are clamped
 * to 0..full scale.
 */
public final class GaussianNoise implements Degradation {

	/** Standard deviation as a fraction of full scale, e.g. 0.01 to 0.03. */
	public final Range deviation;

	public GaussianNoise(final Range deviation) {
		if (deviation.min < 0) {
			throw new IllegalArgumentException("noise standard deviation " + deviation
					+ " is negative; give a fraction of full scale of 0 or more, e.g. 0.01-0.03");
		}
		this.deviation = deviation;
	}

	@Override
	public boolean pointwise() {
		return true;
	}

	@Override
	public FloatImage apply(final FloatImage image, final Random random) {
		final double std = deviation.draw(random) * image.maxValue;
		final float[] out = new float[image.pixels.length];
		for (int i = 0; i < out.length; i++) {
			out[i] = image.clamp(image.pixels[i] + std * random.nextGaussian());
		}
		return image.withPixels(out);
	}

	@Override
	public String describe() {
		return "Gaussian read noise of " + deviation.describe() + " of full scale";
	}

	@Override
	public String toString() {
		return "gaussian=" + deviation;
	}
}
