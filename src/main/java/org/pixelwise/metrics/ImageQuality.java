package org.pixelwise.metrics;

/**
 * Full-reference image quality of a restored single-channel image against its ground truth:
 * peak signal-to-noise ratio (PSNR) and the structural similarity index (SSIM), the two figures
 * by which super-resolution and restoration results are compared in the literature.
 *
 * <p>SSIM follows Wang, Bovik, Sheikh and Simoncelli (IEEE TIP 2004) and their reference
 * MATLAB code {@code ssim_index.m}: local means, variances and covariance are taken under an
 * 11x11 Gaussian window with standard deviation 1.5, the constants are
 * {@code C1 = (0.01 L)^2} and {@code C2 = (0.03 L)^2} with {@code L} the peak value, and the
 * SSIM map is averaged over the "valid" window positions only, those where the whole window lies
 * inside the image, so an image shrinks by 5 pixels on each side and no padding is invented. The
 * super-resolution papers whose tables we compare with computed SSIM with this code; MATLAB's
 * later {@code ssim} function pads the image and averages over every pixel instead, which gives
 * slightly different numbers. Neither the reference code's optional downsampling of large images
 * (in its 2009 revision) nor any other preprocessing is applied.
 *
 * <p>Images are {@code float[]} in row-major order, one value per pixel. {@link #shave} cuts
 * away a border first, as the super-resolution protocol does, because the outermost pixels of an
 * upscaled image depend on how the image edge was extended, not on the method being judged.
 */
public final class ImageQuality {

	/** Side of the SSIM window. */
	private static final int WINDOW = 11;

	/** Standard deviation of the SSIM window's Gaussian. */
	private static final double WINDOW_SIGMA = 1.5;

	private static final double K1 = 0.01;
	private static final double K2 = 0.03;

	private ImageQuality() {
	}

	/**
	 * Returns {@code 10 log10(peak^2 / MSE)} in dB, with MSE the mean squared difference of the
	 * two images; infinite when they are equal.
	 *
	 * @param peak the largest value a pixel can take, e.g. 255 for 8-bit images or 1 for images
	 *            scaled to 0..1
	 */
	public static double psnr(final float[] restored, final float[] truth, final double peak) {
		checkSameLength(restored, truth);
		if (restored.length == 0) {
			throw new IllegalArgumentException("cannot compute PSNR of an empty image");
		}
		double squaredError = 0;
		for (int i = 0; i < restored.length; i++) {
			final double difference = (double) restored[i] - truth[i];
			squaredError += difference * difference;
		}
		final double meanSquaredError = squaredError / restored.length;
		return 10 * Math.log10(peak * peak / meanSquaredError);
	}

	/**
	 * Returns the mean SSIM of the two images over all positions where the 11x11 window fits
	 * inside them; 1 for equal images. Both images must be at least 11x11.
	 *
	 * @param peak the dynamic range {@code L} that scales SSIM's stabilising constants, e.g.
	 *            255 for 8-bit images
	 */
	public static double ssim(final float[] restored, final float[] truth, final int width,
			final int height, final double peak) {
		checkSameLength(restored, truth);
		checkSize(restored, width, height);
		if (width < WINDOW || height < WINDOW) {
			throw new IllegalArgumentException("SSIM needs images of at least " + WINDOW + "x"
					+ WINDOW + " pixels but got " + width + "x" + height
					+ "; use PSNR for smaller images");
		}
		final double c1 = (K1 * peak) * (K1 * peak);
		final double c2 = (K2 * peak) * (K2 * peak);
		final double[] x = new double[restored.length];
		final double[] y = new double[restored.length];
		final double[] xx = new double[restored.length];
		final double[] yy = new double[restored.length];
		final double[] xy = new double[restored.length];
		for (int i = 0; i < restored.length; i++) {
			x[i] = restored[i];
			y[i] = truth[i];
			xx[i] = x[i] * x[i];
			yy[i] = y[i] * y[i];
			xy[i] = x[i] * y[i];
		}
		final double[] window = gaussianWindow();
		final double[] meanX = filterValid(x, width, height, window);
		final double[] meanY = filterValid(y, width, height, window);
		final double[] meanXX = filterValid(xx, width, height, window);
		final double[] meanYY = filterValid(yy, width, height, window);
		final double[] meanXY = filterValid(xy, width, height, window);
		double total = 0;
		for (int i = 0; i < meanX.length; i++) {
			final double muX = meanX[i];
			final double muY = meanY[i];
			final double varianceX = meanXX[i] - muX * muX;
			final double varianceY = meanYY[i] - muY * muY;
			final double covariance = meanXY[i] - muX * muY;
			total += (2 * muX * muY + c1) * (2 * covariance + c2)
					/ ((muX * muX + muY * muY + c1) * (varianceX + varianceY + c2));
		}
		return total / meanX.length;
	}

