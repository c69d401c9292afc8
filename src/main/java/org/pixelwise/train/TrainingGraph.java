package org.pixelwise.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.pixelwise.data.Batch;
import org.pixelwise.device.Device;
import org.pixelwise.net.Parameters;
import org.pixelwise.net.Parameters.Role;
import org.pixelwise.net.UNetConfig;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A network with its loss and optimiser in one TensorFlow graph and session: a training pass
 * that updates the weights, and an evaluation pass on the same weights for validation. What
 * the network is and learns comes from an {@link Objective}. Everything crosses into
 * TensorFlow as whole batches, so one step is one session run.
 */
public final class TrainingGraph implements Trainable {

	public final Objective objective;
	private final Graph graph;
	private final Session session;
	private final Parameters parameters;
	private final Placeholder<TFloat32> input;
	private final Placeholder<TFloat32> target;
	private final Placeholder<TFloat32> weights;
	private final Placeholder<TInt64> dropoutSeed;
	private final Operand<TFloat32> trainingLoss;
	private final Op trainStep;
	private final Operand<TFloat32> evaluationLoss;
	private final Operand<TFloat32> evaluationPrediction;
	private final Adam adam;
	/** The gradients the optimiser applies: clipped when clipping is on. */
	private final Output<?>[] gradients;

	/** A segmentation U-Net trained with the given loss. */
	public TrainingGraph(final UNetConfig config, final Loss loss, final Device device) {
		this(new SegmentationObjective(config, loss), device);
	}

	public TrainingGraph(final Objective objective, final Device device) {
		this(objective, device, 0);
	}

	/**
	 * @param clipNorm when above 0, gradients are scaled down together whenever their global
	 *          norm exceeds it, which keeps one bad batch from throwing the weights far away
	 */
	public TrainingGraph(final Objective objective, final Device device, final float clipNorm) {
		this.objective = objective;
		graph = new Graph();
		try {
			final Ops tf = Ops.create(graph);
			parameters = new Parameters(tf);
			final boolean volume = objective.dimensions() == 3;
			input = tf.withName("input").placeholder(TFloat32.class, Placeholder.shape(volume ? Shape.of(
				-1, -1, -1, -1, objective.inputChannels()) : Shape.of(-1, -1, -1, objective
					.inputChannels())));
			target = tf.withName("target").placeholder(TFloat32.class, Placeholder.shape(volume ? Shape
				.of(-1, -1, -1, -1, objective.targetChannels()) : Shape.of(-1, -1, -1, objective
					.targetChannels())));
			weights = tf.withName("weights").placeholder(TFloat32.class, Placeholder.shape(volume ? Shape
				.of(-1, -1, -1, -1) : Shape.of(-1, -1, -1)));
			dropoutSeed = tf.withName("dropout_seed").placeholder(TInt64.class, Placeholder.shape(Shape
				.of(2)));
			final List<Op> stepUpdates = new ArrayList<>();
			final Operand<TFloat32> output = objective.trainingOutput(tf, parameters, input, dropoutSeed,
				stepUpdates);
			trainingLoss = objective.loss(tf, output, target, weights);
			final List<Parameters.Entry> trainable = parameters.trainable();
			final Output<?>[] variables = new Output<?>[trainable.size()];
			for (int i = 0; i < variables.length; i++)
				variables[i] = trainable.get(i).variable.asOutput();
			final Output<?>[] raw = graph.addGradients(trainingLoss.asOutput(), variables);
			gradients = clipNorm > 0 ? clipped(tf, raw, clipNorm) : raw;
			adam = new Adam(tf, parameters, trainable, gradients);
			final List<Op> all = new ArrayList<>(adam.updates);
			all.addAll(stepUpdates);
			trainStep = tf.withControlDependencies(all).noOp();
			final Operand<TFloat32> evaluated = objective.inferenceOutput(tf, parameters, input);
			evaluationLoss = objective.loss(tf, evaluated, target, weights);
			evaluationPrediction = objective.prediction(tf, evaluated);
			session = new Session(graph, device.trainingConfig());
		}
		catch (final RuntimeException e) {
			graph.close();
			throw e;
		}
	}

	/** The gradients scaled by min(1, clipNorm / their global norm), as in Pascanu et al. 2013. */
	@SuppressWarnings("unchecked")
	private static Output<?>[] clipped(final Ops tf, final Output<?>[] gradients,
		final float clipNorm)
	{
		Operand<TFloat32> sumOfSquares = tf.constant(0f);
		for (final Output<?> g : gradients)
			sumOfSquares = tf.math.add(sumOfSquares, tf.reduceSum(tf.math.square((Operand<TFloat32>) g),
				tf.range(tf.constant(0), tf.rank(g), tf.constant(1))));
		final Operand<TFloat32> scale = tf.math.minimum(tf.constant(1f), tf.math.div(tf.constant(
			clipNorm), tf.math.maximum(tf.math.sqrt(sumOfSquares), tf.constant(1e-12f))));
		final Output<?>[] clipped = new Output<?>[gradients.length];
		for (int i = 0; i < gradients.length; i++)
			clipped[i] = tf.math.mul((Operand<TFloat32>) gradients[i], scale).asOutput();
		return clipped;
	}

	@Override
	public void initialize(final long seed) {
		parameters.initialize(session, seed);
	}

