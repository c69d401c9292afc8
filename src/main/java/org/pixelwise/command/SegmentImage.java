package org.pixelwise.command;

import java.io.File;

import ij.ImagePlus;

import org.pixelwise.device.Device;
import org.pixelwise.imagej.ImageSegmentation;
import org.pixelwise.model.ModelCache;
import org.pixelwise.model.SegmentationModel;
import org.pixelwise.model.Segmenter;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/** Segments the open image (2-D, stack or hyperstack) with a trained Pixelwise model. */
@Plugin(type = Command.class, menuPath = "Plugins>Pixelwise>Pixelwise Segment Image",
	label = "Pixelwise Segment Image")
public class SegmentImage extends PixelwiseCommand {

	// Absent from contexts made with only the services a caller names; models then load per use.
	@Parameter(required = false)
	private LoadedModels models;


	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "Model folder (Pixelwise, bioimage.io or CSBDeep)", style = FileWidget.DIRECTORY_STYLE)
	private File model;

	@Parameter(label = "Threshold (binary models; -1 = the model's own)", min = "-1", max = "1",
		stepSize = "0.05")
	private double threshold = -1;

	@Parameter(label = "Show", choices = { "probabilities and labels", "labels",
		"probabilities", "instances", "all" })
	private String show = "probabilities and labels";

	@Parameter(label = "Tile size (pixels; 0 = the largest that fits an eighth of the memory)",
		min = "0", attrs = @Attr(name = OptionRanges.NON_ZERO_MIN, value = "16"))
	private int tile_size = 0;

	@Parameter(label = "Tiles per batch", min = "1")
	private int batch_size = 1;

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
	private ImagePlus probability_image;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus label_image;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus instance_image;

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private StatusService status;

	@Override
	public void run() {
		// Without an open image, a headless SciJava context fills in an empty ImagePlus.
		if (image == null || image.getProcessor() == null) {
			cancel("there is no open image; open the image to segment first");
			return;
		}
		try (ModelCache.Lease<SegmentationModel> lease = LoadedModels.segmentation(models, model, Device.parse(device)
			.withPrecision(precision), allow_risky_ops)) {
			final SegmentationModel loaded = lease.model();
			final Segmenter segmenter = new Segmenter(loaded, tile_size, batch_size, threshold < 0
				? Double.NaN : threshold,
				message -> log.info("Pixelwise: " + message));
			segmenter.predictor().setCancelled(this::stopRequested);
			segmenter.setTestTimeAugmentation(test_time_augmentation);
			// A single large image reports tile by tile; a stack reports slice by slice.
			if (image.getStackSize() == 1 && status != null) segmenter.predictor().setProgressListener(
				fraction -> status.showProgress((int) (1000 * fraction), 1000));
			final boolean all = show.equals("all");
			final ImageSegmentation result = ImageSegmentation.of(image, segmenter, fraction -> {
				if (status != null) status.showProgress((int) (1000 * fraction), 1000);
			}, all || show.contains("probabilities"), all || show.equals("instances"));
			if (all || show.contains("probabilities")) probability_image = result.probabilities;
			if (all || show.contains("labels")) label_image = result.labels;
			if (all || show.equals("instances")) {
				if (result.instances == null) log.warn("Pixelwise: model '" + loaded.name() +
					"' has classes, not objects; it gives no instances");
				instance_image = result.instances;
			}
		}
		catch (final Exception e) {
			cancel(Failures.describe(e));
		}
	}
}
