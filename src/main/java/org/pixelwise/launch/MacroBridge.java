package org.pixelwise.launch;

import java.util.Map;

import ij.ImagePlus;
import ij.Macro;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;

import org.scijava.command.CommandInfo;

/**
 * The ImageJ 1 plugin that a macro's {@code run("Pixelwise Segment Image", "model=[/a b/m]")}
 * reaches when the launcher runs a macro with {@code -batch}. ImageJ 1 calls it with the
 * command's label as its argument (see {@link MacroCommandTable}); it reads the macro's options,
 * runs the SciJava command in the launcher's context, and shows the images the command made so
 * that the next macro lines can use them. An image parameter the macro does not name gets the
 * current image. When the command fails it records why and aborts the macro, because ImageJ 1
 * itself would print the exception and carry on with the next line.
 * <p>
 * Inside Fiji this class is not used: Fiji's own macro bridge runs the commands.
 */
public final class MacroBridge implements PlugIn {

	/*
	 * ImageJ 1 creates plugins by class name with no arguments, so the runner and the failure
	 * of the macro being run live here rather than in an instance.
	 */
	private static volatile CommandRunner runner;
	private static volatile String failure;

	/** Lets macros reach the commands of this runner until {@link #detach()}. */
	static void attach(final CommandRunner commands) {
		runner = commands;
		failure = null;
	}

	/** Ends a macro run; returns why a command failed in it, or null when none did. */
	static String detach() {
		final String why = failure;
		runner = null;
		failure = null;
		return why;
	}

	@Override
	public void run(final String label) {
		final CommandRunner commands = runner;
		if (commands == null)
			throw new IllegalStateException(String.format(
				"'%s' runs from a macro only under 'java -jar pixelwise.jar -batch'", label));
		try {
			final CommandInfo info = commands.find(label);
			final Map<String, String> options;
			try {
				options = CommandLine.macroOptions(Macro.getOptions());
			}
			catch (final IllegalArgumentException e) {
				throw new LaunchFailure(LaunchFailure.USAGE, e.getMessage());
			}
			for (final Object output : commands.run(info, options, true).values())
				if (output instanceof ImagePlus)
					((ImagePlus) output).show();
		}
		catch (final LaunchFailure e) {
			final Interpreter macro = Interpreter.getInstance();
			failure = macro == null ? e.getMessage() : String.format("line %d: %s", macro
				.getLineNumber(), e.getMessage());
			Interpreter.abort();
		}
	}
}
