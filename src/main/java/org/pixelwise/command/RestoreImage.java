package org.pixelwise.command;

import java.io.File;

import ij.ImagePlus;

import org.pixelwise.device.Device;
import org.pixelwise.imagej.ImageRestoration;
import org.pixelwise.model.ModelCache;
import org.pixelwise.model.RestorationModel;
import org.pixelwise.model.Restorer;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/** Restores or upscales the open image (2-D, stack or hyperstack) with a restoration model. */
@Plugin(type = Command.class, menuPath = "Plugins>Pixelwise>Pixelwise Restore Image",
	label = "Pixelwise Restore Image")
public class RestoreImage extends PixelwiseCommand {

	// Absent from contexts made with only the services a caller names; models then load per use.
	@Parameter(required = false)
	private LoadedModels models;


	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "Model folder (Pixelwise, bioimage.io or CSBDeep)", style = FileWidget.DIRECTORY_STYLE)
	private File model;

	@Parameter(label = "Output type", choices = { "same as input", "32-bit" })
	private String output_type = "same as input";

	@Parameter(label = "Tile size (input pixels)", min = "16")
	private int tile_size = 1024;

	@Parameter(label = "Tiles per batch", min = "1")
	private int batch_size = 2;

	@Parameter(label = "Test-time augmentation (average of 8 orientations; 8x the time)",
		required = false)
	private boolean test_time_augmentation = false;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	private String device = "auto";

	@Parameter(label = "Precision (auto: bfloat16 where the CPU computes it natively; float32: exact)",
		choices = { "auto", "float32", "bfloat16" }, required = false)
	private String precision = "auto";

	@Parameter(label = "Allow risky operations (imported models you trust)", required = false)
	private boolean allow_risky_ops = false;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus restored;

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private StatusService status;

	@Override
	public void run() {
		if (image == null || image.getProcessor() == null) {
			cancel("there is no open image; open the image to restore first");
			return;
		}
		try (ModelCache.Lease<RestorationModel> lease = LoadedModels.restoration(models, model, Device.parse(device)
			.withPrecision(precision), allow_risky_ops)) {
			final RestorationModel loaded = lease.model();
			final Restorer restorer = new Restorer(loaded, tile_size, batch_size, message -> log.info(
				"Pixelwise: " + message));
			restorer.setTestTimeAugmentation(test_time_augmentation);
			restorer.predictor().setCancelled(this::stopRequested);
			if (image.getStackSize() == 1 && status != null) restorer.predictor().setProgressListener(
				fraction -> status.showProgress((int) (1000 * fraction), 1000));
			restored = ImageRestoration.of(image, restorer, loaded.outputScale(), output_type.equals(
				"same as input"), fraction -> {
					if (status != null) status.showProgress((int) (1000 * fraction), 1000);
				});
		}
		catch (final Exception e) {
			cancel(Failures.describe(e));
		}
	}
}
