package org.pixelwise.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.pixelwise.data.Batch;
import org.pixelwise.data.BatchProducer;
import org.pixelwise.device.Device;
import org.pixelwise.files.AtomicFolder;
import org.pixelwise.model.ModelExport;
import org.pixelwise.model.ModelFolder;
import org.pixelwise.net.PatchCritic;

/**
 * The last two phases of fast.ai's "NoGAN" (after a feature network and a generator trained
 * with the feature loss): pretrain a critic on the generator's restorations against the real
 * images, then alternate short critic and generator turns ({@link GanSwitch}) with the content
 * loss keeping the generator faithful. Each validation keeps the generator if its validation
 * content loss is the best of the adversarial phase so far, as {@code MODEL/best}; the
 * pretrained generator moves to {@code MODEL/pretrained} for comparison.
 */
public final class GanTraining {

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
		public final boolean cancelled;
		public final List<Map<String, Object>> history;
		public final double bestContentLoss;

		Result(final boolean cancelled, final List<Map<String, Object>> history,
			final double bestContentLoss)
		{
			this.cancelled = cancelled;
			this.history = history;
			this.bestContentLoss = bestContentLoss;
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
	 * @param task the restoration task the generator was pretrained on (its objective holds the
	 *          content loss; its data gives batches and validation)
	 * @param generator the pretrained generator's weights
	 * @param earlier the pretraining's history, continued in the saved model's description
	 */
	public Result run(final RestorationTask task, final Map<String, float[]> generator,
		final Settings s, final Path modelPath, final List<Map<String, Object>> earlier)
		throws IOException, InterruptedException
	{
		final RestorationObjective objective = (RestorationObjective) task.objective();
		final ContentLoss content = objective.features != null ? ContentLoss.of(objective.features)
			: ContentLoss.of(objective.loss, objective.network.channels);
		final PatchCritic.Config critic = PatchCritic.Config.defaults(objective.network.channels);
		keepPretrained(modelPath);
		final List<Map<String, Object>> history = new ArrayList<>(earlier);
		double best = Double.POSITIVE_INFINITY;
		try (GanGraph gan = new GanGraph(objective.network, critic, content, s.loss, 1,
			s.adversarialWeight, device); TrainingGraph judge = new TrainingGraph(objective, device);
			BatchProducer batches = task.batches(s.seed + 7))
		{
			gan.initialize(s.seed);
			gan.loadGenerator(generator);
			final long start = System.nanoTime();
			final int total = s.criticSteps + s.ganSteps;
			float criticLoss = Float.NaN;
			for (int i = 1; i <= s.criticSteps; i++) {
				if (cancelled.getAsBoolean()) return new Result(true, history, best);
				criticLoss = gan.criticStep(batches.next(), s.criticLearningRate, i);
				if (i % 50 == 0 || i == s.criticSteps) report("phase 3 (critic pretraining)", i, total,
					start, String.format(Locale.ROOT, "critic loss %.4f", criticLoss));
			}
			final GanSwitch turns = new GanSwitch(s.loss.criticThreshold, Float.POSITIVE_INFINITY,
				s.maxCriticSteps, 1);
			float[] generatorLosses = { Float.NaN, Float.NaN, Float.NaN };
			for (int i = 1; i <= s.ganSteps; i++) {
				if (cancelled.getAsBoolean()) return new Result(true, history, best);
				final Batch batch = batches.next();
				if (turns.next() == GanSwitch.Turn.CRITIC) {
					criticLoss = gan.criticStep(batch, s.criticLearningRate, s.criticSteps + turns.steps(
						GanSwitch.Turn.CRITIC) + 1);
					turns.record(criticLoss);
				}
				else {
					generatorLosses = gan.generatorStep(batch, s.learningRate, turns.steps(
						GanSwitch.Turn.GENERATOR) + 1);
					if (!Float.isFinite(generatorLosses[0])) throw new IllegalStateException(
						"the adversarial phase diverged (generator loss " + generatorLosses[0] + ") at step " +
							i + "; the pretrained generator is kept in " + modelPath.resolve("pretrained") +
							"; lower the adversarial weight or the learning rate");
					turns.record(generatorLosses[2]);
				}
				if (i % s.validateEvery != 0 && i != s.ganSteps) continue;
				judge.load(gan.generatorWeights());
				final Map<String, Object> row = new LinkedHashMap<>();
				row.put("phase", "gan");
				row.put("gan_step", i);
				row.put("critic_loss", Trainer.round(criticLoss));
				row.put("content_loss", Trainer.round(generatorLosses[1]));
				row.put("adversarial_loss", Trainer.round(generatorLosses[2]));
				row.putAll(task.validate(judge));
				history.add(row);
				report("phase 4 (adversarial)", s.criticSteps + i, total, start, row.toString());
				final double score = ((Number) row.get("val_loss")).doubleValue();
				if (score < best) {
					best = score;
					final Map<String, Object> facts = new LinkedHashMap<>(task.facts());
					facts.putAll(s.toMap());
					facts.put("gan_best_step", i);
					task.save(modelPath.resolve(ModelFolder.BEST), judge, facts, history, false);
					listener.message("adversarial step " + i + ": best validation content loss so far (" +
						Trainer.round(score) + "); saved " + modelPath.resolve(ModelFolder.BEST));
				}
			}
		}
		return new Result(false, history, best);
	}

	/** Copies the pretrained generator's package aside before the adversarial phase replaces it. */
	private static void keepPretrained(final Path modelPath) throws IOException {
		final Path best = AtomicFolder.recover(modelPath.resolve(ModelFolder.BEST));
		if (!Files.isDirectory(best)) return;
		AtomicFolder.write(modelPath.resolve("pretrained"), tmp -> ModelExport.copyTree(best, tmp));
	}

	private void report(final String phase, final int done, final int total, final long start,
		final String detail)
	{
		final double elapsed = (System.nanoTime() - start) / 1e9;
		final double eta = elapsed / done * (total - done);
		listener.message(String.format(Locale.ROOT, "%s: step %d/%d, %s, ETA %dm%02ds", phase, done,
			total, detail, (int) eta / 60, (int) eta % 60));
	}
}
