package org.pixelwise.command;

import java.io.File;

import ij.ImagePlus;

import org.pixelwise.device.Device;
import org.pixelwise.imagej.ImageRestoration;
import org.pixelwise.model.ModelCache;
import org.pixelwise.model.RestorationModel;
import org.pixelwise.model.Restorer;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Renders the open image (any hyperstack, slice by slice) in the look a Train Style Transfer
 * model learnt; the result has the input's size and type.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Pixelwise>Pixelwise Stylize Image",
	label = "Pixelwise Stylize Image")
public class StylizeImage extends PixelwiseCommand {

	@Parameter(required = false)
	private LoadedModels models;

	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "Model folder (from Train Style Transfer)", style = FileWidget.DIRECTORY_STYLE)
	private File model;

	@Parameter(label = "Tile size (pixels)", min = "16")
	private int tile_size = 1024;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	private String device = "auto";

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus stylized;

	@Parameter
	private LogService log;

	@Override
	public void run() {
		if (image == null || image.getProcessor() == null) {
			cancel("there is no open image; open the image to stylize first");
			return;
		}
		try (ModelCache.Lease<RestorationModel> lease = LoadedModels.restoration(models, model, Device
			.parse(device), false))
		{
			final RestorationModel loaded = lease.model();
			if (loaded.outputScale() != 1) throw new IllegalArgumentException("the model '" + model +
				"' changes the image size (x" + loaded.outputScale() + "); give a style transfer model");
			final Restorer restorer = new Restorer(loaded, tile_size, 1, message -> log.info(
				"Pixelwise: " + message));
			restorer.predictor().setCancelled(this::stopRequested);
			stylized = ImageRestoration.of(image, restorer, 1, true, null);
			stylized.setTitle(image.getShortTitle() + "_stylized");
		}
		catch (final Exception e) {
			cancel(Failures.describe(e));
		}
	}
}