	/**
	 * Runs one optimisation step and returns the batch loss (before the update).
	 *
	 * @param step the 1-based global step, which fixes Adam's bias correction and dropout
	 */
	@Override
	public float train(final Batch batch, final float learningRate, final long step,
		final long seed)
	{
		try (TFloat32 in = inputTensor(batch); TFloat32 t = targetTensor(batch);
			TFloat32 w = weightTensor(batch); TFloat32 lr = TFloat32.scalarOf(learningRate);
			TFloat32 b1 = TFloat32.scalarOf(Adam.beta1Power(step));
			TFloat32 b2 = TFloat32.scalarOf(Adam.beta2Power(step));
			TInt64 s = TInt64.vectorOf(seed, step);
			Result result = session.runner().feed(input, in).feed(target, t).feed(weights, w).feed(
				adam.learningRate, lr).feed(adam.beta1Power, b1).feed(adam.beta2Power, b2).feed(
					dropoutSeed, s).fetch(trainingLoss).addTarget(trainStep).run())
		{
			return ((TFloat32) result.get(0)).getFloat();
		}
	}

	/**
	 * The gradient the optimiser would apply to every trainable weight (clipped when clipping is
	 * on), concatenated, without updating anything.
	 */
	float[] gradients(final Batch batch) {
		try (TFloat32 in = inputTensor(batch); TFloat32 t = targetTensor(batch);
			TFloat32 w = weightTensor(batch); TInt64 s = TInt64.vectorOf(0, 1))
		{
			final Session.Runner runner = session.runner().feed(input, in).feed(target, t).feed(weights, w)
				.feed(dropoutSeed, s);
			for (final Output<?> g : gradients)
				runner.fetch(g);
			try (Result result = runner.run()) {
				int total = 0;
				for (int i = 0; i < gradients.length; i++)
					total += (int) result.get(i).shape().size();
				final float[] all = new float[total];
				int offset = 0;
				for (int i = 0; i < gradients.length; i++) {
					final TFloat32 g = (TFloat32) result.get(i);
					final int n = (int) g.shape().size();
					g.copyTo(DataBuffers.of(all, false, false).slice(offset, n));
					offset += n;
				}
				return all;
			}
		}
	}

	/** Loss and prediction in evaluation mode; the prediction is NHWC like the batch's target. */
	public float evaluate(final Batch batch, final float[] prediction) {
		try (TFloat32 in = inputTensor(batch); TFloat32 t = targetTensor(batch);
			TFloat32 w = weightTensor(batch);
			Result result = session.runner().feed(input, in).feed(target, t).feed(weights, w).fetch(
				evaluationLoss).fetch(evaluationPrediction).run())
		{
			((TFloat32) result.get(1)).copyTo(DataBuffers.of(prediction, false, false));
			return ((TFloat32) result.get(0)).getFloat();
		}
	}

	/** Weights and batch-norm statistics: what an inference model needs. */
	@Override
	public Map<String, float[]> inferenceWeights() {
		return parameters.read(session, Role.WEIGHT, Role.STATISTIC);
	}

	@Override
	public void load(final Map<String, float[]> values) {
		parameters.load(session, values);
	}

	/** Writes every variable, optimiser state included, as a TensorFlow checkpoint. */
	public void saveState(final java.nio.file.Path prefix) {
		session.save(prefix.toString());
	}

	/** The full training state as a model folder's attachment, for {@code ModelFolder.write}. */
	@Override
	public org.pixelwise.files.AtomicFolder.Content stateFiles() {
		return folder -> saveState(folder.resolve(org.pixelwise.model.ModelFolder.STATE_PREFIX));
	}

	/** Restores the checkpoint {@link #stateFiles} wrote into {@code folder}. */
	@Override
	public void restoreState(final java.nio.file.Path folder) {
		restoreCheckpoint(org.pixelwise.model.ModelFolder.statePrefix(folder));
	}

	/** Restores a checkpoint written by {@link #saveState} from a graph of the same shape. */
	public void restoreCheckpoint(final java.nio.file.Path prefix) {
		session.restore(prefix.toString());
	}

	/** This graph: it validates and exports its own network. */
	@Override
	public TrainingGraph evaluator() {
		return this;
	}

	@Override
	public long weightCount() {
		return parameters.weightCount();
	}

	private TFloat32 inputTensor(final Batch b) {
		return TFloat32.tensorOf(shape(b, b.height, b.width, b.inputChannels), DataBuffers.of(b.inputs,
			true, false));
	}

	/** NHWC for images, NDHWC for volumes ({@code channels} 0: no channel axis). */
	private Shape shape(final Batch b, final int height, final int width, final int channels) {
		final long[] dims = objective.dimensions() == 3 ? new long[] { b.size, b.depth, height, width,
			channels } : new long[] { b.size, height, width, channels };
		return Shape.of(channels == 0 ? java.util.Arrays.copyOf(dims, dims.length - 1) : dims);
	}

	private TFloat32 targetTensor(final Batch b) {
		if (b.targetChannels != objective.targetChannels()) throw new IllegalArgumentException(
			"batch has " + b.targetChannels + " target channels, the network " + objective
				.targetChannels());
		return TFloat32.tensorOf(shape(b, b.targetHeight, b.targetWidth, b.targetChannels), DataBuffers
			.of(b.targets, true, false));
	}

	private TFloat32 weightTensor(final Batch b) {
		return TFloat32.tensorOf(shape(b, b.targetHeight, b.targetWidth, 0), DataBuffers.of(b.weights,
			true, false));
	}

	@Override
	public void close() {
		session.close();
		graph.close();
	}

}
