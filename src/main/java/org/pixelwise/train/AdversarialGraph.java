package org.pixelwise.train;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.pixelwise.data.Batch;
import org.pixelwise.device.Device;
import org.pixelwise.files.AtomicFolder;
import org.pixelwise.model.ModelFolder;
import org.pixelwise.net.PatchCritic;
import org.yaml.snakeyaml.Yaml;

/**
 * The generator and critic of NoGAN training as one {@link Trainable}, so that the adversarial
 * phases run in the same loop as every other training, with its checkpoints, resume,
 * cancellation and divergence guard. The run's first {@code criticSteps} steps pretrain the
 * critic on the pretrained generator's output; after that the two take turns as
 * {@link GanSwitch} decides. The loop watches the generator's content loss: that is what
 * must not run off while the critic sharpens texture.
 */
final class AdversarialGraph implements Trainable {

	/** Where the turns stood, beside the TensorFlow checkpoint of both networks. */
	static final String TURNS = "adversarial_turns.yaml";

	private final GanGraph gan;
	private final TrainingGraph judge;
	private final GanSwitch turns;
	private final GanTraining.Settings settings;
	private float criticLoss = Float.NaN, adversarialLoss = Float.NaN;
	private long lastStep;

	AdversarialGraph(final RestorationObjective objective, final GanTraining.Settings settings,
		final Device device)
	{
		this.settings = settings;
		final ContentLoss content = objective.features != null ? ContentLoss.of(objective.features)
			: ContentLoss.of(objective.loss, objective.network.channels);
		gan = new GanGraph(objective.network, PatchCritic.Config.defaults(objective.network.channels),
			content, settings.loss, 1, settings.adversarialWeight, device);
		try {
			judge = new TrainingGraph(objective, device);
		}
		catch (final RuntimeException e) {
			gan.close();
			throw e;
		}
		turns = new GanSwitch(settings.loss.criticThreshold, Float.POSITIVE_INFINITY,
			settings.maxCriticSteps, 1);
	}

	/** Whether step {@code step} of the run is still pretraining the critic. */
	boolean pretrainingCritic(final long step) {
		return step <= settings.criticSteps;
	}

	/** The run's step this graph trained last. */
	long lastStep() {
		return lastStep;
	}

	/** The critic's loss at its latest step. */
	float criticLoss() {
		return criticLoss;
	}

	/** The generator's adversarial loss at its latest step. */
	float adversarialLoss() {
		return adversarialLoss;
	}

	@Override
	public void initialize(final long seed) {
		gan.initialize(seed);
		judge.initialize(seed);
	}

	/** @param learningRate the generator's; the critic trains at its own rate */
	@Override
	public float train(final Batch batch, final float learningRate, final long step,
		final long seed)
	{
		lastStep = step;
		if (pretrainingCritic(step)) return critic(batch, step);
		if (turns.next() == GanSwitch.Turn.CRITIC) {
			final float content = critic(batch, settings.criticSteps + turns.steps(
				GanSwitch.Turn.CRITIC) + 1);
			turns.record(criticLoss);
			return content;
		}
		final float[] losses = gan.generatorStep(batch, learningRate, turns.steps(
			GanSwitch.Turn.GENERATOR) + 1);
		adversarialLoss = losses[2];
		turns.record(adversarialLoss);
		return Float.isFinite(losses[0]) ? losses[1] : Float.NaN;
	}

	/** One critic step; the content loss it returns is NaN when the critic's loss is. */
	private float critic(final Batch batch, final long criticStep) {
		final float[] losses = gan.criticStep(batch, settings.criticLearningRate, criticStep);
		criticLoss = losses[0];
		return Float.isFinite(criticLoss) ? losses[1] : Float.NaN;
	}

	@Override
	public Map<String, float[]> inferenceWeights() {
		return gan.generatorWeights();
	}

	@Override
	public void load(final Map<String, float[]> weights) {
		gan.loadGenerator(weights);
	}

	@Override
	public long weightCount() {
		return gan.generatorWeightCount();
	}

	@Override
	public TrainingGraph evaluator() {
		judge.load(gan.generatorWeights());
		return judge;
	}

	@Override
	public AtomicFolder.Content stateFiles() {
		return folder -> {
			gan.saveState(folder.resolve(ModelFolder.STATE_PREFIX));
			try (Writer out = Files.newBufferedWriter(folder.resolve(TURNS), StandardCharsets.UTF_8)) {
				new Yaml().dump(turns.toMap(), out);
			}
		};
	}

	@Override
	public void restoreState(final Path folder) {
		gan.restoreState(ModelFolder.statePrefix(folder));
		try (Reader in = Files.newBufferedReader(folder.resolve(TURNS), StandardCharsets.UTF_8)) {
			turns.restore((Map<?, ?>) new Yaml().load(in));
		}
		catch (final IOException e) {
			throw new UncheckedIOException("cannot read where the adversarial turns stood from " +
				folder.resolve(TURNS) + "; train the adversarial phase anew (resume=false)", e);
		}
	}

	@Override
	public void close() {
		judge.close();
		gan.close();
	}
}
