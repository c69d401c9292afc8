package org.pixelwise.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.pixelwise.data.BatchProducer;
import org.pixelwise.data.TrainingSet;
import org.pixelwise.device.Device;
import org.pixelwise.files.AtomicFolder;
import org.pixelwise.files.FolderLock;
import org.pixelwise.model.ModelDescription;
import org.pixelwise.model.ModelFolder;
import org.pixelwise.net.UNetConfig;

/**
 * The training loop, the same for every {@link TrainingTask}: batches from a background
 * producer, Adam with the one-cycle schedule, validation after each epoch, "best" and "latest"
 * checkpoints, early stopping, cancellation, and a guard that stops on a NaN or exploding loss
 * without overwriting the last good checkpoint. A run can resume from its latest checkpoint.
 */
public final class Trainer {

	public enum Outcome {
		COMPLETED, STOPPED_EARLY, CANCELLED, DIVERGED
	}

	/** How a run ended. */
	public static final class Result {
		public final Outcome outcome;
		public final String message;
		public final List<Map<String, Object>> history;
		public final long steps;
		public final double seconds, pipelineWaitSeconds;
		/** The best validation score (the task's score, e.g. Dice). */
		public final double bestScore;
		/** What {@link #bestScore} is, e.g. val_dice. */
		public final String scoreName;

		Result(final Outcome outcome, final String message, final Run run) {
			this.scoreName = run.task.scoreName();
			this.outcome = outcome;
			this.message = message;
			this.history = run.history;
			this.steps = run.step;
			this.seconds = (System.nanoTime() - run.started) / 1e9;
			this.pipelineWaitSeconds = run.batches == null ? 0 : run.batches.waitSeconds();
			this.bestScore = run.best;
		}
	}

	/** The state of one run, kept together so the loop's parts stay small. */
	private static final class Run {
		final TrainingTask task;
		final TrainingSettings settings;
		final Path modelPath;
		final List<Map<String, Object>> history;
		final long started = System.nanoTime();
		long step;
		int epoch;
		double best;
		double maxRate;
		BatchProducer batches;
		Map<String, Object> facts;

		Run(final TrainingTask task, final TrainingSettings settings, final Path modelPath,
			final Map<?, ?> resumed)
		{
			this.task = task;
			this.settings = settings;
			this.modelPath = modelPath;
			history = new ArrayList<>();
			if (resumed != null) {
				@SuppressWarnings("unchecked")
				final List<Map<String, Object>> saved = (List<Map<String, Object>>) resumed.get("history");
				if (saved != null) history.addAll(saved);
				final Map<?, ?> training = (Map<?, ?>) resumed.get("training");
				step = ((Number) training.get("step")).longValue();
				epoch = ((Number) training.get("epoch")).intValue();
				maxRate = ((Number) training.get("max_learning_rate")).doubleValue();
			}
			best = Double.NaN;
			for (final Map<String, Object> row : history)
				best = better(best, score(row, task.scoreName()));
		}
	}

	private static final double EXPLOSION_FACTOR = 20;
	private static final String PREVIOUS = "previous";

	private final Device device;
	private final TrainingListener listener;
	private final BooleanSupplier cancelled;

	public Trainer(final Device device, final TrainingListener listener,
		final BooleanSupplier cancelled)
	{
		this.device = device;
		this.listener = listener;
		this.cancelled = cancelled;
	}

	/** Trains a new segmentation U-Net and writes it under {@code modelPath} (best/ and latest/). */
	public Result train(final TrainingSet data, final UNetConfig network,
		final TrainingSettings settings, final Path modelPath, final String name)
		throws IOException, InterruptedException
	{
		return train(new SegmentationTask(data, network, settings, name, device), settings, modelPath);
	}

	/** Continues a segmentation run from its latest checkpoint, up to {@code settings.epochs}. */
	public Result resume(final TrainingSet data, final TrainingSettings settings,
		final Path modelPath) throws IOException, InterruptedException
	{
		final ModelDescription saved = ModelFolder.readDescription(latest(modelPath));
		return resume(new SegmentationTask(data, saved.network, saved.head(settings.loss), settings,
			saved.name, device), settings, modelPath);
	}

	public Result train(final TrainingTask task, final TrainingSettings settings,
		final Path modelPath) throws IOException, InterruptedException
	{
		return run(new Run(task, settings, modelPath, null), null);
	}

