package org.pixelwise.data;

/**
 * Filtering along one axis at a time, which both bicubic resampling and Gaussian blur reduce to:
 * each output position is a weighted sum of a few input positions on the same line. Positions
 * outside the image are mirrored with the edge pixel repeated (MATLAB's "symmetric" padding), so
 * borders neither darken nor wrap around.
 */
public final class SeparableFilter {

	/** For each output position along a line: the input positions it reads and their weights. */
	public static final class Taps {
		public final int[][] positions;
		public final double[][] weights;

		public Taps(final int[][] positions, final double[][] weights) {
			this.positions = positions;
			this.weights = weights;
		}

		int length() {
			return positions.length;
		}
	}

	private SeparableFilter() {}

	/** Filters each row; the output width is the number of taps. */
	public static FloatImage alongRows(final FloatImage in, final Taps taps) {
		final int outWidth = taps.length(), c = in.channels;
		final float[] out = new float[outWidth * in.height * c];
		for (int y = 0; y < in.height; y++) {
			final int row = y * in.width;
			for (int x = 0; x < outWidth; x++) {
				final int[] from = taps.positions[x];
				final double[] weight = taps.weights[x];
				for (int ch = 0; ch < c; ch++) {
					double sum = 0;
					for (int t = 0; t < from.length; t++) {
						sum += weight[t] * in.pixels[(row + from[t]) * c + ch];
					}
					out[(y * outWidth + x) * c + ch] = (float) sum;
				}
			}
		}
		return new FloatImage(outWidth, in.height, c, out, in.maxValue);
	}

	/** Filters each column; the output height is the number of taps. */
	public static FloatImage alongColumns(final FloatImage in, final Taps taps) {
		final int outHeight = taps.length(), c = in.channels, line = in.width * c;
		final float[] out = new float[in.width * outHeight * c];
		for (int y = 0; y < outHeight; y++) {
			final int[] from = taps.positions[y];
			final double[] weight = taps.weights[y];
			for (int i = 0; i < line; i++) {
				double sum = 0;
				for (int t = 0; t < from.length; t++) {
					sum += weight[t] * in.pixels[from[t] * line + i];
				}
				out[y * line + i] = (float) sum;
			}
		}
		return new FloatImage(in.width, outHeight, c, out, in.maxValue);
	}

	/** An image blurred in x and y by a Gaussian of {@code sigma} pixels (more than 0). */
	public static FloatImage gaussian(final FloatImage image, final double sigma) {
		return alongColumns(alongRows(image, gaussianTaps(image.width, sigma)), gaussianTaps(
			image.height, sigma));
	}

	/** Taps of a Gaussian of {@code s} pixels, 3 sigma wide, along a line of {@code length}. */
	public static Taps gaussianTaps(final int length, final double s) {
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
				positions[i][k + radius] = mirror(i + k, length);
			}
			weights[i] = kernel;
		}
		return new Taps(positions, weights);
	}

	/** The position inside 0..length-1 that {@code position} mirrors to: ..., 1, 0 | 0, 1, ..., n-1 | n-1, n-2, ... */
	public static int mirror(final int position, final int length) {
		final int period = 2 * length;
		final int folded = Math.floorMod(position, period);
		return folded < length ? folded : period - 1 - folded;
	}
}
