package org.pixelwise.degrade;

import org.pixelwise.data.FloatImage;
import org.pixelwise.data.SeparableFilter;

/**
 * Bicubic resampling that gives the same numbers as MATLAB's {@code imresize(..., 'bicubic')}, the
 * resize that super-resolution papers use to make their low-resolution inputs and baselines, so
 * that results can be compared with published ones.
 *
 * <p>The cubic kernel has a = -0.5 (Keys). When shrinking by a factor s the kernel is stretched by
 * s and scaled by 1/s, which averages over the larger footprint of each output pixel and so
 * prevents aliasing. Output pixel i (0-based) reads input position {@code (i + 0.5) / scale - 0.5},
 * MATLAB's 1-based {@code u = x / scale + 0.5 * (1 - 1 / scale)} shifted by one; weights are
 * normalised per output pixel and positions outside the image are mirrored.
 */
final class Bicubic {

	private static final double A = -0.5;
	private static final double KERNEL_WIDTH = 4;

	private Bicubic() {}

	static FloatImage resize(final FloatImage in, final int newWidth, final int newHeight) {
		if (newWidth <= 0 || newHeight <= 0) {
			throw new IllegalArgumentException("cannot resize a " + in.width + "x" + in.height + " image to "
					+ newWidth + "x" + newHeight + "; give a positive width and height");
		}
		FloatImage out = in;
		// An unchanged axis would be filtered with weights 1, 0, 0, ... : skip the work.
		if (newWidth != in.width) out = SeparableFilter.alongRows(out, taps(in.width, newWidth));
		if (newHeight != in.height) out = SeparableFilter.alongColumns(out, taps(in.height, newHeight));
		return out == in ? in.copy() : out;
	}

	/** The input positions and weights for each output position when a line changes length. */
	static SeparableFilter.Taps taps(final int inLength, final int outLength) {
		final double scale = (double) outLength / inLength;
		final boolean shrinking = scale < 1;
		final double width = shrinking ? KERNEL_WIDTH / scale : KERNEL_WIDTH;
		final int count = (int) Math.ceil(width) + 2;
		final int[][] positions = new int[outLength][count];
		final double[][] weights = new double[outLength][count];
		for (int i = 0; i < outLength; i++) {
			final double u = (i + 0.5) / scale - 0.5;
			final int left = (int) Math.floor(u - width / 2);
			double sum = 0;
			for (int t = 0; t < count; t++) {
				final double distance = u - (left + t);
				final double w = shrinking ? scale * cubic(scale * distance) : cubic(distance);
				positions[i][t] = SeparableFilter.mirror(left + t, inLength);
				weights[i][t] = w;
				sum += w;
			}
			for (int t = 0; t < count; t++) {
				weights[i][t] /= sum;
			}
		}
		return new SeparableFilter.Taps(positions, weights);
	}

	/** Keys' cubic convolution kernel, zero beyond distance 2. */
	static double cubic(final double x) {
		final double d = Math.abs(x);
		if (d <= 1) return ((A + 2) * d - (A + 3)) * d * d + 1;
		if (d < 2) return ((A * d - 5 * A) * d + 8 * A) * d - 4 * A;
		return 0;
	}
}
