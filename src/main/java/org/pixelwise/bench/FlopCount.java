package org.pixelwise.bench;

import org.pixelwise.net.RestorationConfig;
import org.pixelwise.net.UNetConfig;

/**
 * Multiply-adds of one forward pass, counted from the layer shapes: a k x k convolution from
 * cin to cout maps costs k*k*cin*cout per output pixel, and a 2x2 stride-2 transposed
 * convolution cin*cout per output pixel (each output pixel gets one kernel tap). Batch norm,
 * ReLU, pooling, bicubic resizing and the loss are left out: they are a few operations per
 * value, under 1% of the convolutions. One multiply-add is 2 FLOP; a training step is counted
 * as 3 forward passes (forward, gradient of the input, gradient of the weights), the usual
 * estimate, slightly high for the first layer whose input gradient is not needed.
 */
final class FlopCount {

	private FlopCount() {}

	/** Multiply-adds of the U-Net on one {@code h} x {@code w} image. */
	static double unet(final UNetConfig c, final int h, final int w) {
		double macs = 0;
		int channels = c.inputChannels;
		for (int level = 0; level < c.depth; level++) {
			final int f = c.baseFilters << level;
			macs += block(channels, f, pixels(h, w, level));
			channels = f;
		}
		final int bottom = c.baseFilters << c.depth;
		macs += block(channels, bottom, pixels(h, w, c.depth));
		channels = bottom;
		for (int level = c.depth - 1; level >= 0; level--) {
			final int f = c.baseFilters << level;
			final double p = pixels(h, w, level);
			macs += c.upsampling == UNetConfig.Upsampling.TRANSPOSED ? p * channels * f : p * 9.0 *
				channels * f;
			macs += block(2 * f, f, p);
			channels = f;
		}
		return macs + (double) h * w * channels * c.outputChannels;
	}

	/** Multiply-adds of a 3-D U-Net on one {@code d} x {@code h} x {@code w} volume. */
	static double unet3d(final UNetConfig c, final int d, final int h, final int w) {
		double macs = 0;
		int channels = c.inputChannels;
		final double[] voxels = new double[c.depth + 1];
		double v = (double) d * h * w;
		for (int level = 0; level <= c.depth; level++) {
			voxels[level] = v;
			v /= level < c.depth && c.poolsZ(level) ? 8 : 4;
		}
		for (int level = 0; level < c.depth; level++) {
			final int f = c.baseFilters << level;
			macs += 27.0 * voxels[level] * (channels * f + f * f);
			channels = f;
		}
		final int bottom = c.baseFilters << c.depth;
		macs += 27.0 * voxels[c.depth] * (channels * bottom + bottom * bottom);
		channels = bottom;
		for (int level = c.depth - 1; level >= 0; level--) {
			final int f = c.baseFilters << level;
			macs += voxels[level] * channels * f; // one kernel tap per output voxel
			macs += 27.0 * voxels[level] * (2 * f * f + f * f);
			channels = f;
		}
		return macs + voxels[0] * channels * c.outputChannels;
	}

	/** Multiply-adds of ESPCN or EDSR on one {@code h} x {@code w} input image. */
	static double restoration(final RestorationConfig c, final int h, final int w) {
		final double p = (double) h * w;
		final int f = c.features, s = c.scale;
		switch (c.architecture) {
			case ESPCN:
				return p * (25.0 * c.channels * f + 9.0 * f * (f / 2) + 9.0 * (f / 2) * c.channels * s * s);
			case EDSR: {
				final double body = p * 9.0 * f * f * (2 * c.blocks + 1) + p * 9.0 * c.channels * f;
				// A x4 network upsamples twice by 2, the second time at twice the resolution.
				final double up = s == 4 ? p * 9.0 * f * f * 4 * (1 + 4) : s > 1 ? p * 9.0 * f * f * s * s
					: 0;
				return body + up + p * s * s * 9.0 * f * c.channels;
			}
			default:
				throw new IllegalArgumentException("no FLOP count for " + c.architecture +
					"; the benchmark times ESPCN and EDSR");
		}
	}

	private static double pixels(final int h, final int w, final int level) {
		return (double) (h >> level) * (w >> level);
	}

	private static double block(final int in, final int out, final double pixels) {
		return pixels * 9.0 * (in * out + out * out);
	}
}