	/**
	 * Continues the run saved under {@code modelPath} from its latest checkpoint, with its
	 * step, learning rate and history; {@code settings.epochs} is the new total.
	 */
	public Result resume(final TrainingTask task, final TrainingSettings settings,
		final Path modelPath) throws IOException, InterruptedException
	{
		final Path latest = latest(modelPath);
		return run(new Run(task, settings, modelPath, ModelFolder.readMap(latest)), latest);
	}

	/**
	 * The latest checkpoint of an earlier run in {@code modelPath}, recovered if a save was
	 * interrupted; a clear error if there is none, so that commands can check before they read it.
	 */
	public static Path latest(final Path modelPath) throws IOException {
		final Path latest = AtomicFolder.recover(modelPath.resolve(ModelFolder.LATEST));
		if (!ModelFolder.hasTrainingState(latest)) throw new IOException(
			"there is no training state to resume in '" + latest +
				"'; give the model folder of an earlier training run, or train anew");
		return latest;
	}

	private Result run(final Run run, final Path resumeFolder) throws IOException,
		InterruptedException
	{
		run.settings.check();
		try (FolderLock lock = FolderLock.take(run.modelPath, "training");
			Termination termination = new Termination())
		{
			for (final String kept : new String[] { ModelFolder.BEST, ModelFolder.LATEST, PREVIOUS })
				AtomicFolder.removeStale(run.modelPath.resolve(kept));
			return run(run, resumeFolder, termination);
		}
	}

