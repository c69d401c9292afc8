package org.pixelwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one-cycle schedule: warm up from max/25 to max over 30% of the steps, then decay to max/1e5. */
class OneCycleScheduleTest {

	private static final double MAX = 2e-3;
	private static final long STEPS = 10_000;

	@Test
	void firstStepStartsAtATwentyFifthOfTheMaximum() {
		assertEquals(MAX / 25, new OneCycleSchedule(MAX, STEPS).rate(1), 1e-12 * MAX);
	}

	@Test
	void rateRisesToTheMaximumAtThirtyPercentOfTheStepsAndFallsAfterwards() {
		final OneCycleSchedule schedule = new OneCycleSchedule(MAX, STEPS);
		final long peak = STEPS * 3 / 10 + 1;
		assertEquals(MAX, schedule.rate(peak), 1e-12 * MAX);
		long argMax = 1;
		for (long step = 1; step <= STEPS; step++) {
			final double rate = schedule.rate(step);
			assertTrue(rate <= MAX * (1 + 1e-12), "step " + step + " has rate " + rate + " above the maximum");
			if (rate > schedule.rate(argMax)) argMax = step;
			if (step > 1 && step <= peak) assertTrue(rate >= schedule.rate(step - 1),
				"rate falls during the warm-up at step " + step);
			if (step > peak) assertTrue(rate <= schedule.rate(step - 1), "rate rises after the peak at step " +
				step);
		}
		assertEquals(peak, argMax);
	}

	@Test
	void lastStepEndsNearAHundredThousandthOfTheMaximum() {
		final double last = new OneCycleSchedule(MAX, STEPS).rate(STEPS);
		assertEquals(MAX / 1e5, last, 0.02 * MAX / 1e5);
	}

	@Test
	void consecutiveStepsNeverJump() {
		// The steepest part of the cosine warm-up changes the rate by about (pi/2) max / (0.3 steps)
		// per step; twice that leaves room for rounding but not for a discontinuity.
		for (final long steps : new long[] { 100, 1000, 7 }) {
			final OneCycleSchedule schedule = new OneCycleSchedule(MAX, steps);
			final double bound = 2 * Math.PI / 2 * MAX / (0.3 * steps);
			for (long step = 2; step <= steps; step++) {
				final double jump = Math.abs(schedule.rate(step) - schedule.rate(step - 1));
				assertTrue(jump <= bound, steps + " steps: rate jumps by " + jump + " at step " + step +
					" (bound " + bound + ")");
			}
		}
	}
}
