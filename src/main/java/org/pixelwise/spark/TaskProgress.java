package org.pixelwise.spark;

import java.io.PrintStream;
import java.util.Locale;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Prints the tasks done, of how many, and the time left on the driver's console as tasks end.
 * Failed attempts that Spark retries are counted as retries, not as done.
 */
final class TaskProgress extends SparkListener {

	private final PrintStream out;
	private final String verb;
	private int total;
	private int done;
	private int retried;
	private long start;

	TaskProgress(final PrintStream out, final String verb) {
		this.out = out;
		this.verb = verb;
	}

	synchronized void expect(final int tasks) {
		total = tasks;
		done = 0;
		retried = 0;
		start = System.nanoTime();
	}

	/**
	 * Called once the job has returned: every task is done, but Spark's listener bus delivers
	 * task ends asynchronously and may not have passed on the last ones yet. Prints the final
	 * count if it has not, and ignores anything that arrives later.
	 */
	synchronized void finished() {
		if (total > 0 && done < total) {
			done = total - 1;
			print(total);
		}
		total = 0;
	}

	synchronized int retried() {
		return retried;
	}

	@Override
	public synchronized void onTaskEnd(final SparkListenerTaskEnd end) {
		if (total == 0) return;
		if (!end.taskInfo().successful()) {
			retried++;
			out.printf(Locale.ROOT, "Pixelwise: a task failed on executor %s (%s); Spark retries it%n",
				end.taskInfo().executorId(), end.reason());
			return;
		}
		print(total);
	}

	private void print(final int tasks) {
		done++;
		final double seconds = (System.nanoTime() - start) / 1e9;
		final long left = Math.round(seconds / done * (tasks - done));
		out.printf(Locale.ROOT, "Pixelwise: %d/%d tasks %s, ETA %dm%02ds%n", done, tasks, verb,
			left / 60, left % 60);
		out.flush();
	}
}
