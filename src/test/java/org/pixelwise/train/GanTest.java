package org.pixelwise.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pixelwise.SyntheticImages;
import org.pixelwise.data.Batch;
import org.pixelwise.data.FloatImage;
import org.pixelwise.device.Device;
import org.pixelwise.net.Parameters;
import org.pixelwise.net.PatchCritic;
import org.pixelwise.net.RestorationConfig;
import org.pixelwise.net.RestorationConfig.Architecture;
import org.pixelwise.train.GanSwitch.Turn;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class GanTest {

	private static final RestorationConfig ESPCN = new RestorationConfig(Architecture.ESPCN, 2, 1, 16,
		0, false);

	@Test
	void generatorStepsTrainOnlyTheGeneratorAndCriticStepsOnlyTheCritic() {
		final Batch batch = textures(2, 32, 2);
		try (GanGraph gan = gan(AdversarialLoss.HINGE)) {
			gan.initialize(1);
			final Map<String, float[]> start = gan.variables();
			gan.generatorStep(batch, 1e-3f, 1);
			final Map<String, float[]> afterGenerator = gan.variables();
			assertOnlyChanged("generator/", start, afterGenerator);
			gan.criticStep(batch, 1e-3f, 1);
			assertOnlyChanged("critic/", afterGenerator, gan.variables());
		}
	}

	/**
	 * Every kernel and spectral-norm vector under {@code trained} changed; nothing else did. (A
	 * bias may keep its value: the hinge loss's gradient for the last bias is exactly 0 while
	 * every patch is inside the margin. A layer with one output channel has a one-element u,
	 * which power iteration normalises to 1 every time, so it cannot change.)
	 */
	private static void assertOnlyChanged(final String trained, final Map<String, float[]> before,
		final Map<String, float[]> after)
	{
		int changed = 0;
		for (final String name : before.keySet()) {
			final boolean same = Arrays.equals(before.get(name), after.get(name));
			if (!name.startsWith(trained)) assertTrue(same, name + " changed in a " + trained + " step");
			else if (name.endsWith("/kernel") || name.endsWith("/sn_u") && before.get(name).length > 1)
				assertFalse(same, name +
				" did not change in a " + trained + " step");
			if (!same) changed++;
		}
		assertTrue(changed > 0);
	}

	@Test
	void spectralNormalisationBringsEveryLayersLargestSingularValueToOne() {
		try (Graph graph = new Graph()) {
			final Ops tf = Ops.create(graph);
			final Parameters parameters = new Parameters(tf);
			final PatchCritic critic = new PatchCritic(tf, parameters, PatchCritic.Config.defaults(1));
			critic.build(tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 1))));
			try (Session session = new Session(graph)) {
				parameters.initialize(session, 3);
				for (int i = 0; i < 30; i++) {
					final Session.Runner runner = session.runner();
					for (final Op update : critic.powerIterationUpdates())
						runner.addTarget(update);
					runner.run().close();
				}
				final List<Operand<TFloat32>> kernels = critic.normalisedKernels();
				final Session.Runner runner = session.runner();
				for (final Operand<TFloat32> k : kernels)
					runner.fetch(k);
				final Map<String, float[]> raw = parameters.read(session, Parameters.Role.WEIGHT);
				try (Result result = runner.run()) {
					for (int l = 0; l < kernels.size(); l++) {
						final TFloat32 k = (TFloat32) result.get(l);
						final int cols = (int) k.shape().get(3);
						final float[] values = new float[(int) k.shape().size()];
						k.copyTo(DataBuffers.of(values, false, false));
						final String name = l < kernels.size() - 1 ? "conv" + l : "logits";
						final double before = largestSingularValue(raw.get(name + "/kernel"), cols);
						final double after = largestSingularValue(values, cols);
						System.out.println(String.format(Locale.ROOT,
							"%s: largest singular value %.4f, spectrally normalised %.4f", name, before, after));
						assertEquals(1, after, 0.03, name);
					}
				}
			}
		}
	}

	/** sqrt of the largest eigenvalue of W^T W, by power iteration in double precision. */
	private static double largestSingularValue(final float[] w, final int cols) {
		final int rows = w.length / cols;
		final double[][] gram = new double[cols][cols];
		for (int r = 0; r < rows; r++)
			for (int i = 0; i < cols; i++)
				for (int j = 0; j < cols; j++)
					gram[i][j] += (double) w[r * cols + i] * w[r * cols + j];
		double[] x = new double[cols];
		Arrays.fill(x, 1);
		double eigenvalue = 0;
		for (int it = 0; it < 3000; it++) {
			final double[] y = new double[cols];
			for (int i = 0; i < cols; i++)
				for (int j = 0; j < cols; j++)
					y[i] += gram[i][j] * x[j];
			double norm = 0;
			for (final double v : y)
				norm += v * v;
			norm = Math.sqrt(norm);
			eigenvalue = norm;
			for (int i = 0; i < cols; i++)
				y[i] /= norm;
			x = y;
		}
		return Math.sqrt(eigenvalue);
	}

	@Test
	void alternatingGanStepsFromAPretrainedGeneratorStayFinite() {
		final Batch batch = textures(2, 32, 2);
		final Map<String, float[]> pretrained;
		try (TrainingGraph pretraining = new TrainingGraph(new RestorationObjective(ESPCN,
			RestorationLoss.parse("l1")), Device.cpu()))
		{
			pretraining.initialize(5);
			for (int step = 1; step <= 5; step++)
				pretraining.train(batch, 1e-3f, step, 0);
			pretrained = pretraining.inferenceWeights();
		}
		try (GanGraph gan = gan(AdversarialLoss.BCE)) {
			gan.initialize(2);
			gan.loadGenerator(pretrained);
			final Map<String, float[]> loaded = gan.generatorWeights();
			assertEquals(pretrained.keySet(), loaded.keySet());
			for (final String name : pretrained.keySet())
				assertArrayEquals(pretrained.get(name), loaded.get(name), name);
			final GanSwitch turns = new GanSwitch(AdversarialLoss.BCE.criticThreshold,
				Float.POSITIVE_INFINITY, 3, 1);
			final List<String> log = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				final Turn turn = turns.next();
				final long step = turns.steps(turn) + 1;
				final float loss;
				if (turn == Turn.CRITIC) loss = gan.criticStep(batch, 1e-4f, step)[0];
				else {
					final float[] losses = gan.generatorStep(batch, 1e-4f, step);
					for (final float l : losses)
						assertTrue(Float.isFinite(l), Arrays.toString(losses));
					loss = losses[2];
				}
				assertTrue(Float.isFinite(loss), turn + " loss " + loss + " at step " + i);
				log.add(turn.name().charAt(0) + String.format(Locale.ROOT, "%.3f", loss));
				turns.record(loss);
			}
			System.out.println("GAN steps: " + log);
			assertTrue(turns.steps(Turn.CRITIC) > 0 && turns.steps(Turn.GENERATOR) > 0, log.toString());
			for (final float[] w : gan.generatorWeights().values())
				for (final float v : w)
					assertTrue(Float.isFinite(v));
		}
	}

	@Test
	void switchFollowsThresholdsAndStepCaps() {
		final GanSwitch turns = new GanSwitch(0.5f, 0.2f, 3, 2);
		final float[] losses = { 1.0f, 0.8f, 0.4f, 0.5f, 0.3f, 0.9f, 0.9f, 0.9f, 0.1f, 0.45f,
			Float.NaN, Float.NaN };
		final Turn C = Turn.CRITIC, G = Turn.GENERATOR;
		// Critic until below 0.5; generator hits its cap of 2; critic hits its cap of 3; generator
		// below 0.2 at once; critic below 0.5 at once; a NaN generator loss ends only by the cap.
		final Turn[] expected = { C, C, C, G, G, C, C, C, G, C, G, G, C };
		assertEquals(C, turns.next());
		for (int i = 0; i < losses.length; i++) {
			assertEquals(expected[i], turns.next(), "before step " + i);
			assertEquals(expected[i + 1], turns.record(losses[i]), "after step " + i);
		}
		assertEquals(7, turns.steps(C));
		assertEquals(5, turns.steps(G));
		final GanSwitch fastai = GanSwitch.defaults(AdversarialLoss.HINGE);
		fastai.record(0.4f);
		assertEquals(G, fastai.next());
		fastai.record(123f);
		assertEquals(C, fastai.next(), "by default the generator gets one step per turn");
	}

	private static GanGraph gan(final AdversarialLoss loss) {
		return new GanGraph(ESPCN, PatchCritic.Config.defaults(1), RestorationLoss.parse("l1"), loss, 1f,
			0.01f, Device.cpu());
	}

	/** Synthetic textures in [0, 1] as targets, with their 2x2 means as inputs. */
	private static Batch textures(final int count, final int size, final int scale) {
		final int big = size * scale;
		final Batch batch = new Batch(count, size, size, 1, big, big, 1);
		for (int n = 0; n < count; n++) {
			final FloatImage image = SyntheticImages.texture(big, n);
			for (int i = 0; i < big * big; i++)
				batch.targets[n * big * big + i] = image.pixels[i] / image.maxValue;
			for (int y = 0; y < size; y++)
				for (int x = 0; x < size; x++) {
					float sum = 0;
					for (int dy = 0; dy < scale; dy++)
						for (int dx = 0; dx < scale; dx++)
							sum += image.pixels[(y * scale + dy) * big + x * scale + dx];
					batch.inputs[(n * size + y) * size + x] = sum / (scale * scale) / image.maxValue;
				}
		}
		Arrays.fill(batch.weights, 1f);
		return batch;
	}
}
