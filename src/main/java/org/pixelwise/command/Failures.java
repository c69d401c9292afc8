package org.pixelwise.command;

import java.util.concurrent.CancellationException;

import org.tensorflow.exceptions.TFResourceExhaustedException;

/**
 * Turns an exception into the sentence a user reads: our own messages already say what was
 * wrong and what to do, so they pass through; memory and cancellation get their own words.
 */
final class Failures {

	private Failures() {}

	static String describe(final Throwable e) {
		if (e instanceof CancellationException) return "cancelled";
		if (e instanceof OutOfMemoryError || e instanceof TFResourceExhaustedException)
			return "out of memory (" + e.getMessage() + "); use a smaller batch_size (and tile_size or " +
				"patch_size), or give Fiji more memory (Edit > Options > Memory & Threads)";
		final String message = e.getMessage();
		return message == null || message.isEmpty() ? e.getClass().getSimpleName() : message;
	}
}
