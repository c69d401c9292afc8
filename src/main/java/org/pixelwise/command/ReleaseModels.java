package org.pixelwise.command;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Frees the models Pixelwise keeps loaded between commands (their memory, CPU or GPU). */
@Plugin(type = Command.class, menuPath = "Plugins>Pixelwise>Pixelwise Release Models",
	label = "Pixelwise Release Models")
public class ReleaseModels extends PixelwiseCommand {

	@Parameter
	private LoadedModels models;

	@Parameter
	private LogService log;

	@Parameter(type = ItemIO.OUTPUT)
	private String summary;

	@Override
	public void run() {
		final int released = models.release();
		summary = released + " model(s) released; " + models.size() + " still in use";
		log.info("Pixelwise: " + summary);
	}
}
