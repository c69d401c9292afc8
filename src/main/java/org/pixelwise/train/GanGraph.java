package org.pixelwise.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pixelwise.data.Batch;
import org.pixelwise.device.Device;
import org.pixelwise.net.Parameters;
import org.pixelwise.net.Parameters.Role;
import org.pixelwise.net.PatchCritic;
import org.pixelwise.net.RestorationConfig;
import org.pixelwise.net.RestorationNet;
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

/**
 * A restoration network (the generator) and a {@link PatchCritic} in one TensorFlow graph and
 * session, for adversarial fine-tuning of a pretrained restorer (fast.ai's NoGAN). It has two
 * optimiser paths, each with its own Adam: a generator step on the content loss plus the
 * weighted adversarial loss, which updates only the generator; and a critic step on real
 * targets against generated images, which updates only the critic and its spectral-norm
 * estimates. Generator and critic build through separate {@link Parameters} under the name
 * scopes "generator" and "critic", so the generator's weights keep the names a
 * {@link TrainingGraph} gives them and load into either graph.
 */
public final class GanGraph implements AutoCloseable {

	public final RestorationConfig generatorConfig;
	public final PatchCritic.Config criticConfig;
	private final Graph graph;
	private final Session session;
	private final Parameters generator;
	private final Parameters critic;
	private final Placeholder<TFloat32> input;
	private final Placeholder<TFloat32> target;
	private final Operand<TFloat32> generatorLoss;
	private final Operand<TFloat32> contentLoss;
	private final Operand<TFloat32> adversarialLoss;
	private final Operand<TFloat32> criticLoss;
	private final Adam generatorAdam;
	private final Adam criticAdam;
	private final Op generatorStep;
	private final Op criticStep;

	/**
	 * @param content the generator's content loss, e.g. {@code RestorationLoss.parse("l1")}
	 * @param contentWeight the content loss's weight in the generator's loss
	 * @param adversarialWeight the adversarial loss's weight in the generator's loss: usually
	 *          much smaller, as the content loss keeps the result faithful and the critic only
	 *          sharpens texture
	 */
	public GanGraph(final RestorationConfig generatorConfig, final PatchCritic.Config criticConfig,
		final RestorationLoss content, final AdversarialLoss adversarial, final float contentWeight,
		final float adversarialWeight, final Device device)
	{
		this(generatorConfig, criticConfig, ContentLoss.of(content, generatorConfig.channels),
			adversarial, contentWeight, adversarialWeight, device);
	}

	/** As above with any content loss, e.g. the feature loss of a NoGAN run. */
	public GanGraph(final RestorationConfig generatorConfig, final PatchCritic.Config criticConfig,
		final ContentLoss content, final AdversarialLoss adversarial, final float contentWeight,
		final float adversarialWeight, final Device device)
	{
		if (criticConfig.channels != generatorConfig.channels) throw new IllegalArgumentException(
			"the critic takes " + criticConfig.channels + " channel(s) but the generator makes " +
				generatorConfig.channels + "; give both the same channels");
		this.generatorConfig = generatorConfig;
		this.criticConfig = criticConfig;
		graph = new Graph();
		try {
			final Ops tf = Ops.create(graph);
			final Ops g = tf.withSubScope("generator");
			final Ops c = tf.withSubScope("critic");
			generator = new Parameters(g);
			critic = new Parameters(c);
			final Shape images = Shape.of(-1, -1, -1, generatorConfig.channels);
			input = tf.withName("input").placeholder(TFloat32.class, Placeholder.shape(images));
			target = tf.withName("target").placeholder(TFloat32.class, Placeholder.shape(images));
			final Operand<TFloat32> generated = new RestorationNet(g, generator, generatorConfig).build(
				input);
			final PatchCritic patchCritic = new PatchCritic(c, critic, criticConfig);

			contentLoss = content.build(g, generated, target);
			adversarialLoss = adversarial.generator(g, patchCritic.build(generated));
			generatorLoss = g.math.add(g.math.mul(contentLoss, g.constant(contentWeight)), g.math.mul(
				adversarialLoss, g.constant(adversarialWeight)));
			generatorAdam = optimiser(g, "generator_gradients", generator, generatorLoss);
			generatorStep = g.withControlDependencies(generatorAdam.updates).noOp();

			// The critic learns to judge the generator's images, not to change them.
			criticLoss = adversarial.critic(c, patchCritic.build(target), patchCritic.build(c
				.stopGradient(generated)));
			criticAdam = optimiser(c, "critic_gradients", critic, criticLoss);
			final List<Op> criticUpdates = new ArrayList<>(criticAdam.updates);
			criticUpdates.addAll(patchCritic.powerIterationUpdates());
			criticStep = c.withControlDependencies(criticUpdates).noOp();
			session = new Session(graph, device.trainingConfig());
		}
		catch (final RuntimeException e) {
			graph.close();
			throw e;
		}
	}

	/** Adam on the gradients of {@code loss} for the weights of {@code parameters} alone. */
	private Adam optimiser(final Ops tf, final String prefix, final Parameters parameters,
		final Operand<TFloat32> loss)
	{
		final List<Parameters.Entry> trainable = parameters.trainable();
		final Output<?>[] variables = new Output<?>[trainable.size()];
		for (int i = 0; i < variables.length; i++)
			variables[i] = trainable.get(i).variable.asOutput();
		final Output<?>[] gradients = graph.addGradients(prefix, new Output<?>[] { loss.asOutput() },
			variables, null);
		return new Adam(tf, parameters, trainable, gradients);
	}