	private Result run(final Run run, final Path resumeFolder, final Termination termination)
		throws IOException, InterruptedException
	{
		final TrainingSettings s = run.settings;
		device.check();
		if (resumeFolder == null) setAsidePreviousRun(run.modelPath);
		final int stepsPerEpoch = s.stepsPerEpoch > 0 ? s.stepsPerEpoch : run.task
			.automaticStepsPerEpoch();
		final long totalSteps = (long) stepsPerEpoch * s.epochs;
		try (Trainable graph = run.task.trainable(device, (float) s.gradientClipNorm)) {
			graph.initialize(s.seed);
			if (resumeFolder != null) {
				graph.restoreState(resumeFolder);
				listener.message("resuming from step " + run.step + " (epoch " + run.epoch + ") of " +
					resumeFolder);
				if (s.maxLearningRate > 0 && s.maxLearningRate != run.maxRate) {
					listener.message(String.format(Locale.ROOT,
						"learning rate %.3g given on resume replaces the run's %.3g", s.maxLearningRate,
						run.maxRate));
					run.maxRate = s.maxLearningRate;
				}
				reconcileBest(run);
			}
			else {
				run.maxRate = s.maxLearningRate > 0 ? s.maxLearningRate : findRate(run, graph);
				// After the rate finder, which leaves the weights where its probe took them.
				final Map<String, float[]> start = run.task.initialWeights(graph.inferenceWeights()
					.keySet());
				if (start != null) {
					graph.load(start);
					listener.message("starting from the weights of a trained model (" + start.size() +
						" variables)");
				}
			}
			run.facts = facts(run, stepsPerEpoch, graph.weightCount());
			final OneCycleSchedule schedule = new OneCycleSchedule(run.maxRate, totalSteps);
			int epochsWithoutGain = 0;
			double lowestSmoothed = Double.POSITIVE_INFINITY, smoothed = 0;
			final long firstStep = run.step;
			try (BatchProducer batches = run.task.batches(s.seed + 1_000_003L * run.step)) {
				run.batches = batches;
				// A run cancelled mid-epoch resumes with the rest of that epoch.
				int firstInEpoch = (int) Math.max(0, Math.min(stepsPerEpoch - 1, run.step - (long) run.epoch *
					stepsPerEpoch));
				while (run.epoch < s.epochs) {
					final long epochStart = System.nanoTime();
					double lossSum = 0;
					final int stepsThisEpoch = stepsPerEpoch - firstInEpoch;
					for (int i = firstInEpoch; i < stepsPerEpoch; i++) {
						if (cancelled.getAsBoolean() || termination.requested()) {
							save(run, graph, ModelFolder.LATEST, true);
							final String message = (termination.requested()
								? "training stopped by the system (SIGTERM or shutdown)" : "training cancelled") +
								" at step " + run.step + "; the model so far is in " + run.modelPath +
								" (resume=true continues it)";
							// A JVM that is shutting down may not get to print the command's summary.
							if (termination.requested()) listener.message(message);
							return new Result(Outcome.CANCELLED, message, run);
						}
						run.step++;
						final double rate = s.oneCycle ? schedule.rate(run.step) : run.maxRate;
						final float loss = graph.train(batches.next(), (float) rate, run.step, s.seed);
						// Debiased like Adam's moments, so the first steps are not compared with 0.
						smoothed = 0.9 * smoothed + 0.1 * loss;
						final double debiased = smoothed / (1 - Math.pow(0.9, run.step - firstStep));
						if (!Float.isFinite(loss) || debiased > EXPLOSION_FACTOR * lowestSmoothed) {
							final double baseline = run.task.baselineScore();
							final boolean noneGood = run.epoch == 0 || !Double.isNaN(baseline) && !(run.best >
								baseline);
							final String kept = run.epoch == 0 ? "no checkpoint of this run was written"
								: noneGood ? String.format(Locale.ROOT,
									"no checkpoint of this run beats the baseline (%s %.4g against %.4g), so none is good",
									run.task.scoreName(), run.best, baseline)
								: "the last good checkpoint (epoch " + run.epoch + ") in " + run.modelPath + " is kept";
							final String message = String.format(Locale.ROOT,
								"training diverged at step %d (loss %s); %s; %s with a lower learning_rate (now %.2g)",
								run.step, loss, kept, noneGood ? "retrain" : "resume or retrain", run.maxRate);
							listener.message(message);
							return new Result(Outcome.DIVERGED, message, run);
						}
						lowestSmoothed = Math.min(lowestSmoothed, debiased);
						lossSum += loss;
						final double elapsed = (System.nanoTime() - run.started) / 1e9;
						listener.step(new TrainingProgress(run.step, totalSteps, run.epoch + 1, s.epochs, loss,
							rate, elapsed, elapsed / (run.step - firstStep) * (totalSteps - run.step)));
					}
					run.epoch++;
					firstInEpoch = 0;
					final Map<String, Object> row = new LinkedHashMap<>();
					row.put("epoch", run.epoch);
					row.put("step", run.step);
					row.put("loss", round(lossSum / stepsThisEpoch));
					final Map<String, Object> scores = run.task.validate(graph.evaluator());
					row.putAll(scores);
					row.put("learning_rate", s.oneCycle ? schedule.rate(run.step) : run.maxRate);
					row.put("seconds", round((System.nanoTime() - epochStart) / 1e9));
					run.history.add(row);
					listener.epoch(row);
					save(run, graph, ModelFolder.LATEST, true);
					final double score = score(row, run.task.scoreName());
					if (Double.isNaN(run.best) || score > run.best) {
						run.best = score;
						epochsWithoutGain = 0;
						run.facts.put("best_epoch", run.epoch);
						for (final Map.Entry<String, Object> e : scores.entrySet())
							run.facts.put("best_" + e.getKey(), e.getValue());
						save(run, graph, ModelFolder.BEST, false);
						listener.message(String.format(Locale.ROOT, "epoch %d: %s %s, the best so far; saved to %s",
							run.epoch, run.task.scoreName(), row.get(run.task.scoreName()), run.modelPath.resolve(
								ModelFolder.BEST)));
					}
					else if (s.earlyStoppingPatience > 0 && ++epochsWithoutGain >= s.earlyStoppingPatience) {
						final String message = "stopped early after epoch " + run.epoch +
							": no better validation score for " + epochsWithoutGain + " epochs";
						listener.message(message);
						return new Result(Outcome.STOPPED_EARLY, message, run);
					}
				}
				return new Result(Outcome.COMPLETED, "trained " + run.epoch + " epochs (" + run.step +
					" steps)", run);
			}
		}
	}

	/**
	 * Makes best/ agree with what is on disk, not with the history: when a crash lost it (it
	 * dies between the latest/ and best/ saves of an epoch), it is re-created from latest/,
	 * and the score to beat is that of the checkpoint best/ really holds.
	 */
	private void reconcileBest(final Run run) throws IOException {
		final Path best = AtomicFolder.recover(run.modelPath.resolve(ModelFolder.BEST));
		if (java.nio.file.Files.isDirectory(best) && ModelFolder.isPixelwise(best)) {
			run.best = savedScore(run, best);
			return;
		}
		final Path latest = AtomicFolder.recover(run.modelPath.resolve(ModelFolder.LATEST));
		AtomicFolder.write(run.modelPath.resolve(ModelFolder.BEST), tmp -> copy(latest, tmp));
		run.best = savedScore(run, latest);
		listener.message("best/ was missing (a crash during its save); re-created it from latest/ " +
			"(epoch " + run.epoch + ")");
	}

