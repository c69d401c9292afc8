package org.pixelwise.launch;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * Entry point of {@code plugins/pixelwise.jar}. Without arguments (or with {@code demo}) it
 * runs the newcomer's demo; the Fiji-style {@code --run} and {@code -batch} modes come with
 * the Fiji layer.
 */
public final class Launcher {

	private Launcher() {}

	public static void main(final String[] args) {
		System.setProperty("java.awt.headless", "true");
		try {
			if (args.length == 0 || args[0].equals("demo")) {
				final Path output = Paths.get(args.length > 1 ? args[1] : "pixelwise-output");
				Demo.run(output, System.out);
				System.exit(0);
			}
			if (args[0].equals("--help") || args[0].equals("-h")) {
				System.out.println("usage: java -jar plugins/pixelwise.jar [demo [output-folder]]");
				System.exit(0);
			}
			System.err.println(String.format(Locale.ROOT,
				"unknown command '%s'; run with --help to see what is available", args[0]));
			System.exit(2);
		}
		catch (final Exception | OutOfMemoryError e) {
			System.err.println("pixelwise: " + e.getMessage());
			System.exit(1);
		}
	}
}