	/**
	 * Fills both networks with seeded random weights and zeroes both optimisers; load a
	 * pretrained generator afterwards with {@link #loadGenerator}.
	 */
	public void initialize(final long seed) {
		generator.initialize(session, seed);
		critic.initialize(session, seed + 1);
	}

	/**
	 * Runs one generator step and returns its losses before the update: the total, the content
	 * loss and the adversarial loss, the last two unweighted so the content loss compares with
	 * the one of pretraining.
	 *
	 * @param step the generator's 1-based step count, for Adam's bias correction
	 */
	public float[] generatorStep(final Batch batch, final float learningRate, final long step) {
		try (TFloat32 in = inputTensor(batch); TFloat32 t = targetTensor(batch);
			TFloat32 lr = TFloat32.scalarOf(learningRate);
			TFloat32 b1 = TFloat32.scalarOf(Adam.beta1Power(step));
			TFloat32 b2 = TFloat32.scalarOf(Adam.beta2Power(step));
			Result result = session.runner().feed(input, in).feed(target, t).feed(
				generatorAdam.learningRate, lr).feed(generatorAdam.beta1Power, b1).feed(
					generatorAdam.beta2Power, b2).fetch(generatorLoss).fetch(contentLoss).fetch(
						adversarialLoss).addTarget(generatorStep).run())
		{
			return new float[] { ((TFloat32) result.get(0)).getFloat(), ((TFloat32) result.get(1))
				.getFloat(), ((TFloat32) result.get(2)).getFloat() };
		}
	}

	/**
	 * Runs one critic step on the batch's targets against the generator's restorations of its
	 * inputs, refines the spectral-norm estimates, and returns the critic loss before the update
	 * and the generator's content loss on the batch (unchanged by this step).
	 *
	 * @param step the critic's 1-based step count, for Adam's bias correction
	 */
	public float[] criticStep(final Batch batch, final float learningRate, final long step) {
		try (TFloat32 in = inputTensor(batch); TFloat32 t = targetTensor(batch);
			TFloat32 lr = TFloat32.scalarOf(learningRate);
			TFloat32 b1 = TFloat32.scalarOf(Adam.beta1Power(step));
			TFloat32 b2 = TFloat32.scalarOf(Adam.beta2Power(step));
			Result result = session.runner().feed(input, in).feed(target, t).feed(criticAdam.learningRate,
				lr).feed(criticAdam.beta1Power, b1).feed(criticAdam.beta2Power, b2).fetch(criticLoss)
				.fetch(contentLoss).addTarget(criticStep).run())
		{
			return new float[] { ((TFloat32) result.get(0)).getFloat(), ((TFloat32) result.get(1))
				.getFloat() };
		}
	}

	/** Writes every variable of both networks and both optimisers as a TensorFlow checkpoint. */
	public void saveState(final java.nio.file.Path prefix) {
		session.save(prefix.toString());
	}

	/** Restores a checkpoint written by {@link #saveState} from a graph of the same shape. */
	public void restoreState(final java.nio.file.Path prefix) {
		session.restore(prefix.toString());
	}

	/** The number of the generator's weights (what is saved as the model). */
	public long generatorWeightCount() {
		return generator.weightCount();
	}

	/** The generator's weights, named as {@link TrainingGraph#inferenceWeights()} names them. */
	public Map<String, float[]> generatorWeights() {
		return generator.read(session, Role.WEIGHT, Role.STATISTIC);
	}

	/** Loads pretrained generator weights, e.g. from {@link TrainingGraph#inferenceWeights()}. */
	public void loadGenerator(final Map<String, float[]> weights) {
		generator.load(session, weights);
	}

	/** Every variable of both networks and both optimisers, named "generator/..." or "critic/...". */
	Map<String, float[]> variables() {
		final Map<String, float[]> all = new LinkedHashMap<>();
		for (final Map.Entry<String, float[]> e : generator.read(session, Role.values()).entrySet())
			all.put("generator/" + e.getKey(), e.getValue());
		for (final Map.Entry<String, float[]> e : critic.read(session, Role.values()).entrySet())
			all.put("critic/" + e.getKey(), e.getValue());
		return all;
	}

	private TFloat32 inputTensor(final Batch b) {
		if (b.inputChannels != generatorConfig.channels || b.targetChannels != generatorConfig.channels)
			throw new IllegalArgumentException("batch has " + b.inputChannels + " input and " +
				b.targetChannels + " target channel(s), the generator " + generatorConfig.channels);
		return TFloat32.tensorOf(Shape.of(b.size, b.height, b.width, b.inputChannels), DataBuffers.of(
			b.inputs, true, false));
	}

	private TFloat32 targetTensor(final Batch b) {
		final int scale = generatorConfig.scale;
		if (b.targetHeight != b.height * scale || b.targetWidth != b.width * scale)
			throw new IllegalArgumentException("targets " + b.targetWidth + "x" + b.targetHeight +
				" are not " + scale + " times the inputs " + b.width + "x" + b.height +
				"; give targets the generator's output size");
		final int multiple = criticConfig.sizeMultiple();
		if (b.targetHeight % multiple != 0 || b.targetWidth % multiple != 0)
			throw new IllegalArgumentException("targets " + b.targetWidth + "x" + b.targetHeight +
				" do not fit the critic; use a size that is a multiple of " + multiple);
		return TFloat32.tensorOf(Shape.of(b.size, b.targetHeight, b.targetWidth, b.targetChannels),
			DataBuffers.of(b.targets, true, false));
	}

	@Override
	public void close() {
		session.close();
		graph.close();
	}
}
