package org.pixelwise.degrade;

import org.pixelwise.data.FloatImage;

import java.util.Locale;
import java.util.Random;

/**
 * Fewer pixels: the low-resolution input of a super-resolution pair. {@link Method#AREA} takes
 * the mean of each s x s block, as a point-scanning microscope does when it scans with s times
 * coarser pixels (PSSR); {@link Method#BICUBIC} is MATLAB's antialiased bicubic {@code imresize},
 * the usual choice for photographs.
 *
 * <p>The input is first cropped at its right and bottom to a multiple of the factor, so the output
 * is exactly floor(width / s) x floor(height / s) and each output pixel covers whole input pixels.
 */
public final class Downscale implements Degradation {

	/** How the pixels of a block become one. */
	public enum Method {
		/** Mean of each block (binning). */
		AREA,
		/** MATLAB-style antialiased bicubic resampling. */
		BICUBIC
	}

	public final Method method;
	public final int factor;

	public Downscale(final Method method, final int factor) {
		if (method == null) {
			throw new IllegalArgumentException("no downscale method given; use AREA or BICUBIC");
		}
		if (factor < 1) {
			throw new IllegalArgumentException("downscale factor " + factor + " is not valid; give 1 or more");
		}
		this.method = method;
		this.factor = factor;
	}

	@Override
	public FloatImage apply(final FloatImage image, final Random random) {
		final int outWidth = image.width / factor, outHeight = image.height / factor;
		if (outWidth == 0 || outHeight == 0) {
			throw new IllegalArgumentException("image " + image.width + "x" + image.height
					+ " is smaller than the downscale factor " + factor + "; give images of at least "
					+ factor + "x" + factor + " pixels");
		}
		final FloatImage cropped = image.crop(0, 0, outWidth * factor, outHeight * factor);
		if (factor == 1) return cropped;
		return method == Method.AREA ? blockMeans(cropped) : resize(cropped, outWidth, outHeight);
	}

	/**
	 * MATLAB-style bicubic resize to any size, up or down, antialiased when shrinking; for making
	 * bicubic baselines and for comparing outputs at the size of the original.
	 */
	public static FloatImage resize(final FloatImage image, final int newWidth, final int newHeight) {
		return Bicubic.resize(image, newWidth, newHeight);
	}

	private FloatImage blockMeans(final FloatImage in) {
		final int outWidth = in.width / factor, outHeight = in.height / factor, c = in.channels;
		final double[] sums = new double[outWidth * outHeight * c];
		for (int y = 0; y < in.height; y++) {
			for (int x = 0; x < in.width; x++) {
				final int to = ((y / factor) * outWidth + x / factor) * c;
				final int from = in.index(x, y, 0);
				for (int ch = 0; ch < c; ch++) {
					sums[to + ch] += in.pixels[from + ch];
				}
			}
		}
		final float[] means = new float[sums.length];
		final double area = (double) factor * factor;
		for (int i = 0; i < sums.length; i++) {
			means[i] = (float) (sums[i] / area);
		}
		return new FloatImage(outWidth, outHeight, c, means, in.maxValue);
	}

	@Override
	public String describe() {
		return method == Method.AREA
				? "area downscale by " + factor + " (mean of each " + factor + "x" + factor + " block)"
				: "bicubic downscale by " + factor + " (MATLAB imresize, antialiased)";
	}

	@Override
	public String toString() {
		return "downscale=" + method.name().toLowerCase(Locale.ROOT) + ":" + factor;
	}
}
