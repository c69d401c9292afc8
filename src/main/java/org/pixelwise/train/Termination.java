package org.pixelwise.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Notices that the JVM is being shut down (SIGTERM, as cluster schedulers end a job at its
 * time limit; SIGINT; Fiji quitting) while a training runs, and holds the shutdown until the
 * training has saved its latest checkpoint and returned, for at most two minutes. Without it
 * the JVM would stop mid-step with no final save and no message.
 */
final class Termination implements AutoCloseable {

	private static final long MOST_SECONDS = 120;

	private final CountDownLatch finished = new CountDownLatch(1);
	private final Thread hook;
	private volatile boolean requested;

	Termination() {
		hook = new Thread(() -> {
			requested = true;
			try {
				finished.await(MOST_SECONDS, TimeUnit.SECONDS);
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}, "pixelwise-save-on-termination");
		Runtime.getRuntime().addShutdownHook(hook);
	}

	/** True once the JVM has begun to shut down. */
	boolean requested() {
		return requested;
	}

	@Override
	public void close() {
		finished.countDown();
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (final IllegalStateException e) {
			// Already shutting down: the hook is running and has just been released.
		}
	}
}