	/**
	 * Returns the image without a border of {@code border} pixels on each side, a
	 * {@code (width - 2 border) x (height - 2 border)} image with the same pixel order.
	 */
	public static float[] shave(final float[] image, final int width, final int height,
			final int border) {
		checkSize(image, width, height);
		if (border < 0 || 2 * border >= width || 2 * border >= height) {
			throw new IllegalArgumentException("cannot shave " + border + " pixels from each side"
					+ " of a " + width + "x" + height + " image; give a border between 0 and "
					+ ((Math.min(width, height) - 1) / 2));
		}
		final int shavedWidth = width - 2 * border;
		final int shavedHeight = height - 2 * border;
		final float[] shaved = new float[shavedWidth * shavedHeight];
		for (int y = 0; y < shavedHeight; y++) {
			System.arraycopy(image, (y + border) * width + border, shaved, y * shavedWidth,
					shavedWidth);
		}
		return shaved;
	}

	/** The normalised 1-D Gaussian whose outer product with itself is the SSIM window. */
	private static double[] gaussianWindow() {
		final double[] window = new double[WINDOW];
		final int radius = WINDOW / 2;
		double total = 0;
		for (int i = 0; i < WINDOW; i++) {
			final double d = i - radius;
			window[i] = Math.exp(-d * d / (2 * WINDOW_SIGMA * WINDOW_SIGMA));
			total += window[i];
		}
		for (int i = 0; i < WINDOW; i++) {
			window[i] /= total;
		}
		return window;
	}

	/**
	 * Weighted window sums at every position where the window fits inside the image, filtering
	 * rows then columns because the Gaussian window is separable.
	 */
	private static double[] filterValid(final double[] image, final int width, final int height,
			final double[] window) {
		final int outWidth = width - WINDOW + 1;
		final int outHeight = height - WINDOW + 1;
		final double[] alongRows = new double[outWidth * height];
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < outWidth; x++) {
				double sum = 0;
				for (int k = 0; k < WINDOW; k++) {
					sum += window[k] * image[y * width + x + k];
				}
				alongRows[y * outWidth + x] = sum;
			}
		}
		final double[] filtered = new double[outWidth * outHeight];
		for (int y = 0; y < outHeight; y++) {
			for (int x = 0; x < outWidth; x++) {
				double sum = 0;
				for (int k = 0; k < WINDOW; k++) {
					sum += window[k] * alongRows[(y + k) * outWidth + x];
				}
				filtered[y * outWidth + x] = sum;
			}
		}
		return filtered;
	}

	private static void checkSameLength(final float[] restored, final float[] truth) {
		if (restored.length != truth.length) {
			throw new IllegalArgumentException("restored image has " + restored.length
					+ " pixels but ground truth has " + truth.length
					+ "; compare images of the same size");
		}
	}

	private static void checkSize(final float[] image, final int width, final int height) {
		if (width < 1 || height < 1 || image.length != width * height) {
			throw new IllegalArgumentException("image has " + image.length + " pixels, which is"
					+ " not " + width + "x" + height + "; check width and height");
		}
	}

	/**
	 * The mean over channels of {@link #ssim} with peak 1, for images whose channels are
	 * interleaved (RGB pixel after pixel).
	 */
	public static double meanSsim(final float[] a, final float[] b, final int width,
		final int height, final int channels)
	{
		double sum = 0;
		for (int c = 0; c < channels; c++)
			sum += ssim(channel(a, c, channels), channel(b, c, channels), width, height, 1);
		return sum / channels;
	}

	private static float[] channel(final float[] image, final int c, final int channels) {
		final float[] plane = new float[image.length / channels];
		for (int i = 0; i < plane.length; i++)
			plane[i] = image[i * channels + c];
		return plane;
	}
}
