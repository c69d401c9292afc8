package org.pixelwise.command;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.tensorflow.exceptions.TFResourceExhaustedException;

/**
 * Turns an exception into the sentence a user reads: our own messages already say what was
 * wrong and what to do, so they pass through; a full disk, memory and cancellation get their
 * own words, wherever in the chain of causes they are.
 */
public final class Failures {

	private static final Pattern FULL = Pattern.compile(
		"No space left on device|Disk quota exceeded|There is not enough space on the disk");
	private static final Pattern PATH = Pattern.compile("(/[^\\s:;,'\"]+|[A-Za-z]:\\\\[^\\s:;,'\"]+)");

	private Failures() {}

	public static String describe(final Throwable e) {
		if (e instanceof CancellationException) return "cancelled";
		// TensorFlow reports a full disk while saving as RESOURCE_EXHAUSTED, like running out of
		// memory, so the disk is checked first.
		final String disk = diskFull(e);
		if (disk != null) return disk;
		for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause())
			if (t instanceof OutOfMemoryError || t instanceof TFResourceExhaustedException)
				return "out of memory (" + t.getMessage() + "); use a smaller batch_size (and " +
					"tile_size or patch_size), or give Java more memory: in Fiji, Edit > Options > " +
					"Memory & Threads; with the launcher, java -Xmx8g -jar plugins/pixelwise.jar ...";
		final String message = e.getMessage();
		final StringBuilder reason = new StringBuilder(message == null || message.isEmpty() ? e
			.getClass().getSimpleName() : message);
		// An unexpected failure's cause is often what a user can act on (a missing file).
		final Throwable cause = e.getCause();
		if (cause != null && cause != e && (message == null || !message.contains(String.valueOf(
			cause.getMessage())))) reason.append(" (caused by ").append(cause.getClass()
				.getSimpleName()).append(cause.getMessage() == null ? "" : ": " + cause.getMessage())
				.append(')');
		return reason.toString();
	}

	/** "the disk is full ..." with where and how much is free there, or null. */
	static String diskFull(final Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
			final String message = t.getMessage();
			if (message == null) continue;
			final Matcher full = FULL.matcher(message);
			if (!full.find()) continue;
			String where = t instanceof FileSystemException ? ((FileSystemException) t).getFile()
				: null;
			if (where == null) {
				final Matcher path = PATH.matcher(message);
				if (path.find()) where = path.group(1);
			}
			return "the disk is full (" + full.group() + ")" + (where == null ? ""
				: " while writing '" + where + "'" + free(where)) +
				"; free some space there or write to a folder on another disk, then run again " +
				"(training resumes with resume=true)";
		}
		return null;
	}

	private static String free(final String where) {
		try {
			Path p = Paths.get(where).toAbsolutePath();
			while (p != null && !Files.exists(p))
				p = p.getParent();
			if (p == null) return "";
			return String.format(Locale.ROOT, " (%.1f MB free there now)", Files.getFileStore(p)
				.getUsableSpace() / 1e6);
		}
		catch (final IOException | RuntimeException x) {
			return "";
		}
	}
}
