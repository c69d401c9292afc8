package org.pixelwise.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.pixelwise.device.Device;
import org.pixelwise.net.RestorationConfig.Architecture;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class RestorationNetTest {

	/** Runs a freshly initialised network on a random image and returns its output. */
	private static float[] firstOutput(final RestorationConfig config, final int size,
		final long[] shape)
	{
		try (Graph graph = new Graph()) {
			final Ops tf = Ops.create(graph);
			final Parameters parameters = new Parameters(tf);
			final Placeholder<TFloat32> input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(
				-1, -1, -1, config.channels)));
			final Operand<TFloat32> output = new RestorationNet(tf, parameters, config).build(input);
			final float[] pixels = new float[size * size * config.channels];
			final Random random = new Random(5);
			for (int i = 0; i < pixels.length; i++)
				pixels[i] = random.nextFloat();
			try (Session session = new Session(graph, Device.cpu().sessionConfig())) {
				parameters.initialize(session, 3);
				try (TFloat32 in = TFloat32.tensorOf(Shape.of(1, size, size, config.channels), DataBuffers.of(
					pixels, true, false)); Result result = session.runner().feed(input, in).fetch(output).run())
				{
					final TFloat32 out = (TFloat32) result.get(0);
					final long[] actual = out.shape().asArray();
					System.arraycopy(actual, 0, shape, 0, actual.length);
					final float[] values = new float[(int) out.shape().size()];
					out.copyTo(DataBuffers.of(values, false, false));
					return values;
				}
			}
		}
	}

	/** Largest difference between a pixel and its neighbours inside the same s x s block. */
	private static double withinBlockDifference(final float[] image, final int size, final int c,
		final int scale)
	{
		double max = 0;
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++) {
				final int bx = x / scale * scale, by = y / scale * scale;
				for (int ch = 0; ch < c; ch++)
					max = Math.max(max, Math.abs(image[(y * size + x) * c + ch] - image[(by * size + bx) * c +
						ch]));
			}
		return max;
	}

	@Test
	void icnrSubPixelLayerStartsWithoutCheckerboard() {
		for (final Architecture architecture : new Architecture[] { Architecture.ESPCN,
			Architecture.EDSR })
			for (final int scale : new int[] { 2, 3 }) {
				final RestorationConfig config = new RestorationConfig(architecture, scale, 1, 16, 2, false);
				final long[] shape = new long[4];
				final float[] out = firstOutput(config, 12, shape);
				assertArrayEquals(new long[] { 1, 12 * scale, 12 * scale, 1 }, shape);
				if (architecture == Architecture.ESPCN) {
					// ESPCN ends in the sub-pixel layer: each s x s block is one value.
					final double within = withinBlockDifference(out, 12 * scale, 1, scale);
					assertTrue(within < 1e-5, architecture + " x" + scale + " differs by " + within +
						" inside a block");
				}
			}
	}

	@Test
	void plainRandomSubPixelKernelsWouldMakeACheckerboard() {
		final float[] values = SubPixel.icnr(9, 1, 4).values(new long[] { 3, 3, 1, 4 }, new Random(1));
		for (int tap = 0; tap < 9; tap++)
			for (int k = 1; k < 4; k++)
				assertTrue(values[tap * 4 + k] == values[tap * 4], "ICNR copies each kernel to every sub-pixel");
		final float[] random = Parameters.heNormal(9).values(new long[] { 3, 3, 1, 4 }, new Random(1));
		boolean differ = false;
		for (int tap = 0; tap < 9; tap++)
			differ |= random[tap * 4 + 1] != random[tap * 4];
		assertTrue(differ, "without ICNR the sub-pixel kernels differ, which is the checkerboard");
	}

	@Test
	void everyArchitectureGivesTheScaledSize() {
		for (final Architecture architecture : Architecture.values())
			for (final int scale : new int[] { 1, 2, 3, 4 }) {
				if (architecture == Architecture.ESPCN && scale == 1) continue;
				final RestorationConfig config = new RestorationConfig(architecture, scale, 3, 8, 2, true);
				final long[] shape = new long[4];
				firstOutput(config, 16, shape);
				assertArrayEquals(new long[] { 1, 16 * scale, 16 * scale, 3 }, shape, architecture + " x" +
					scale);
			}
	}

	@Test
	void unsupportedScalesAreRejected() {
		assertThrows(IllegalArgumentException.class, () -> new RestorationConfig(Architecture.EDSR, 5, 1,
			8, 2, false));
		assertThrows(IllegalArgumentException.class, () -> new RestorationConfig(Architecture.ESPCN, 1,
			1, 8, 0, false));
	}
}
