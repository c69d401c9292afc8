package org.pixelwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

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

class RestorationLossTest {

	private static final int SIZE = 64;

	/** The loss of y against x, and whether its gradient with respect to y is finite. */
	private static float[] lossAndGradientCheck(final String loss, final float[] x, final float[] y) {
		try (Graph graph = new Graph()) {
			final Ops tf = Ops.create(graph);
			final Placeholder<TFloat32> a = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1,
				SIZE, SIZE, 1)));
			final Placeholder<TFloat32> b = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1,
				SIZE, SIZE, 1)));
			final Operand<TFloat32> value = RestorationLoss.parse(loss).build(tf, b, a, 1);
			final Output<?> gradient = graph.addGradients(value.asOutput(), new Output<?>[] { b
				.asOutput() })[0];
			try (Session session = new Session(graph);
				TFloat32 ta = TFloat32.tensorOf(Shape.of(1, SIZE, SIZE, 1), DataBuffers.of(x, true, false));
				TFloat32 tb = TFloat32.tensorOf(Shape.of(1, SIZE, SIZE, 1), DataBuffers.of(y, true, false));
				Result result = session.runner().feed(a, ta).feed(b, tb).fetch(value).fetch(gradient).run())
			{
				final float[] g = new float[SIZE * SIZE];
				((TFloat32) result.get(1)).copyTo(DataBuffers.of(g, false, false));
				boolean finite = true;
				for (final float v : g)
					finite &= Float.isFinite(v);
				return new float[] { ((TFloat32) result.get(0)).getFloat(), finite ? 1 : 0 };
			}
		}
	}

	private static float[] image(final long seed, final double noise) {
		final Random random = new Random(seed);
		final float[] pixels = new float[SIZE * SIZE];
		for (int y = 0; y < SIZE; y++)
			for (int x = 0; x < SIZE; x++)
				pixels[y * SIZE + x] = (float) (0.5 + 0.3 * Math.sin(x * 0.3) * Math.cos(y * 0.2) + noise *
					random.nextGaussian());
		return pixels;
	}

	@Test
	void structuralLossesAreZeroForIdenticalImagesAndGrowWithNoise() {
		final float[] clean = image(1, 0);
		for (final String loss : new String[] { "ssim", "msssim", "0.84*msssim+0.16*l1" }) {
			assertEquals(0, lossAndGradientCheck(loss, clean, clean)[0], 1e-5, loss + " of identical images");
			final float[] slightly = lossAndGradientCheck(loss, clean, image(2, 0.02));
			final float[] badly = lossAndGradientCheck(loss, clean, image(2, 0.2));
			assertTrue(slightly[0] > 0 && badly[0] > slightly[0], loss + ": " + slightly[0] + " then " +
				badly[0]);
			assertEquals(1, badly[1], loss + " gradient must be finite");
		}
	}

	@Test
	void msssimParsesAndPrintsBack() {
		final RestorationLoss loss = RestorationLoss.parse("0.84*ms-ssim+0.16*l1");
		assertEquals(0.84, loss.msssim, 1e-12);
		assertEquals(loss.toString(), RestorationLoss.parse(loss.toString()).toString());
	}
}
