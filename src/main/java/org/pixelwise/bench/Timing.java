package org.pixelwise.bench;

/** Wall-clock timing of repeated work: warm-up runs first, then the median of timed runs. */
final class Timing {

	private Timing() {}

	/**
	 * The median seconds of {@code repeats} timed runs after {@code warmup} untimed ones. The
	 * first runs of a TensorFlow graph at a new shape choose kernels and allocate, which a
	 * steady-state figure must leave out.
	 */
	static double medianSeconds(final Runnable run, final int warmup, final int repeats) {
		for (int i = 0; i < warmup; i++)
			run.run();
		final double[] seconds = new double[repeats];
		for (int i = 0; i < repeats; i++) {
			final long start = System.nanoTime();
			run.run();
			seconds[i] = (System.nanoTime() - start) / 1e9;
		}
		return Report.median(seconds);
	}
}
