package org.pixelwise.launch;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What one launcher run printed and returned, for the tests to check. */
final class LaunchResult {

	final int status;
	final String out;
	final String err;

	private LaunchResult(final int status, final String out, final String err) {
		this.status = status;
		this.out = out;
		this.err = err;
	}

	static LaunchResult of(final String... args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		final int status;
		try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
			PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8))
		{
			status = Launcher.run(args, o, e);
		}
		return new LaunchResult(status, out.toString(StandardCharsets.UTF_8), err.toString(
			StandardCharsets.UTF_8));
	}

	@Override
	public String toString() {
		return "exit " + status + "\n--- out:\n" + out + "--- err:\n" + err;
	}
}
