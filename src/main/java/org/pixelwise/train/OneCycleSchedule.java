package org.pixelwise.train;

/**
 * The one-cycle learning-rate schedule (Smith 2018, as in fast.ai): a cosine warm-up from
 * max/25 to max over the first 30% of the steps, then a cosine decay to max/10^5. It trains
 * fast and tolerates a high peak rate, which makes short CPU training runs worthwhile.
 */
public final class OneCycleSchedule {
	private static final double WARM_UP = 0.3;
	private static final double START_DIVISOR = 25;
	private static final double END_DIVISOR = 1e5;

	private final double max;
	private final long totalSteps;

	public OneCycleSchedule(final double max, final long totalSteps) {
		this.max = max;
		this.totalSteps = Math.max(1, totalSteps);
	}

	/** The rate at a 1-based step. */
	public double rate(final long step) {
		final double t = Math.min(1, (step - 1) / (double) totalSteps);
		if (t < WARM_UP) return cosine(max / START_DIVISOR, max, t / WARM_UP);
		return cosine(max, max / END_DIVISOR, (t - WARM_UP) / (1 - WARM_UP));
	}

	private static double cosine(final double from, final double to, final double fraction) {
		return to + (from - to) * (1 + Math.cos(Math.PI * fraction)) / 2;
	}
}
