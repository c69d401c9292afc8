package org.pixelwise.launch;

import java.awt.HeadlessException;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;

/**
 * Runs an ImageJ 1 macro file headless in batch mode, as {@code ImageJ -batch macro.ijm arg}
 * does, with the Pixelwise commands reachable through {@code run(label, options)}.
 * <p>
 * Unlike ImageJ 1's own {@code -batch}, which always exits 0, a run that went wrong is a
 * {@link LaunchFailure} (exit status 1): a macro error (syntax error, unknown command, wrong
 * argument), which ImageJ 1 reports through {@link Interpreter#wasError()}, or a Pixelwise
 * command that failed, which {@link MacroBridge} records before it aborts the macro. A macro
 * that stops itself with {@code exit} or {@code exit("message")} ends normally (status 0):
 * that is how the macro language ends a macro early, and a message there is often the result.
 */
final class BatchMacro {

	/**
	 * Why the macro was stopped for a dialog, and where: ImageJ 1 may report a later, confusing
	 * parse error (e.g. "';' expected") when the stop happens inside a loop, so this first
	 * reason is the one users see.
	 */
	private static volatile String dialogStop;

	private BatchMacro() {}

	static void run(final CommandRunner commands, final Path file, final String argument)
		throws LaunchFailure
	{
		final String macro;
		try {
			macro = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
		}
		catch (final IOException e) {
			throw new LaunchFailure(LaunchFailure.USAGE, String.format("cannot read macro '%s': %s",
				file, LaunchFailure.reason(e)));
		}
		MacroCommandTable.install(commands.pixelwiseCommands());
		dialogStop = null;
		final Interpreter interpreter = new Interpreter();
		RuntimeException stopped = null;
		String commandFailure;
		MacroBridge.attach(commands);
		// ImageJ 1 prints a stack trace for whatever a command throws, headless also for its
		// failing attempt to open the error dialog; the error itself is reported below, once.
		final Throwable[] thrown = new Throwable[1];
		IJ.setExceptionHandler(e -> {
			if (!(e instanceof HeadlessException) && thrown[0] == null) thrown[0] = e;
		});
		final PrintStream console = System.out;
		System.setOut(new PrintStream(console, true) {
			@Override
			public void println(final String line) {
				if (line == null || !line.startsWith(HeadlessException.class.getName())) {
					super.println(line);
					return;
				}
				// ImageJ 1's command runner logs the trace of a dialog it could not open. The error
				// dialog of a macro error is already recorded; a command's own dialog is a failure.
				if (!line.contains("Interpreter.showError")) stopForDialog();
			}
		});
		try {
			Interpreter.batchMode = true;
			interpreter.run(macro, argument);
		}
		catch (final RuntimeException e) {
			// Headless, ImageJ 1 ends a macro error by failing to open its error dialog.
			stopped = e;
		}
		finally {
			System.setOut(console);
			IJ.setExceptionHandler(null);
			commandFailure = MacroBridge.detach();
			closeBatchModeImages();
		}
		final String where = file.getFileName().toString();
		if (commandFailure != null)
			throw new LaunchFailure(LaunchFailure.FAILED, String.format("macro %s stopped at %s",
				where, commandFailure));
		if (dialogStop != null) throw new LaunchFailure(LaunchFailure.FAILED, String.format(
			"macro %s, %s", where, dialogStop));
		if (interpreter.wasError())
			throw new LaunchFailure(LaunchFailure.FAILED, String.format("macro %s, line %d: %s",
				where, errorLine(interpreter), interpreter.getErrorMessage()));
		if (thrown[0] != null) throw new LaunchFailure(LaunchFailure.FAILED, String.format(
			"macro %s stopped: %s", where, LaunchFailure.reason(thrown[0])));
		if (stopped != null && !Macro.MACRO_CANCELED.equals(stopped.getMessage()))
			throw new LaunchFailure(LaunchFailure.FAILED, String.format("macro %s stopped: %s",
				where, LaunchFailure.reason(stopped)));
	}

	/**
	 * Headless, ImageJ 1 cannot open the dialog through which most of its commands read their
	 * options (Fiji's imagej-legacy replaces it; this launcher cannot), and it would log a stack
	 * trace and carry on as if the command had run. This stops the macro with a macro error that
	 * says so instead.
	 */
	private static void stopForDialog() {
		final Interpreter macro = Interpreter.getInstance();
		if (macro == null) return;
		final String reason = "this ImageJ command opens a dialog, which ImageJ 1 cannot do headless in " +
			"this launcher; run the macro in Fiji (ImageJ --headless -batch), whose ImageJ reads " +
			"dialogs from the macro's options (the launcher runs Pixelwise commands and dialog-free " +
			"ImageJ commands)";
		final int line = Math.max(errorLine(macro), macro.getLineNumber());
		if (dialogStop == null) dialogStop = (line > 0 ? "line " + line + ": " : "") + reason;
		try {
			macro.abort("this ImageJ command opens a dialog, which ImageJ 1 cannot do headless in " +
				"this launcher; run the macro in Fiji (ImageJ --headless -batch), whose ImageJ reads " +
				"dialogs from the macro's options (the launcher runs Pixelwise commands and dialog-free " +
				"ImageJ commands)");
		}
		catch (final RuntimeException e) {
			// ImageJ 1 ends a macro error by throwing; the macro is marked failed either way.
		}
	}

	/**
	 * The line ImageJ 1 names in its error dialog. It keeps it in a package-private field;
	 * the public getLineNumber() has moved on to the next token by the time the error is seen.
	 */
	private static int errorLine(final Interpreter interpreter) {
		try {
			final Field line = Interpreter.class.getDeclaredField("lineNumber");
			line.setAccessible(true);
			return line.getInt(interpreter);
		}
		catch (final ReflectiveOperationException | RuntimeException e) {
			return interpreter.getLineNumber();
		}
	}

	/** Batch mode keeps images in a static list; a second macro in this JVM starts empty. */
	private static void closeBatchModeImages() {
		for (final int id : Interpreter.getBatchModeImageIDs()) {
			final ImagePlus image = WindowManager.getImage(id);
			if (image != null) {
				Interpreter.removeBatchModeImage(image);
				image.close();
			}
		}
		Interpreter.batchMode = false;
	}
}
