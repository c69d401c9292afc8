package org.pixelwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A feature network brought by the user as a SavedModel (built here the way a TF1-style export
 * looks: placeholder, variables, conv/relu/pool layers) is frozen, copied into the training
 * graph, computes the same activations there, and gives a feature loss with gradients.
 */
public class ImportedFeaturesTest {

	private static final int SIZE = 16;

	/** A small VGG-like TF1-style SavedModel: input "image", layers block1_conv1/Relu, block2_conv1/Relu. */
	public static Path exportVggLike(final Path dir) throws Exception {
		final Random random = new Random(3);
		try (Graph graph = new Graph()) {
			final Ops tf = Ops.create(graph);
			final Placeholder<TFloat32> image = tf.withName("image").placeholder(TFloat32.class,
				Placeholder.shape(Shape.of(-1, -1, -1, 3)));
			// Each sub-scope is made once: asking again would give "block1_conv1_1".
			final Ops block1 = tf.withSubScope("block1_conv1"), block2 = tf.withSubScope("block2_conv1");
			final Operand<TFloat32> k1 = block1.withName("kernel").variable(tf.constant(
				Shape.of(3, 3, 3, 4), DataBuffers.of(values(random, 3 * 3 * 3 * 4))));
			final Operand<TFloat32> b1 = block1.withName("bias").variable(tf.constant(values(
				random, 4)));
			final Operand<TFloat32> r1 = block1.withName("Relu").nn.relu(tf.nn.biasAdd(tf.nn
				.conv2d(image, k1, List.of(1L, 1L, 1L, 1L), "SAME"), b1));
			final Operand<TFloat32> pooled = tf.nn.maxPool(r1, tf.constant(new int[] { 1, 2, 2, 1 }), tf
				.constant(new int[] { 1, 2, 2, 1 }), "VALID");
			final Operand<TFloat32> k2 = block2.withName("kernel").variable(tf.constant(
				Shape.of(3, 3, 4, 8), DataBuffers.of(values(random, 3 * 3 * 4 * 8))));
			final Operand<TFloat32> r2 = block2.withName("Relu").nn.relu(tf.nn.conv2d(pooled,
				k2, List.of(1L, 1L, 1L, 1L), "SAME"));
			try (Session session = new Session(graph)) {
				SavedModelBundle.exporter(dir.toString()).withSession(session).withSignature(Signature
					.builder().key("serving_default").input("image", image).output("features", r2).build())
					.export();
			}
		}
		return dir;
	}

	private static float[] values(final Random random, final int n) {
		final float[] v = new float[n];
		for (int i = 0; i < n; i++)
			v[i] = (float) (random.nextGaussian() * 0.3);
		return v;
	}

	private static float[] image(final long seed) {
		return values(new Random(seed), SIZE * SIZE * 3);
	}

	@Test
	void importedLayersComputeWhatTheSavedModelComputes(@TempDir final Path dir) throws Exception {
		final Path model = exportVggLike(dir.resolve("vgg"));
		final float[] pixels = image(1);
		final float[] expected;
		try (SavedModelBundle bundle = SavedModelBundle.load(model.toString(), "serve");
			TFloat32 in = TFloat32.tensorOf(Shape.of(1, SIZE, SIZE, 3), DataBuffers.of(pixels));
			Result r = bundle.session().runner().feed("image", in).fetch("block2_conv1/Relu").run())
		{
			expected = new float[(int) r.get(0).shape().size()];
			((TFloat32) r.get(0)).copyTo(DataBuffers.of(expected, false, false));
		}
		final ImportedFeatures features = ImportedFeatures.load(model, "image", List.of(
			"block1_conv1/Relu", "block2_conv1/Relu"), 3, 1, null, false);
		try (Graph graph = new Graph(); Session session = new Session(graph)) {
			final Ops tf = Ops.create(graph);
			final Placeholder<TFloat32> x = tf.placeholder(TFloat32.class);
			final Map<String, Operand<TFloat32>> layers = features.layers(tf, x);
			assertEquals(List.of("block1_conv1/Relu", "block2_conv1/Relu"), List.copyOf(layers.keySet()));
			try (TFloat32 in = TFloat32.tensorOf(Shape.of(1, SIZE, SIZE, 3), DataBuffers.of(pixels));
				Result r = session.runner().feed(x, in).fetch(layers.get("block2_conv1/Relu")).run())
			{
				final float[] actual = new float[expected.length];
				((TFloat32) r.get(0)).copyTo(DataBuffers.of(actual, false, false));
				for (int i = 0; i < actual.length; i++)
					assertEquals(expected[i], actual[i], 1e-5, "activation " + i);
			}
		}
	}

