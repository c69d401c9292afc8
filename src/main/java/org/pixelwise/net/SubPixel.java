package org.pixelwise.net;

import java.util.Random;

import org.pixelwise.net.Parameters.Role;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A sub-pixel convolution (Shi et al. 2016): a convolution to {@code channels * scale^2} maps
 * that a pixel shuffle (TensorFlow's DepthToSpace) rearranges into an image {@code scale}
 * times larger. Its kernel is initialised with ICNR (Aitken et al. 2017): one random kernel per
 * output channel, copied to all {@code scale^2} sub-pixel positions, so that at the start it
 * behaves exactly like nearest-neighbour upsampling of a normal convolution and produces no
 * checkerboard artefacts.
 */
public final class SubPixel {

	private SubPixel() {}

	/** A 3x3 sub-pixel convolution from {@code in} features to {@code out} channels, x{@code scale}. */
	public static Operand<TFloat32> upsample(final Ops tf, final Parameters parameters,
		final String name, final Operand<TFloat32> x, final int in, final int out, final int scale)
	{
		return upsample(tf, parameters, name, x, in, out, scale, 1);
	}

	/**
	 * As {@link #upsample(Ops, Parameters, String, Operand, int, int, int)}, with the initial
	 * kernel scaled by {@code gain}: a small gain starts a residual branch near zero, so a
	 * network that adds to a bicubic upsampling starts out as good as bicubic.
	 */
	public static Operand<TFloat32> upsample(final Ops tf, final Parameters parameters,
		final String name, final Operand<TFloat32> x, final int in, final int out, final int scale,
		final double gain)
	{
		final int subPixels = scale * scale;
		final Parameters.Initializer icnr = icnr(9L * in, out, subPixels);
		final Operand<TFloat32> kernel = parameters.variable(name + "/kernel", new long[] { 3, 3, in,
			(long) out * subPixels }, Role.WEIGHT, (shape, random) -> {
				final float[] values = icnr.values(shape, random);
				for (int i = 0; i < values.length; i++)
					values[i] *= gain;
				return values;
			});
		final Operand<TFloat32> bias = parameters.variable(name + "/bias", new long[] { (long) out *
			subPixels }, Role.WEIGHT, Parameters.constant(0f));
		final Operand<TFloat32> conv = tf.nn.biasAdd(tf.nn.conv2d(x, kernel, java.util.Arrays.asList(1L,
			1L, 1L, 1L), "SAME"), bias);
		return scale == 1 ? conv : tf.nn.depthToSpace(conv, (long) scale);
	}

	/**
	 * ICNR: He-normal weights for {@code out} channels, each repeated for the sub-pixels. In
	 * NHWC DepthToSpace, channel {@code k * out + c} becomes sub-pixel {@code k} of output
	 * channel {@code c}, so copies of channel {@code c} go to every {@code k}.
	 */
	public static Parameters.Initializer icnr(final long fanIn, final int out, final int subPixels) {
		return (shape, random) -> {
			final int taps = (int) (shape[0] * shape[1] * shape[2]);
			final float[] base = he(taps * out, fanIn, random);
			final float[] values = new float[taps * out * subPixels];
			for (int t = 0; t < taps; t++)
				for (int k = 0; k < subPixels; k++)
					System.arraycopy(base, t * out, values, (t * subPixels + k) * out, out);
			return values;
		};
	}

	private static float[] he(final int n, final long fanIn, final Random random) {
		final float[] values = new float[n];
		final double std = Math.sqrt(2.0 / fanIn);
		for (int i = 0; i < n; i++)
			values[i] = (float) (random.nextGaussian() * std);
		return values;
	}
}
