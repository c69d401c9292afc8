package org.pixelwise.train;

import java.util.Locale;

/** Where a training run is: step and epoch, the latest loss, and the estimated time left. */
public final class TrainingProgress {
	public final long step, totalSteps;
	public final int epoch, epochs;
	public final double loss, learningRate;
	public final double elapsedSeconds, etaSeconds;

	public TrainingProgress(final long step, final long totalSteps, final int epoch,
		final int epochs, final double loss, final double learningRate, final double elapsedSeconds,
		final double etaSeconds)
	{
		this.step = step;
		this.totalSteps = totalSteps;
		this.epoch = epoch;
		this.epochs = epochs;
		this.loss = loss;
		this.learningRate = learningRate;
		this.elapsedSeconds = elapsedSeconds;
		this.etaSeconds = etaSeconds;
	}

	public double fraction() {
		return step / (double) totalSteps;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "epoch %d/%d, step %d/%d, loss %.4f, lr %.2g, ETA %s",
			epoch, epochs, step, totalSteps, loss, learningRate, duration(etaSeconds));
	}

	public static String duration(final double seconds) {
		final long s = Math.round(seconds);
		return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60) : String
			.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
	}
}
