package org.pixelwise.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The registered 3-D convolution gradients against central finite differences of
 * sum(y * r), r a fixed random weighting, for both inputs of each op. Computed in double
 * precision on the Java side from float outputs, so the tolerance is relative (2%).
 */
class VolumeGradientsTest {

	private static final List<Long> UNIT = Arrays.asList(1L, 1L, 1L, 1L, 1L);
	private static final List<Long> UP = Arrays.asList(1L, 2L, 2L, 2L, 1L);

	@Test
	void conv3dGradientsMatchFiniteDifferences() {
		// x [1, 4, 5, 6, 2], w [3, 3, 3, 2, 3] -> y [1, 4, 5, 6, 3]
		check(new long[] { 1, 4, 5, 6, 2 }, new long[] { 3, 3, 3, 2, 3 }, (tf, in) -> tf.nn.conv3d(
			in[0], in[1], UNIT, "SAME"));
	}

	@Test
	void transposedConv3dGradientsMatchFiniteDifferences() {
		// x [1, 2, 3, 3, 3] upsampled by 2 in z, y and x with w [2, 2, 2, 2 out, 3 in]
		check(new long[] { 1, 2, 3, 3, 3 }, new long[] { 2, 2, 2, 2, 3 }, (tf, in) -> tf.nn
			.conv3dBackpropInput(tf.constant(new int[] { 1, 4, 6, 6, 2 }), in[1], in[0], UP, "SAME"));
	}

	@Test
	void registeringTwiceIsHarmless() {
		VolumeGradients.register();
		VolumeGradients.register();
	}

	@SuppressWarnings("unchecked")
	private static void check(final long[] xShape, final long[] wShape,
		final BiFunction<Ops, Operand<TFloat32>[], Operand<TFloat32>> op)
	{
		VolumeGradients.register();
		final Random random = new Random(7);
		final float[] x = randoms(random, xShape);
		final float[] w = randoms(random, wShape);
		try (Graph g = new Graph()) {
			final Ops tf = Ops.create(g);
			final Placeholder<TFloat32> px = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(
				xShape)));
			final Placeholder<TFloat32> pw = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(
				wShape)));
			final Operand<TFloat32> y = op.apply(tf, new Operand[] { px, pw });
			final Operand<TFloat32> r = tf.stopGradient(tf.random.statelessRandomNormal(tf.shape(y), tf
				.constant(new long[] { 3, 4 }), TFloat32.class));
			final Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(y, r), tf.range(tf.constant(0), tf
				.rank(y), tf.constant(1)));
			final Output<?>[] grads = g.addGradients(loss.asOutput(), new Output<?>[] { px.asOutput(), pw
				.asOutput() });
			try (Session s = new Session(g)) {
				final float[][] analytic = { new float[x.length], new float[w.length] };
				try (TFloat32 tx = tensor(x, xShape); TFloat32 tw = tensor(w, wShape);
					Result result = s.runner().feed(px, tx).feed(pw, tw).fetch(grads[0]).fetch(grads[1]).run())
				{
					((TFloat32) result.get(0)).copyTo(DataBuffers.of(analytic[0], false, false));
					((TFloat32) result.get(1)).copyTo(DataBuffers.of(analytic[1], false, false));
				}
				final float[][] values = { x, w };
				double checked = 0;
				for (int which = 0; which < 2; which++) {
					final float[] v = values[which];
					for (int k = 0; k < 12; k++) {
						final int i = random.nextInt(v.length);
						final float keep = v[i];
						final float h = 1e-2f;
						v[i] = keep + h;
						final double plus = lossOf(s, px, pw, loss, x, xShape, w, wShape);
						v[i] = keep - h;
						final double minus = lossOf(s, px, pw, loss, x, xShape, w, wShape);
						v[i] = keep;
						final double numeric = (plus - minus) / (2 * h);
						assertEquals(numeric, analytic[which][i], 0.02 * Math.max(1, Math.abs(numeric)),
							(which == 0 ? "input" : "filter") + " gradient at " + i);
						checked += Math.abs(numeric);
					}
				}
				assertTrue(checked > 1, "the gradients checked are not all zero: " + checked);
			}
		}
	}

	private static double lossOf(final Session s, final Placeholder<TFloat32> px,
		final Placeholder<TFloat32> pw, final Operand<TFloat32> loss, final float[] x,
		final long[] xShape, final float[] w, final long[] wShape)
	{
		try (TFloat32 tx = tensor(x, xShape); TFloat32 tw = tensor(w, wShape);
			Result result = s.runner().feed(px, tx).feed(pw, tw).fetch(loss).run())
		{
			return ((TFloat32) result.get(0)).getFloat();
		}
	}

	private static TFloat32 tensor(final float[] values, final long[] shape) {
		return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
	}

	private static float[] randoms(final Random random, final long[] shape) {
		final float[] v = new float[(int) Shape.of(shape).size()];
		for (int i = 0; i < v.length; i++)
			v[i] = (float) random.nextGaussian();
		return v;
	}
}
