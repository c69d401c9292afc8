package org.pixelwise.launch;

import java.util.Map;
import java.util.stream.Collectors;

import ij.Macro;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;

import org.scijava.command.CommandInfo;
import org.scijava.module.ModuleItem;

/**
 * The ImageJ 1 plugin that a macro's {@code run("Pixelwise Segment Image", "model=[/a b/m]")}
 * reaches when the launcher runs a macro with {@code -batch}. ImageJ 1 calls it with the
 * command's menu name as its argument (see {@link MacroCommandTable}); it reads the macro's
 * options as imagej-legacy does ({@link CommandLine#macroOptions}) and runs the SciJava command
 * in the launcher's context. An image parameter the macro does not name gets the current
 * image.
 * <p>
 * It does only what imagej-legacy does in a headless Fiji, so that what works here works
 * there: it does not show the images the command made, and it does not stop the macro when the
 * command fails. Both are the command's own business ({@code CommandOutcomes}). It stops the
 * macro only for mistakes in the request that never reach the command (an unknown option),
 * which Fiji would silently ignore.
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
	public void run(final String name) {
		final CommandRunner commands = runner;
		if (commands == null)
			throw new IllegalStateException(String.format(
				"'%s' runs from a macro only under 'java -jar pixelwise.jar -batch'", name));
		final Interpreter macro = Interpreter.getInstance();
		final String where = macro == null ? "" : String.format("line %d: ", macro.getLineNumber());
		try {
			final CommandInfo info = commands.findByMenuName(name);
			final Map<String, String> options;
			try {
				options = CommandLine.macroOptions(info.getLabel(), Macro.getOptions(), CommandRunner.options(info)
					.stream().map(ModuleItem::getName).collect(Collectors.toList()));
			}
			catch (final IllegalArgumentException e) {
				throw new LaunchFailure(LaunchFailure.USAGE, String.format("'%s': %s", name, e
					.getMessage()));
			}
			commands.run(info, options, true);
		}
		catch (final LaunchFailure e) {
			failure = where + e.getMessage();
			if (!e.commandRan && macro != null) try {
				macro.abort(e.getMessage());
			}
			catch (final RuntimeException end) {
				// ImageJ 1 ends a macro error by throwing; the macro is marked done either way.
			}
		}
	}
}
