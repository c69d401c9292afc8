package org.pixelwise.command;

import java.io.File;

import org.pixelwise.bioimage.ModelPackage;
import org.pixelwise.bioimage.TestTensors;
import org.pixelwise.device.Device;
import org.pixelwise.imagej.TiffTensors;
import org.pixelwise.model.ModelFolder;
import org.pixelwise.model.ModelImport;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Runs a model's test input through it and reports the largest difference from its test
 * output: the check that a model computes here what its authors saw.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Pixelwise>Pixelwise Test Model",
	label = "Pixelwise Test Model")
public class TestModel extends PixelwiseCommand {

	@Parameter(label = "Model (folder, .zip or rdf.yaml)", style = FileWidget.OPEN_STYLE)
	private File model;

	@Parameter(label = "Tolerance (-1 = the model's own, else 1e-4)", required = false)
	private double tolerance = -1;

	@Parameter(label = "Allow risky operations (only for models you trust)", required = false)
	private boolean allow_risky_ops = false;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	private String device = "auto";

	@Parameter(type = ItemIO.OUTPUT, label = "Largest difference")
	private double max_difference;

	@Parameter(type = ItemIO.OUTPUT, label = "Test result")
	private String result;

	@Parameter
	private LogService log;

	@Override
	public void run() {
		try (ModelPackage pkg = ModelPackage.open(ModelFolder.resolve(model.toPath()))) {
			pkg.verify();
			final double limit = tolerance >= 0 ? tolerance : ModelImport.tolerance(pkg.rdf.raw);
			final TestTensors.Result r = TestTensors.run(pkg, Device.parse(device), allow_risky_ops,
				new TiffTensors(), limit);
			max_difference = r.maxDifference;
			result = "Model '" + pkg.rdf.name + "': " + r;
			log.info("Pixelwise: " + result);
			if (!r.passed()) cancel(result + "; the model does not reproduce its test output here");
		}
		catch (final Exception e) {
			cancel(Failures.describe(e));
		}
	}
}