	@Test
	void featureLossOnAnImportedNetworkIsZeroForIdenticalImagesAndHasGradients(
		@TempDir final Path dir) throws Exception
	{
		final ImportedFeatures features = ImportedFeatures.load(exportVggLike(dir.resolve("vgg")),
			"image", List.of("block1_conv1/Relu", "block2_conv1/Relu"), 3, 255, new float[] { 100, 110,
				120 }, false);
		final FeatureLoss loss = new FeatureLoss(features, Map.of("block1_conv1/Relu", 20.0,
			"block2_conv1/Relu", 70.0), 1, 1);
		try (Graph graph = new Graph(); Session session = new Session(graph)) {
			final Ops tf = Ops.create(graph);
			final Placeholder<TFloat32> prediction = tf.placeholder(TFloat32.class, Placeholder.shape(
				Shape.of(1, SIZE, SIZE, 1)));
			final Placeholder<TFloat32> target = tf.placeholder(TFloat32.class, Placeholder.shape(Shape
				.of(1, SIZE, SIZE, 1)));
			final Operand<TFloat32> total = loss.build(tf, prediction, target).total;
			final Output<?> gradient = graph.addGradients(total.asOutput(), new Output<?>[] { prediction
				.asOutput() })[0];
			final float[] a = new float[SIZE * SIZE], b = new float[SIZE * SIZE];
			for (int i = 0; i < a.length; i++) {
				a[i] = (i % 7) / 7f;
				b[i] = (i % 5) / 5f;
			}
			assertEquals(0, run(session, prediction, target, a, a, total)[0], 0, "identical grey images");
			assertTrue(run(session, prediction, target, a, b, total)[0] > 0);
			final float[] g = run(session, prediction, target, a, b, gradient);
			double norm = 0;
			for (final float v : g) {
				assertTrue(Float.isFinite(v));
				norm += v * v;
			}
			assertTrue(norm > 0, "gradients reach the prediction through the imported network");
		}
	}

	@Test
	void unknownInputsAndLayersAreNamed(@TempDir final Path dir) throws Exception {
		final Path model = exportVggLike(dir.resolve("vgg"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImportedFeatures
			.load(model, "pixels", List.of("block1_conv1/Relu"), 3, 1, null, false));
		assertTrue(e.getMessage().contains("no input 'pixels'"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> ImportedFeatures.load(model, "image",
			List.of("block9/Relu"), 3, 1, null, false));
		assertTrue(e.getMessage().contains("no layer 'block9/Relu'"), e.getMessage());
	}

	private static float[] run(final Session session, final Placeholder<TFloat32> p,
		final Placeholder<TFloat32> t, final float[] a, final float[] b, final Object fetch)
	{
		try (TFloat32 x = TFloat32.tensorOf(Shape.of(1, SIZE, SIZE, 1), DataBuffers.of(a));
			TFloat32 y = TFloat32.tensorOf(Shape.of(1, SIZE, SIZE, 1), DataBuffers.of(b));
			Result r = (fetch instanceof Operand ? session.runner().feed(p, x).feed(t, y).fetch(
				(Operand<?>) fetch) : session.runner().feed(p, x).feed(t, y).fetch((Output<?>) fetch)).run())
		{
			final float[] out = new float[(int) r.get(0).shape().size()];
			((TFloat32) r.get(0)).copyTo(DataBuffers.of(out, false, false));
			return out;
		}
	}
}
