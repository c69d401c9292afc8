package org.pixelwise.degrade;

import java.util.Random;

/**
 * Blur by a Gaussian point spread function, as an out-of-focus or diffraction-limited optic
 * gives. The kernel is cut off at 3 sigma and borders are mirrored, so edges keep their
 * brightness.
 */
public final class GaussianBlur implements Degradation {

	/** Standard deviation of the blur in pixels; 0 leaves the image sharp. */
	public final Range sigma;

	public GaussianBlur(final Range sigma) {
		if (sigma.min < 0) {
			throw new IllegalArgumentException("blur sigma " + sigma + " is negative; give 0 or more pixels");
		}
		this.sigma = sigma;
	}

	@Override
	public FloatImage apply(final FloatImage image, final Random random) {
		final double s = sigma.draw(random);
		if (s <= 0) return image.copy();
		final FloatImage rows = SeparableFilter.alongRows(image, taps(image.width, s));
		return SeparableFilter.alongColumns(rows, taps(image.height, s));
	}

	private static SeparableFilter.Taps taps(final int length, final double s) {
		final int radius = (int) Math.ceil(3 * s);
		final double[] kernel = new double[2 * radius + 1];
		double sum = 0;
		for (int k = -radius; k <= radius; k++) {
			kernel[k + radius] = Math.exp(-k * k / (2 * s * s));
			sum += kernel[k + radius];
		}
		for (int k = 0; k < kernel.length; k++) {
			kernel[k] /= sum;
		}
		final int[][] positions = new int[length][kernel.length];
		final double[][] weights = new double[length][];
		for (int i = 0; i < length; i++) {
			for (int k = -radius; k <= radius; k++) {
				positions[i][k + radius] = SeparableFilter.mirror(i + k, length);
			}
			weights[i] = kernel;
		}
		return new SeparableFilter.Taps(positions, weights);
	}

	@Override
	public String describe() {
		return "Gaussian blur of sigma " + sigma.describe() + " pixels";
	}

	@Override
	public String toString() {
		return "blur=" + sigma;
	}
}
