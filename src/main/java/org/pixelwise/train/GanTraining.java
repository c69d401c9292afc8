package org.pixelwise.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.pixelwise.device.Device;
import org.pixelwise.files.AtomicFolder;
import org.pixelwise.model.ModelExport;
import org.pixelwise.model.ModelFolder;

/**
 * The last two phases of fast.ai's "NoGAN" (after a feature network and a generator trained
 * with the feature loss): pretrain a critic on the generator's restorations against the real
 * images, then alternate short critic and generator turns ({@link GanSwitch}) with the content
 * loss keeping the generator faithful. Both run in the {@link Trainer}'s loop as an
 * {@link AdversarialTask}, with checkpoints under {@code MODEL/adversarial}, so that a run
 * stopped in them (cancelled, SIGTERM, kill -9) resumes there. The pretrained generator is
 * kept as {@code MODEL/pretrained}; when the phases complete, the generator with the best
 * validation content loss of the adversarial steps becomes {@code MODEL/best}.
 */
public final class GanTraining {

	/** The adversarial phases' checkpoints, inside the model folder. */
	public static final String PHASE_FOLDER = "adversarial";
	static final String PRETRAINED = "pretrained";

	/** Phase lengths and weights; fast.ai's choices where it has them. */
	public static final class Settings {
		public int criticSteps = 200;
		public int ganSteps = 400;
		public int validateEvery = 50;
		/** The generator's learning rate in the adversarial phase. */
		public float learningRate = 1e-4f;
		/**
		 * The critic's: a critic at the generator's 1e-4 stayed at chance (BCE 1.38 = 2 ln 2)
		 * through 200 pretraining steps on T91, so it learns ten times faster.
		 */
		public float criticLearningRate = 1e-3f;
		/**
		 * The most critic steps in one turn. A critic that never reaches its loss threshold would
		 * otherwise take 50 steps for each generator step, and the generator would hardly train.
		 */
		public int maxCriticSteps = 5;
		/** The content loss is weighted 1; this weighs the generator's adversarial loss. */
		public float adversarialWeight = 0.5f;
		/** BCE as fast.ai: it is bounded below, so the generator cannot run off. */
		public AdversarialLoss loss = AdversarialLoss.BCE;
		public long seed = 42;

		public Map<String, Object> toMap() {
			final Map<String, Object> map = new LinkedHashMap<>();
			map.put("critic_steps", criticSteps);
			map.put("gan_steps", ganSteps);
			map.put("adversarial_loss", loss.name().toLowerCase(Locale.ROOT));
			map.put("adversarial_weight", adversarialWeight);
			map.put("gan_learning_rate", learningRate);
			map.put("critic_learning_rate", criticLearningRate);
			map.put("max_critic_steps_per_turn", maxCriticSteps);
			map.put("validate_every", validateEvery);
			return map;
		}
	}

	/** How the adversarial phase went. */
	public static final class Result {
		public final Trainer.Outcome outcome;
		public final String message;
		/** The adversarial phases' rows; the pretraining's are in {@code MODEL/pretrained}. */
		public final List<Map<String, Object>> history;
		public final double bestContentLoss;

		Result(final Trainer.Result loop) {
			this.outcome = loop.outcome;
			this.message = loop.message;
			this.history = loop.history;
			this.bestContentLoss = -loop.bestScore;
		}
	}

	private final Device device;
	private final TrainingListener listener;
	private final BooleanSupplier cancelled;

	public GanTraining(final Device device, final TrainingListener listener,
		final BooleanSupplier cancelled)
	{
		this.device = device;
		this.listener = listener;
		this.cancelled = cancelled;
	}

	/**
	 * Runs the adversarial phases after {@code task}'s pretraining, or continues them from
	 * their latest checkpoint when {@code resume} and there is one.
	 *
	 * @param task the restoration task the generator was pretrained on (its objective holds the
	 *          content loss; its data gives batches and validation)
	 * @param modelPath the model folder the pretraining wrote
	 */
	public Result run(final RestorationTask task, final Settings s, final Path modelPath,
		final boolean resume) throws IOException, InterruptedException
	{
		final Path phase = modelPath.resolve(PHASE_FOLDER);
		final boolean resuming = resume && ModelFolder.hasTrainingState(AtomicFolder.recover(phase
			.resolve(ModelFolder.LATEST)));
		Map<String, float[]> pretrained = null;
		if (!resuming) {
			pretrained = task.pretrainedWeights(modelPath, device, s.seed);
			keepPretrained(modelPath);
		}
		final AdversarialTask adversarial = new AdversarialTask(task, s, pretrained, device);
		final TrainingSettings loop = new TrainingSettings();
		loop.stepsPerEpoch = s.validateEvery;
		loop.epochs = (s.criticSteps + s.ganSteps + s.validateEvery - 1) / s.validateEvery;
		loop.maxLearningRate = s.learningRate;
		loop.oneCycle = false;
		loop.seed = s.seed + 7;
		final Trainer trainer = new Trainer(device, listener, cancelled);
		final Trainer.Result result = resuming ? trainer.resume(adversarial, loop, phase) : trainer
			.train(adversarial, loop, phase);
		if (result.outcome == Trainer.Outcome.COMPLETED) {
			final Path best = AtomicFolder.recover(phase.resolve(ModelFolder.BEST));
			AtomicFolder.write(modelPath.resolve(ModelFolder.BEST), tmp -> ModelExport.copyTree(best,
				tmp));
			listener.message("the adversarial phases are done; the best generator of them is now " +
				modelPath.resolve(ModelFolder.BEST) + " (the pretrained one is in " + modelPath.resolve(
					PRETRAINED) + ")");
		}
		else listener.message("the adversarial phases ended early (" + result.message + "); " +
			modelPath.resolve(ModelFolder.BEST) + " is still the pretrained generator");
		return new Result(result);
	}

	/** Copies the pretrained generator's package aside before the adversarial phase replaces it. */
	private static void keepPretrained(final Path modelPath) throws IOException {
		final Path best = AtomicFolder.recover(modelPath.resolve(ModelFolder.BEST));
		if (!Files.isDirectory(best)) return;
		AtomicFolder.write(modelPath.resolve(PRETRAINED), tmp -> ModelExport.copyTree(best, tmp));
	}
}
