package org.pixelwise.command;

import ij.IJ;

import org.scijava.command.ContextCommand;

/**
 * What all Pixelwise commands share: they can be stopped, by SciJava's cancel or by Esc in
 * Fiji (ImageJ 1's usual way to stop a long operation), and long work polls
 * {@link #stopRequested()} between steps.
 */
abstract class PixelwiseCommand extends ContextCommand {

	/** True once the user asked to stop; Esc is latched into a cancel so it is not lost. */
	boolean stopRequested() {
		if (!isCanceled() && IJ.escapePressed()) {
			IJ.resetEscape();
			cancel("cancelled by the user (Esc)");
		}
		return isCanceled();
	}
}