	/** The validation score of the epoch a checkpoint holds, from its own history. */
	private static double savedScore(final Run run, final Path checkpoint) throws IOException {
		final Map<?, ?> saved = ModelFolder.readMap(checkpoint);
		final Object epoch = ((Map<?, ?>) saved.get("training")).get("epoch");
		final Object history = saved.get("history");
		if (history instanceof List) for (final Object row : (List<?>) history)
			if (row instanceof Map && epoch != null && epoch.equals(((Map<?, ?>) row).get("epoch"))) {
				@SuppressWarnings("unchecked")
				final Map<String, Object> r = (Map<String, Object>) row;
				return score(r, run.task.scoreName());
			}
		return Double.NaN;
	}

	private static void copy(final Path from, final Path to) throws IOException {
		try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(from)) {
			for (final Path p : (Iterable<Path>) files::iterator) {
				final Path target = to.resolve(from.relativize(p).toString());
				if (java.nio.file.Files.isDirectory(p)) java.nio.file.Files.createDirectories(target);
				else java.nio.file.Files.copy(p, target);
			}
		}
	}

	/**
	 * A new run into a folder that holds an earlier one moves the earlier best/ and latest/ to
	 * previous/, so that no checkpoint of another run is mistaken for this run's, and nothing is
	 * deleted that the user may still want.
	 */
	private void setAsidePreviousRun(final Path modelPath) throws IOException {
		final Path best = modelPath.resolve(ModelFolder.BEST), latest = modelPath.resolve(
			ModelFolder.LATEST);
		if (!java.nio.file.Files.exists(best) && !java.nio.file.Files.exists(latest)) return;
		final Path previous = modelPath.resolve(PREVIOUS);
		AtomicFolder.write(previous, tmp -> {
			for (final Path old : new Path[] { best, latest })
				if (java.nio.file.Files.exists(old)) java.nio.file.Files.move(old, tmp.resolve(old
					.getFileName()));
		});
		listener.message("the earlier model in " + modelPath + " was moved to " + previous);
	}

	private double findRate(final Run run, final Trainable graph) throws InterruptedException {
		final double rate;
		try (BatchProducer probe = run.task.batches(run.settings.seed + 1)) {
			rate = new LearningRateFinder(1e-6, 1, 60).find(graph, probe, run.settings.seed);
		}
		graph.initialize(run.settings.seed);
		listener.message(String.format(Locale.ROOT, "learning-rate finder suggests %.2g", rate));
		return rate;
	}

	private void save(final Run run, final Trainable graph, final String which,
		final boolean withState) throws IOException
	{
		final Map<String, Object> training = new LinkedHashMap<>(run.facts);
		training.put("step", run.step);
		training.put("epoch", run.epoch);
		run.task.save(run.modelPath.resolve(which), graph.evaluator(), training, run.history,
			withState ? graph.stateFiles() : null);
	}

	private static Map<String, Object> facts(final Run run, final int stepsPerEpoch,
		final long weights)
	{
		final TrainingSettings s = run.settings;
		final Map<String, Object> facts = new LinkedHashMap<>();
		facts.put("epochs", s.epochs);
		facts.put("steps_per_epoch", stepsPerEpoch);
		facts.put("batch_size", s.batchSize);
		facts.put("max_learning_rate", run.maxRate);
		facts.put("schedule", s.oneCycle ? "one-cycle" : "constant");
		facts.put("seed", s.seed);
		facts.put("weights", weights);
		facts.putAll(run.task.facts());
		return facts;
	}

	/**
	 * A row's score, higher is better; where the score is undefined (NaN), or the task is scored
	 * by its validation loss, a lower validation loss counts.
	 */
	private static double score(final Map<String, Object> row, final String name) {
		final Object value = row.get(name);
		final double score = name.equals("val_loss") ? Double.NaN : value instanceof Number
			? ((Number) value).doubleValue() : Double.NaN;
		if (!Double.isNaN(score)) return score;
		final Object loss = row.get("val_loss");
		return loss instanceof Number ? -((Number) loss).doubleValue() : Double.NaN;
	}

	private static double better(final double a, final double b) {
		return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
	}

	static double round(final double v) {
		return Double.isFinite(v) ? Math.round(v * 1e5) / 1e5 : v;
	}
}
