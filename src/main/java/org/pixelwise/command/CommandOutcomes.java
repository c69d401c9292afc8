package org.pixelwise.command;

import java.awt.GraphicsEnvironment;
import java.util.Arrays;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;

import org.scijava.event.EventHandler;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.event.ModuleCanceledEvent;
import org.scijava.module.event.ModuleErroredEvent;
import org.scijava.module.event.ModuleExecutedEvent;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.SciJavaService;
import org.scijava.service.Service;
import org.scijava.thread.ThreadService;

/**
 * Makes what a Pixelwise command did reach the user and the ImageJ 1 macro that ran it, which
 * imagej-legacy does not do in every case:
 * <ul>
 * <li>Images a command outputs join the running macro's batch-mode images, so that
 * {@code nImages}, {@code selectImage(title)} and {@code getTitle()} see them. A desktop Fiji
 * shows them itself; headless Fiji (imagej-legacy issues #271, #277) does not.</li>
 * <li>A command that fails or cancels logs its reason at error level (Fiji's console, or stderr
 * headless) and, inside a macro, aborts the macro with the reason as a macro error. Without
 * this, headless Fiji says nothing and the macro carries on; SciJava only shows the reason in
 * a dialog.</li>
 * </ul>
 * It listens to the module events SciJava publishes on the command's thread, so it covers every
 * Pixelwise command, and also the failures of SciJava's own preprocessors (a missing required
 * option), with no code in the commands. It is a {@link SciJavaService} because Fiji's
 * gateway starts only the services marked as SciJava's or ImageJ's.
 */
@Plugin(type = Service.class)
public class CommandOutcomes extends AbstractService implements SciJavaService {

	@Parameter
	private LogService log;

	@Parameter
	private ThreadService threads;

	/** Whether failures go to the log; a launcher that reports them itself turns this off. */
	private volatile boolean logFailures = true;

	public void setLogFailures(final boolean enabled) {
		logFailures = enabled;
	}

	@EventHandler
	protected void onExecuted(final ModuleExecutedEvent event) {
		final Module module = event.getModule();
		if (!isPixelwise(module) || !runsInHeadlessMacro()) return;
		final Thread macroThread = callerOf(Thread.currentThread());
		for (final ModuleItem<?> item : module.getInfo().outputs()) {
			final Object value = module.getOutput(item.getName());
			if (value instanceof ImagePlus) showToMacro((ImagePlus) value, macroThread);
		}
	}

	@EventHandler
	protected void onCanceled(final ModuleCanceledEvent event) {
		if (isPixelwise(event.getModule())) failed(event.getModule(), reasonOrDefault(event
			.getReason()));
	}

	@EventHandler
	protected void onErrored(final ModuleErroredEvent event) {
		if (!isPixelwise(event.getModule())) return;
		final Throwable e = event.getException();
		// One line that says why instead of SciJava's stack trace; the trace stays at debug level.
		event.consume();
		if (e != null) log.debug(e);
		failed(event.getModule(), e == null ? "it failed without a reason" : Failures.describe(e));
	}

	private void failed(final Module module, final String reason) {
		final String message = module.getInfo().getTitle() + ": " + reason;
		if (logFailures) log.error(message);
		abortMacro(message);
	}

	/**
	 * Ends the macro that is waiting for this command with a macro error that says why. In a
	 * desktop Fiji ImageJ 1 shows its "Macro Error" dialog; headless it cannot open the dialog,
	 * and the macro ends all the same, marked as failed.
	 */
	static void abortMacro(final String message) {
		final Interpreter macro = Interpreter.getInstance();
		if (macro == null) return;
		try {
			macro.abort(message);
		}
		catch (final RuntimeException e) {
			// ImageJ 1 ends an error by throwing "Macro canceled", or headless fails to open its
			// dialog; either way the macro is marked done and stops after this command returns.
		}
	}

	/**
	 * Adds the image to the macro's batch-mode images and makes it the macro thread's current
	 * image, as ImageJ 1 does when a plugin shows an image during a batch-mode macro.
	 */
	static void showToMacro(final ImagePlus image, final Thread macroThread) {
		final boolean known = Arrays.stream(Interpreter.getBatchModeImageIDs()).anyMatch(
			id -> id == image.getID());
		if (!known) Interpreter.addBatchModeImage(image);
		WindowManager.setTempCurrentImage(macroThread, image);
	}

	/** A command of ours runs from a batch-mode macro with no desktop to show its images. */
	private static boolean runsInHeadlessMacro() {
		return GraphicsEnvironment.isHeadless() && IJ.isMacro() && Interpreter.isBatchMode();
	}

	/** The thread that asked SciJava to run this one: the macro's, when a macro did. */
	private Thread callerOf(final Thread thread) {
		Thread caller = thread;
		for (Thread parent = threads.getParent(caller); parent != null && parent != caller; parent =
			threads.getParent(caller))
			caller = parent;
		return caller;
	}

	static boolean isPixelwise(final Module module) {
		return module.getInfo().getDelegateClassName().startsWith("org.pixelwise.");
	}

	private static String reasonOrDefault(final String reason) {
		return reason == null || reason.isEmpty() ? "it stopped without a reason" : reason;
	}
}
