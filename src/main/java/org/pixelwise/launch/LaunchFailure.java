package org.pixelwise.launch;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.ExecutionException;

/**
 * Something that stops a launcher run, with the one line the user sees and the exit status a
 * batch script can test: {@link #USAGE} when what was asked for is wrong (no such command,
 * option or file), {@link #FAILED} when the work itself failed.
 */
final class LaunchFailure extends Exception {

	private static final long serialVersionUID = 1L;

	/** The command line asked for something that does not exist or is incomplete. */
	static final int USAGE = 2;

	/** The command ran and failed, or the macro stopped on an error. */
	static final int FAILED = 1;

	final int exitStatus;

	/** Whether the command itself ran and failed, and so has reported it (see CommandOutcomes). */
	final boolean commandRan;

	LaunchFailure(final int exitStatus, final String message) {
		this(exitStatus, message, false);
	}

	private LaunchFailure(final int exitStatus, final String message, final boolean commandRan) {
		super(message);
		this.exitStatus = exitStatus;
		this.commandRan = commandRan;
	}

	/** The command ran and failed or stopped, for this reason. */
	static LaunchFailure ofCommand(final String message) {
		return new LaunchFailure(FAILED, message, true);
	}

	/**
	 * The reason a run failed, in one line: the exception's message and, when it has one, a
	 * short note of its cause, because a bare stack trace tells a user nothing they can act on.
	 */
	static String reason(final Throwable failure) {
		final Throwable main = unwrap(failure);
		final String message = main.getMessage();
		final StringBuilder reason = new StringBuilder(message == null || message.isEmpty()
			? main.getClass().getSimpleName() : message);
		final Throwable cause = main.getCause();
		if (cause != null && cause != main)
			reason.append(" (caused by ").append(cause.getClass().getSimpleName()).append(cause
				.getMessage() == null ? "" : ": " + cause.getMessage()).append(')');
		return reason.toString();
	}

	/** Skips the exceptions that only carry another, such as the one a Future throws. */
	private static Throwable unwrap(final Throwable failure) {
		Throwable t = failure;
		while (t.getCause() != null && t.getCause() != t && (t instanceof ExecutionException ||
			t instanceof InvocationTargetException || t.getMessage() == null || t
				.getMessage().equals(t.getCause().toString())))
			t = t.getCause();
		return t;
	}
}
