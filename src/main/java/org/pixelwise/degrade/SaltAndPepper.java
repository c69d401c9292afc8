package org.pixelwise.degrade;

import org.pixelwise.data.FloatImage;

import java.util.Random;

/**
 * Isolated black and white pixels, as dead and hot detector pixels or dust give: each pixel is,
 * with the drawn probability, set to 0 or to full scale (in all its channels), each equally likely.
 */
public final class SaltAndPepper implements Degradation {

	/** The share of pixels hit, 0 to 1. */
	public final Range fraction;

	public SaltAndPepper(final Range fraction) {
		if (!fraction.isWithin(0, 1)) {
			throw new IllegalArgumentException("salt-and-pepper fraction " + fraction
					+ " is not between 0 and 1; give the share of pixels to hit, e.g. 0.001");
		}
		this.fraction = fraction;
	}

	@Override
	public boolean pointwise() {
		return true;
	}

	@Override
	public FloatImage apply(final FloatImage image, final Random random) {
		final double chance = fraction.draw(random);
		final float[] out = image.pixels.clone();
		final int c = image.channels;
		for (int p = 0; p < image.width * image.height; p++) {
			if (random.nextDouble() < chance) {
				final float value = random.nextBoolean() ? image.maxValue : 0;
				for (int ch = 0; ch < c; ch++) {
					out[p * c + ch] = value;
				}
			}
		}
		return image.withPixels(out);
	}

	@Override
	public String describe() {
		return "salt-and-pepper on " + fraction.describe() + " of pixels";
	}

	@Override
	public String toString() {
		return "saltpepper=" + fraction;
	}
}
