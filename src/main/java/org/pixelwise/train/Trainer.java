package org.pixelwise.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.pixelwise.data.Augmenter;
import org.pixelwise.data.BatchProducer;
import org.pixelwise.data.PatchSampler;
import org.pixelwise.data.TrainingImage;
import org.pixelwise.data.TrainingSet;
import org.pixelwise.device.Device;
import org.pixelwise.model.AtomicFolder;
import org.pixelwise.model.ModelDescription;
import org.pixelwise.model.ModelFolder;
import org.pixelwise.net.UNetConfig;

/**
 * Trains a U-Net on a {@link TrainingSet}: batches from a background producer, Adam with the
 * one-cycle schedule, validation after each epoch, "best" and "latest" checkpoints, early
 * stopping, cancellation, and a guard that stops on a NaN or exploding loss without
 * overwriting the last good checkpoint. A run can resume from its latest checkpoint.
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
		public final double seconds, pipelineWaitSeconds, bestDice;

		Result(final Outcome outcome, final String message, final List<Map<String, Object>> history,
			final long steps, final double seconds, final double pipelineWaitSeconds,
			final double bestDice)
		{
			this.outcome = outcome;
			this.message = message;
			this.history = history;
			this.steps = steps;
			this.seconds = seconds;
			this.pipelineWaitSeconds = pipelineWaitSeconds;
			this.bestDice = bestDice;
		}
	}

	private static final double EXPLOSION_FACTOR = 20;

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

	/** Trains a new network and writes it under {@code modelPath} (best/ and latest/). */
	public Result train(final TrainingSet data, final UNetConfig network,
		final TrainingSettings settings, final Path modelPath, final String name)
		throws IOException, InterruptedException
	{
		return run(data, network, settings, modelPath, name, null, null);
	}

	/**
	 * Continues the run saved under {@code modelPath} from its latest checkpoint, up to
	 * {@code settings.epochs} epochs in all, with the saved learning-rate schedule and step.
	 */
	public Result resume(final TrainingSet data, final TrainingSettings settings,
		final Path modelPath) throws IOException, InterruptedException
	{
		final Path latest = AtomicFolder.recover(modelPath.resolve(ModelFolder.LATEST));
		if (!ModelFolder.hasTrainingState(latest)) throw new IOException("there is no training state to resume in '" +
			latest + "'; give the model folder of an earlier training run, or train anew");
		final ModelDescription saved = ModelFolder.readDescription(latest);
		return run(data, saved.network, settings, modelPath, saved.name, saved, latest);
	}

	private Result run(final TrainingSet data, final UNetConfig network,
		final TrainingSettings settings, final Path modelPath, final String name,
		final ModelDescription resumeFrom, final Path resumeFolder)
		throws IOException, InterruptedException
	{
		if (data.channels != network.inputChannels) throw new IllegalArgumentException("the images have " +
			data.channels + " channels but the network takes " + network.inputChannels +
			"; give images with " + network.inputChannels + " channels");
		if (data.outputChannels() != network.outputChannels) throw new IllegalArgumentException(
			"the labels make " + data.outputChannels() + " outputs but the model has " +
				network.outputChannels + "; use the same label mode and classes as the saved model");
		final int patch = patchSize(data.images, network, settings.patchSize);
		final TrainingSet.Split split = data.split(settings.validationFraction, settings.seed, patch,
			network.sizeMultiple(), settings.validationBands);
		final int targets = network.outputChannels;
		final PatchSampler sampler = new PatchSampler(split.training, patch, data.classCount,
			settings.classFocus);
		final Validation validation = new Validation(split.validation, patchSize(split.validation,
			network, patch), settings.batchSize,
			settings.maxValidationPatches, targets, data.classCount, 0.5);
		final int stepsPerEpoch = settings.stepsPerEpoch > 0 ? settings.stepsPerEpoch
			: automaticSteps(split.training, settings.batchSize, patch);
		final long totalSteps = (long) stepsPerEpoch * settings.epochs;
		final List<Map<String, Object>> history = resumeFrom == null ? new ArrayList<>()
			: new ArrayList<>(resumeFrom.history);
		long step = resumeFrom == null ? 0 : resumeFrom.step();
		int epoch = resumeFrom == null ? 0 : resumeFrom.epoch();
		double bestDice = bestDice(history);
		final long started = System.nanoTime();
		try (TrainingGraph graph = new TrainingGraph(network, settings.loss, device)) {
			graph.initialize(settings.seed);
			double maxRate = settings.maxLearningRate;
			if (resumeFrom != null) {
				graph.restoreState(resumeFolder.resolve(ModelFolder.TRAINING).resolve(
					ModelFolder.STATE_PREFIX));
				maxRate = ((Number) resumeFrom.training.get("max_learning_rate"))
					.doubleValue();
				listener.message("resuming from step " + step + " (epoch " + epoch + ") of " +
					resumeFolder);
			}
			else if (maxRate <= 0) {
				try (BatchProducer probe = producer(sampler, settings, patch, data.channels, targets,
					settings.seed + 1))
				{
					maxRate = new LearningRateFinder(1e-6, 1, 60).find(graph, probe, settings.seed);
				}
				graph.initialize(settings.seed);
				listener.message(String.format(Locale.ROOT, "learning-rate finder suggests %.2g", maxRate));
			}
			final OneCycleSchedule schedule = new OneCycleSchedule(maxRate, totalSteps);
			final Map<String, Object> facts = facts(settings, split, patch, stepsPerEpoch, maxRate,
				graph.weightCount());
			int epochsWithoutGain = 0;
			double lowestSmoothed = Double.POSITIVE_INFINITY, smoothed = Double.NaN;
			final long firstStep = step;
			try (BatchProducer batches = producer(sampler, settings, patch, data.channels, targets,
				settings.seed + 1_000_003L * step))
			{
				while (epoch < settings.epochs) {
					final long epochStart = System.nanoTime();
					double lossSum = 0;
					for (int i = 0; i < stepsPerEpoch; i++) {
						if (cancelled.getAsBoolean()) {
							save(modelPath.resolve(ModelFolder.LATEST), name, network, data, facts, step, epoch,
								history, graph, true);
							return new Result(Outcome.CANCELLED, "training cancelled at step " + step +
								"; the model so far is in " + modelPath, history, step, seconds(started), batches
									.waitSeconds(), bestDice);
						}
						step++;
						final double rate = settings.oneCycle ? schedule.rate(step) : maxRate;
						final float loss = graph.train(batches.next(), (float) rate, step, settings.seed);
						smoothed = Double.isNaN(smoothed) ? loss : 0.9 * smoothed + 0.1 * loss;
						if (!Float.isFinite(loss) || smoothed > EXPLOSION_FACTOR * lowestSmoothed) {
							final String message = String.format(Locale.ROOT,
								"training diverged at step %d (loss %s); the last good checkpoint in %s is kept; " +
									"lower max_learning_rate (now %.2g) and resume or retrain",
								step, loss, modelPath, maxRate);
							listener.message(message);
							return new Result(Outcome.DIVERGED, message, history, step, seconds(started), batches
								.waitSeconds(), bestDice);
						}
						lowestSmoothed = Math.min(lowestSmoothed, smoothed);
						lossSum += loss;
						final double elapsed = seconds(started);
						final double perStep = elapsed / (step - firstStep);
						listener.step(new TrainingProgress(step, totalSteps, epoch + 1, settings.epochs, loss,
							rate, elapsed, perStep * (totalSteps - step)));
					}
					epoch++;
					final Validation.Scores scores = validation.score(graph);
					final Map<String, Object> row = new LinkedHashMap<>();
					row.put("epoch", epoch);
					row.put("step", step);
					row.put("loss", round(lossSum / stepsPerEpoch));
					row.put("val_loss", round(scores.loss));
					row.put("val_dice", round(scores.dice));
					row.put("val_iou", round(scores.iou));
					row.put("learning_rate", settings.oneCycle ? schedule.rate(step) : maxRate);
					row.put("seconds", round((System.nanoTime() - epochStart) / 1e9));
					history.add(row);
					listener.epoch(row);
					save(modelPath.resolve(ModelFolder.LATEST), name, network, data, facts, step, epoch,
						history, graph, true);
					final double score = Double.isNaN(scores.dice) ? -scores.loss : scores.dice;
					if (Double.isNaN(bestDice) || score > bestDice) {
						bestDice = score;
						epochsWithoutGain = 0;
						facts.put("best_epoch", epoch);
						facts.put("best_val_dice", round(scores.dice));
						facts.put("best_val_iou", round(scores.iou));
						save(modelPath.resolve(ModelFolder.BEST), name, network, data, facts, step, epoch,
							history, graph, false);
						listener.message(String.format(Locale.ROOT,
							"epoch %d: validation Dice %.4f, the best so far; saved to %s", epoch, scores.dice,
							modelPath.resolve(ModelFolder.BEST)));
					}
					else if (settings.earlyStoppingPatience > 0 && ++epochsWithoutGain >=
						settings.earlyStoppingPatience)
					{
						final String message = "stopped early after epoch " + epoch + ": no better validation score for " +
							epochsWithoutGain + " epochs";
						listener.message(message);
						return new Result(Outcome.STOPPED_EARLY, message, history, step, seconds(started),
							batches.waitSeconds(), bestDice);
					}
				}
				return new Result(Outcome.COMPLETED, "trained " + epoch + " epochs (" + step + " steps)",
					history, step, seconds(started), batches.waitSeconds(), bestDice);
			}
		}
	}

	private void save(final Path folder, final String name, final UNetConfig network,
		final TrainingSet data, final Map<String, Object> facts, final long step, final int epoch,
		final List<Map<String, Object>> history, final TrainingGraph graph, final boolean withState)
		throws IOException
	{
		final Map<String, Object> training = new LinkedHashMap<>(facts);
		training.put("step", step);
		training.put("epoch", epoch);
		final ModelDescription description = new ModelDescription(name, network, data.labels.mode,
			data.classCount, data.labels.ignoreValue, data.lowPercentile, data.highPercentile,
			data.normalisation, 0.5, training, new ArrayList<>(history));
		ModelFolder.write(folder, description, graph.inferenceWeights(), withState ? graph : null,
			device);
	}

	private static Map<String, Object> facts(final TrainingSettings s, final TrainingSet.Split split,
		final int patch, final int stepsPerEpoch, final double maxRate, final long weights)
	{
		final Map<String, Object> facts = new LinkedHashMap<>();
		facts.put("epochs", s.epochs);
		facts.put("steps_per_epoch", stepsPerEpoch);
		facts.put("batch_size", s.batchSize);
		facts.put("patch_size", patch);
		facts.put("loss", s.loss.toString());
		facts.put("max_learning_rate", maxRate);
		facts.put("schedule", s.oneCycle ? "one-cycle" : "constant");
		facts.put("seed", s.seed);
		facts.put("validation_fraction", s.validationFraction);
		facts.put("validation", s.validationBands ? "bottom band of every image" : "held-out images");
		facts.put("training_images", names(split.training));
		facts.put("validation_images", names(split.validation));
		facts.put("weights", weights);
		return facts;
	}

	private static List<String> names(final List<TrainingImage> images) {
		final List<String> names = new ArrayList<>();
		for (final TrainingImage image : images)
			names.add(image.name);
		return names;
	}

	private static BatchProducer producer(final PatchSampler sampler, final TrainingSettings s,
		final int patch, final int channels, final int targets, final long seed)
	{
		return new BatchProducer(sampler, new Augmenter(s.augmentation), s.batchSize, patch, channels,
			targets, seed);
	}

	/** The patch size: the requested one, made a multiple of 2^depth and no larger than any image. */
	static int patchSize(final List<TrainingImage> images, final UNetConfig network,
		final int requested)
	{
		final int m = network.sizeMultiple();
		int smallest = Integer.MAX_VALUE;
		TrainingImage smallestImage = null;
		for (final TrainingImage image : images) {
			final int side = Math.min(image.width, image.height);
			if (side < smallest) {
				smallest = side;
				smallestImage = image;
			}
		}
		if (smallest < m) throw new IllegalArgumentException("image '" + smallestImage.name + "' is " +
			smallestImage.width + "x" + smallestImage.height + " pixels, smaller than the " + m + "x" + m +
			" this network needs (depth " + network.depth + "); give larger images or a shallower network");
		return Math.max(m, Math.min(requested, smallest) / m * m);
	}

	private static int automaticSteps(final List<TrainingImage> images, final int batch,
		final int patch)
	{
		long pixels = 0;
		for (final TrainingImage image : images)
			pixels += image.annotatedPixels();
		return (int) Math.max(10, Math.min(500, pixels / ((long) batch * patch * patch) + 1));
	}

	private static double bestDice(final List<Map<String, Object>> history) {
		double best = Double.NaN;
		for (final Map<String, Object> row : history) {
			final Object d = row.get("val_dice");
			if (d instanceof Number && (Double.isNaN(best) || ((Number) d).doubleValue() > best)) best =
				((Number) d).doubleValue();
		}
		return best;
	}

	private static double seconds(final long since) {
		return (System.nanoTime() - since) / 1e9;
	}

	static double round(final double v) {
		return Double.isFinite(v) ? Math.round(v * 1e5) / 1e5 : v;
	}
}
