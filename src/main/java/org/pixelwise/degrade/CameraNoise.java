package org.pixelwise.degrade;

import org.pixelwise.data.FloatImage;

import java.util.Random;

/**
 * A camera's noise on a clean image, as {@link NoiseModel} describes it: each pixel's level
 * above the offset becomes photo-electrons with Poisson noise, and read noise is added, all in
 * the image's grey levels. With the model measured from a user's own noisy images, a network
 * trained on clean images degraded this way sees the noise it will meet.
 * Syntax: {@code camera=GAIN:READ_NOISE[:OFFSET]}.
 */
public final class CameraNoise implements Degradation {

	public final NoiseModel model;

	public CameraNoise(final NoiseModel model) {
		this.model = model;
	}

	static CameraNoise parse(final String value) {
		final String[] parts = value.split(":");
		if (parts.length < 2 || parts.length > 3) throw new IllegalArgumentException(
			"camera takes GAIN:READ_NOISE or GAIN:READ_NOISE:OFFSET in grey levels, e.g. camera=2.1:3.5" +
				" (Pixelwise Measure Noise prints it for your images)");
		try {
			return new CameraNoise(new NoiseModel(Double.parseDouble(parts[0].trim()), Double
				.parseDouble(parts[1].trim()), parts.length > 2 ? Double.parseDouble(parts[2].trim())
					: 0));
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("camera=" + value + " is not GAIN:READ_NOISE[:OFFSET] " +
				"numbers, e.g. camera=2.1:3.5");
		}
	}

	@Override
	public boolean pointwise() {
		return true;
	}

	@Override
	public FloatImage apply(final FloatImage image, final Random random) {
		final float[] out = new float[image.pixels.length];
		final double gain = model.gain;
		for (int i = 0; i < out.length; i++) {
			final double electrons = Math.max(0, image.pixels[i] - model.offset) / Math.max(gain,
				1e-12);
			final double signal = gain > 0 ? gain * PoissonNoise.count(electrons, random) : 0;
			out[i] = image.clamp(model.offset + signal + model.readNoise * random.nextGaussian());
		}
		return image.withPixels(out);
	}

	@Override
	public String describe() {
		return "camera noise (" + model + ")";
	}

	@Override
	public String toString() {
		return model.degradation();
	}
}
