package org.pixelwise.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.pixelwise.SyntheticImages;
import org.pixelwise.data.FloatImage;
import org.pixelwise.device.Device;
import org.pixelwise.net.FeatureEncoder;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class FeatureLossTest {

	private static final int SIZE = 32;
	private static final FeatureEncoder SMALL = new FeatureEncoder(1, 8, 16, 32);

	/** A texture crop scaled to 0..1, optionally with Gaussian noise. */
	private static float[] image(final long seed, final double noise) {
		final float[] pixels = SyntheticImages.texture(SIZE, seed).pixels.clone();
		final Random random = new Random(seed + 100);
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = (float) (pixels[i] / 255 + noise * random.nextGaussian());
		return pixels;
	}

	static Placeholder<TFloat32> placeholder(final Ops tf, final long... shape) {
		return tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
	}

	/** Runs the graph with one image fed to each placeholder and returns every fetched value. */
	static List<float[]> run(final Graph graph,
		final Map<Placeholder<TFloat32>, float[]> feeds, final Operand<?>... fetches)
	{
		final List<TFloat32> tensors = new ArrayList<>();
		try (Session session = new Session(graph, Device.cpu().sessionConfig())) {
			final Session.Runner runner = session.runner();
			for (final Map.Entry<Placeholder<TFloat32>, float[]> f : feeds.entrySet()) {
				final TFloat32 t = TFloat32.tensorOf(f.getKey().shape(), DataBuffers.of(f.getValue(), true,
					false));
				tensors.add(t);
				runner.feed(f.getKey(), t);
			}
			for (final Operand<?> f : fetches)
				runner.fetch(f);
			try (Result result = runner.run()) {
				final List<float[]> values = new ArrayList<>();
				for (int i = 0; i < fetches.length; i++) {
					final TFloat32 t = (TFloat32) result.get(i);
					final float[] v = new float[(int) t.shape().size()];
					t.copyTo(DataBuffers.of(v, false, false));
					values.add(v);
				}
				return values;
			}
		}
		finally {
			for (final TFloat32 t : tensors)
				t.close();
		}
	}

	@Test
	void gramMatrixIsFeatureCorrelationOverChannelsTimesPixels() {
		try (Graph graph = new Graph()) {
			final Ops tf = Ops.create(graph);
			final Placeholder<TFloat32> x = placeholder(tf, 2, 2, 2, 2);
			final Operand<TFloat32> gram = FeatureLoss.gram(tf, x);
			// Sample 1: pixels (1,2) (3,4) (5,6) (7,8), so X^T X = [[84, 100], [100, 120]], / (2*2*2).
			// Sample 2: all ones, so X^T X = 4 everywhere, / 8.
			final float[] values = { 1, 2, 3, 4, 5, 6, 7, 8, 1, 1, 1, 1, 1, 1, 1, 1 };
			final float[] g = run(graph, Map.of(x, values), gram).get(0);
			assertArrayEquals(new float[] { 10.5f, 12.5f, 12.5f, 15f, 0.5f, 0.5f, 0.5f, 0.5f }, g, 1e-6f);
		}
	}

	@Test
	void featureLossIsZeroForIdenticalImagesAndPositiveForDifferentOnes() {
		final FeatureLoss loss = FeatureLoss.of(SMALL, SMALL.randomWeights(3));
		try (Graph graph = new Graph()) {
			final Ops tf = Ops.create(graph);
			final Placeholder<TFloat32> a = placeholder(tf, 1, SIZE, SIZE, 1);
			final Placeholder<TFloat32> b = placeholder(tf, 1, SIZE, SIZE, 1);
			final FeatureLoss.Terms same = loss.build(tf, a, a);
			final FeatureLoss.Terms different = loss.build(tf, a, b);
			final List<float[]> v = run(graph, Map.of(a, image(1, 0), b, image(1, 0.1)), same.total,
				different.total, different.pixel, different.feature, different.gram);
			assertEquals(0f, v.get(0)[0], "loss of an image against itself");
			for (int i = 2; i <= 4; i++)
				assertTrue(v.get(i)[0] > 0, "part " + i + " of a noisy image's loss: " + v.get(i)[0]);
			assertEquals(v.get(1)[0], v.get(2)[0] + v.get(3)[0] + v.get(4)[0], 1e-4 * v.get(1)[0],
				"the parts add up to the loss");
		}
	}

	@Test
	void layerWeightsScaleFeatureTermsAndTheirSquaresScaleGramTerms() {
		final FeatureLoss.Extractor extractor = FeatureLoss.frozen(SMALL, SMALL.randomWeights(4));
		final Map<String, Double> ones = new LinkedHashMap<>(), chosen = new LinkedHashMap<>();
		final double[] w = { 2, 0.5, 3 };
		for (int i = 0; i < w.length; i++) {
			ones.put(FeatureEncoder.layerName(i + 1), 1.0);
			chosen.put(FeatureEncoder.layerName(i + 1), w[i]);
		}
		final FeatureLoss unit = new FeatureLoss(extractor, ones, 1, 1);
		final FeatureLoss weighted = new FeatureLoss(extractor, chosen, 0.25, 5e3);
		try (Graph graph = new Graph()) {
			final Ops tf = Ops.create(graph);
			final Placeholder<TFloat32> a = placeholder(tf, 1, SIZE, SIZE, 1);
			final Placeholder<TFloat32> b = placeholder(tf, 1, SIZE, SIZE, 1);
			final FeatureLoss.Terms u = unit.build(tf, a, b), t = weighted.build(tf, a, b);
			final List<Operand<?>> fetches = new ArrayList<>(u.parts.values());
			fetches.addAll(t.parts.values());
			final List<float[]> v = run(graph, Map.of(a, image(2, 0), b, image(2, 0.1)), fetches.toArray(
				new Operand<?>[0]));
			final int parts = u.parts.size();
			final List<String> names = new ArrayList<>(u.parts.keySet());
			assertEquals(List.of("pixel", "feature.block1", "gram.block1", "feature.block2", "gram.block2",
				"feature.block3", "gram.block3"), names);
			assertEquals(0.25 * v.get(0)[0], v.get(parts)[0], 1e-6, "pixel");
			for (int i = 0; i < w.length; i++) {
				final float feature = v.get(1 + 2 * i)[0], gram = v.get(2 + 2 * i)[0];
				assertTrue(feature > 0 && gram > 0, names.get(1 + 2 * i) + " and its Gram term are positive");
				final double featureWeight = w[i], gramWeight = w[i] * w[i] * 5e3;
				assertEquals(featureWeight * feature, v.get(parts + 1 + 2 * i)[0], 1e-5 * featureWeight *
					feature, names.get(1 + 2 * i));
				assertEquals(gramWeight * gram, v.get(parts + 2 + 2 * i)[0], 1e-5 * gramWeight * gram, names
					.get(2 + 2 * i));
			}
		}
	}

	@Test
	void gradientOfTheLossReachesThePredictionAndIsFinite() {
		// An RGB encoder on grey images also checks that grey images are repeated to RGB.
		for (final FeatureEncoder encoder : new FeatureEncoder[] { SMALL, new FeatureEncoder(3, 4, 8,
			8) })
		{
			try (Graph graph = new Graph()) {
				final Ops tf = Ops.create(graph);
				final Placeholder<TFloat32> prediction = placeholder(tf, 1, SIZE, SIZE, 1);
				final Placeholder<TFloat32> target = placeholder(tf, 1, SIZE, SIZE, 1);
				final Operand<TFloat32> total = FeatureLoss.of(encoder, encoder.randomWeights(5)).build(tf,
					prediction, target).total;
				final Output<?> gradient = graph.addGradients(total.asOutput(), new Output<?>[] {
					prediction.asOutput() })[0];
				for (final GraphOperation op : iterable(graph))
					assertFalse(op.type().startsWith("Variable"), "a frozen encoder has no variables: " + op
						.name());
				final float[] g = run(graph, Map.of(prediction, image(3, 0.1), target, image(3, 0)),
					gradient).get(0);
				double norm = 0;
				for (final float value : g) {
					assertTrue(Float.isFinite(value), encoder + ": gradient " + value);
					norm += value * value;
				}
				assertTrue(norm > 0, encoder + ": the gradient is not all zero");
			}
		}
	}

	private static Iterable<GraphOperation> iterable(final Graph graph) {
		return graph::operations;
	}

	@Test
	void encoderShapeSurvivesItsDescription() {
		final FeatureEncoder copy = FeatureEncoder.fromMap(SMALL.toMap());
		assertEquals(SMALL.inputChannels, copy.inputChannels);
		assertArrayEquals(SMALL.filters(), copy.filters());
		assertEquals(List.of("block1", "block2", "block3"), copy.layerNames());
		assertEquals(12, copy.weightShapes().size(),
			"a kernel and a bias for 2 convolutions in 3 blocks");
	}

	@Test
	void aStoppedPretextRunResumesFromItsCheckpointInTheOneTrainingLoop(
		@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir) throws Exception
	{
		final List<FloatImage> images = new ArrayList<>();
		for (int i = 0; i < 3; i++)
			images.add(SyntheticImages.texture(64, i));
		final FeaturePretext pretext = new FeaturePretext(SMALL, 60, 4, SIZE, 7);
		final java.util.concurrent.atomic.AtomicInteger steps = new java.util.concurrent.atomic.AtomicInteger();
		final TrainingListener counting = new TrainingListener() {
			@Override
			public void step(final TrainingProgress progress) {
				steps.incrementAndGet();
			}
		};
		// Stopped after 25 of 60 steps (3 epochs of 20): the run keeps its latest checkpoint.
		final FeaturePretext.Result stopped = pretext.train(images, org.pixelwise.device.Device.cpu(),
			counting, () -> steps.get() >= 25, dir, false);
		assertTrue(stopped.cancelled);
		assertEquals(25, stopped.steps);
		final FeaturePretext.Result resumed = pretext.train(images, org.pixelwise.device.Device.cpu(),
			counting, () -> false, dir, true);
		assertTrue(!resumed.cancelled);
		assertEquals(60, resumed.steps, "the resumed run ends where one unbroken run would");
		assertEquals(60, steps.get(), "no step trained twice");
		assertEquals(SMALL.weightShapes().keySet(), resumed.weights.keySet());
	}

	@Test
	void denoisingPretextTrainsAnEncoderThatBeatsTheNoise() {
		final List<FloatImage> images = new ArrayList<>();
		for (int i = 0; i < 6; i++)
			images.add(SyntheticImages.texture(96, i));
		final FeaturePretext pretext = new FeaturePretext(SMALL, 400, 8, SIZE, 7);
		pretext.maxLearningRate = 2e-3;
		final FeaturePretext.Result result = pretext.train(images);
		final String summary = String.format("L1 %.4f at first, %.4f at the end; noisy crops %.4f",
			result.firstLoss, result.finalLoss, result.noisyLoss);
		assertEquals(400, result.steps);
		assertTrue(result.finalLoss < 0.6 * result.firstLoss, summary);
		assertTrue(result.finalLoss < 0.8 * result.noisyLoss, summary);
		assertEquals(SMALL.weightShapes().keySet(), result.weights.keySet());
		// The trained weights make a working feature loss.
		try (Graph graph = new Graph()) {
			final Ops tf = Ops.create(graph);
			final Placeholder<TFloat32> a = placeholder(tf, 1, SIZE, SIZE, 1);
			final Placeholder<TFloat32> b = placeholder(tf, 1, SIZE, SIZE, 1);
			final Operand<TFloat32> total = FeatureLoss.of(result.encoder, result.weights).build(tf, a,
				b).total;
			assertTrue(run(graph, Map.of(a, image(4, 0), b, image(4, 0.1)), total).get(0)[0] > 0);
		}
	}
}
