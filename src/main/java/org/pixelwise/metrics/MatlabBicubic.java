package org.pixelwise.metrics;

/**
 * Bicubic resizing that gives the same numbers as MATLAB's {@code imresize(image, scale,
 * 'bicubic')}, the resize with which the super-resolution literature makes its low-resolution
 * inputs and its bicubic baseline. Matching it matters: a different bicubic (another kernel,
 * another pixel-centre convention, no antialiasing) can shift the baseline PSNR by tenths of a dB,
 * which is as large as the gaps between published methods.
 *
 * <p>What makes it MATLAB's: the cubic convolution kernel with {@code a = -0.5} (Keys 1981); when
 * shrinking, the kernel is stretched by {@code 1/scale} so that it averages over every input pixel
 * an output pixel covers (antialiasing); output pixel {@code x} (1-based) is centred on input
 * coordinate {@code u = x / scale + 0.5 * (1 - 1 / scale)}, which keeps pixel areas, not pixel
 * corners, aligned; samples outside the image are mirrored with the edge pixel repeated
 * ({@code ... 2 1 1 2 ...}); and each output pixel's weights are divided by their sum, so
 * constants stay constant up to the border. Height is resized before width, as MATLAB does
 * when both dimensions change by the same factor; with unrounded values the order matters only
 * through float rounding.
 *
 * <p>Images are {@code float[]} with the channels of a pixel next to each other (index
 * {@code (y * width + x) * channels + c}); each channel is resized on its own.
 */
public final class MatlabBicubic {

	/** Keys' cubic convolution parameter; MATLAB's bicubic uses -0.5. */
	private static final double A = -0.5;

	/** The cubic kernel is nonzero on (-2, 2). */
	private static final double KERNEL_WIDTH = 4;

	private MatlabBicubic() {
	}

	/**
	 * Returns the image resized to {@code newWidth x newHeight}, with unrounded values as MATLAB
	 * gives for a floating-point image. Values may overshoot the input range near edges, as
	 * cubic interpolation does.
	 *
	 * @param image {@code width * height * channels} values, channels of a pixel adjacent
	 */
	public static float[] resize(final float[] image, final int width, final int height,
			final int channels, final int newWidth, final int newHeight) {
		checkSizes(image, width, height, channels, newWidth, newHeight);
		final Contributions rows = new Contributions(height, newHeight);
		final Contributions columns = new Contributions(width, newWidth);
		final float[] resizedRows = new float[width * newHeight * channels];
		for (int y = 0; y < newHeight; y++) {
			for (int x = 0; x < width; x++) {
				for (int c = 0; c < channels; c++) {
					double sum = 0;
					for (int k = 0; k < rows.indices[y].length; k++) {
						sum += rows.weights[y][k]
								* image[(rows.indices[y][k] * width + x) * channels + c];
					}
					resizedRows[(y * width + x) * channels + c] = (float) sum;
				}
			}
		}
		final float[] resized = new float[newWidth * newHeight * channels];
		for (int y = 0; y < newHeight; y++) {
			for (int x = 0; x < newWidth; x++) {
				for (int c = 0; c < channels; c++) {
					double sum = 0;
					for (int k = 0; k < columns.indices[x].length; k++) {
						sum += columns.weights[x][k]
								* resizedRows[(y * width + columns.indices[x][k]) * channels + c];
					}
					resized[(y * newWidth + x) * channels + c] = (float) sum;
				}
			}
		}
		return resized;
	}

	/**
	 * Keys' cubic convolution kernel with {@code a = -0.5}: 1 at 0, 0 at the other integers, and
	 * a smooth interpolant in between.
	 */
	private static double cubic(final double x) {
		final double t = Math.abs(x);
		if (t <= 1) {
			return ((A + 2) * t - (A + 3)) * t * t + 1;
		}
		if (t < 2) {
			return ((A * t - 5 * A) * t + 8 * A) * t - 4 * A;
		}
		return 0;
	}

	private static void checkSizes(final float[] image, final int width, final int height,
			final int channels, final int newWidth, final int newHeight) {
		if (width < 1 || height < 1 || channels < 1 || newWidth < 1 || newHeight < 1) {
			throw new IllegalArgumentException("cannot resize a " + width + "x" + height + "x"
					+ channels + " image to " + newWidth + "x" + newHeight
					+ "; give sizes and channel count of at least 1");
		}
		if (image.length != width * height * channels) {
			throw new IllegalArgumentException("image has " + image.length + " values but "
					+ width + "x" + height + " with " + channels + " channels needs "
					+ width * height * channels + "; check width, height and channels");
		}
	}

	/**
	 * For each output pixel along one axis, the input pixels it is made from and their weights,
	 * computed once per axis because every row (or column) uses the same ones.
	 */
	private static final class Contributions {

		final int[][] indices;
		final double[][] weights;

		Contributions(final int inLength, final int outLength) {
			final double scale = (double) outLength / inLength;
			// Shrinking stretches the kernel so each output averages all the input it covers.
			final double stretch = scale < 1 ? scale : 1;
			final double width = KERNEL_WIDTH / stretch;
			final int taps = (int) Math.ceil(width) + 2;
			indices = new int[outLength][taps];
			weights = new double[outLength][taps];
			for (int x = 0; x < outLength; x++) {
				final double u = (x + 1) / scale + 0.5 * (1 - 1 / scale);
				final long left = (long) Math.floor(u - width / 2);
				double total = 0;
				for (int k = 0; k < taps; k++) {
					final long position = left + k;
					weights[x][k] = cubic(stretch * (u - position));
					total += weights[x][k];
					indices[x][k] = mirror(position, inLength);
				}
				for (int k = 0; k < taps; k++) {
					weights[x][k] /= total;
				}
			}
		}

		/** Maps a 1-based position outside {@code 1..length} into it, repeating the edge. */
		private static int mirror(final long position, final int length) {
			final long period = 2L * length;
			final long folded = Math.floorMod(position - 1, period);
			final long inside = folded < length ? folded : period - 1 - folded;
			return (int) inside;
		}
	}
}
