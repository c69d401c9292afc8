package org.pixelwise.command;

import java.io.File;
import java.nio.file.Path;

import org.pixelwise.device.Device;
import org.pixelwise.imagej.TiffTensors;
import org.pixelwise.model.ModelImport;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Imports a model made elsewhere (a bioimage.io package as .zip, folder or rdf.yaml, or a
 * CSBDeep / N2V model folder) into a folder that Segment and Restore commands run from, after
 * checking it: safe unpacking, checksums, no file/process/network operations in its graph, and
 * its own test tensors.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Pixelwise>Pixelwise Import Model",
	label = "Pixelwise Import Model")
public class ImportModel extends PixelwiseCommand {

	@Parameter(label = "Model (.zip, rdf.yaml or model.yaml)", style = FileWidget.OPEN_STYLE)
	private File source;

	@Parameter(label = "Import into (a new folder)", style = FileWidget.DIRECTORY_STYLE)
	private File destination;

	@Parameter(label = "Allow risky operations (only for models you trust)", required = false)
	private boolean allow_risky_ops = false;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	private String device = "auto";

	@Parameter(type = ItemIO.OUTPUT, label = "Import report")
	private String report;

	@Parameter
	private LogService log;

	@Override
	public void run() {
		try {
			final Path from = source.toPath();
			final ModelImport.Report r = ModelImport.importTo(from, destination.toPath(), Device.parse(
				device), allow_risky_ops, new TiffTensors());
			report = "Imported '" + r.name + "' (" + r.kind + ") into " + r.folder + "\n" + (r.test ==
				null ? "It has no test tensors: it loads, but its output could not be checked."
					: "Test tensors " + r.test);
			if (r.test != null && !r.test.passed()) {
				cancel("the model '" + r.name + "' does not reproduce its own test output here (" + r.test +
					"); it was imported into " + r.folder + " but may compute something else than " +
					"its authors intended");
				return;
			}
			log.info("Pixelwise: " + report);
		}
		catch (final Exception e) {
			cancel(Failures.describe(e));
		}
	}
}
