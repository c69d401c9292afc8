package org.pixelwise.train;

import org.pixelwise.data.BatchProducer;

/**
 * The learning-rate range test (Smith 2017; fast.ai's lr_find): train a few dozen steps while
 * the rate grows exponentially, watch the smoothed loss, and suggest a rate a tenth of the one
 * where the loss was lowest, which is safely below where training starts to diverge.
 */
public final class LearningRateFinder {

	/** One rate tried and the smoothed loss seen with it. */
	public static final class Point {
		public final double rate, loss;

		Point(final double rate, final double loss) {
			this.rate = rate;
			this.loss = loss;
		}
	}

	private final double from, to;
	private final int steps;
	private final java.util.List<Point> curve = new java.util.ArrayList<>();

	public LearningRateFinder(final double from, final double to, final int steps) {
		this.from = from;
		this.to = to;
		this.steps = steps;
	}

	/**
	 * Runs the test and returns the suggested rate. The graph's weights are changed, so the
	 * caller re-initialises them before real training.
	 */
	public double find(final Trainable graph, final BatchProducer batches, final long seed)
		throws InterruptedException
	{
		double smoothed = 0, bestLoss = Double.POSITIVE_INFINITY, bestRate = from;
		for (int i = 0; i < steps; i++) {
			final double rate = from * Math.pow(to / from, i / (double) (steps - 1));
			final float loss = graph.train(batches.next(), (float) rate, i + 1, seed);
			if (!Float.isFinite(loss)) break;
			smoothed = 0.9 * smoothed + 0.1 * loss;
			final double debiased = smoothed / (1 - Math.pow(0.9, i + 1));
			curve.add(new Point(rate, debiased));
			if (debiased < bestLoss) {
				bestLoss = debiased;
				bestRate = rate;
			}
			if (i > 5 && debiased > 4 * bestLoss) break;
		}
		return bestRate / 10;
	}

	public java.util.List<Point> curve() {
		return java.util.Collections.unmodifiableList(curve);
	}
}
