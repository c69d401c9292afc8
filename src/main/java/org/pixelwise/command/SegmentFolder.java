package org.pixelwise.command;

import java.io.File;
import java.nio.file.Files;
import java.util.List;

import ij.ImagePlus;

import org.pixelwise.device.Device;
import org.pixelwise.imagej.FolderPipeline;
import org.pixelwise.imagej.ImageFiles;
import org.pixelwise.imagej.ImageSegmentation;
import org.pixelwise.imagej.SegmentationJob;
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

/**
 * Segments every image in a folder, writing for each input a float probability TIFF and a
 * label TIFF (and an instance TIFF for binary and instance models) named after it. Outputs are
 * written atomically, so a rerun skips images whose outputs exist and resumes where an
 * interrupted run stopped.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Pixelwise>Pixelwise Segment Folder",
	label = "Pixelwise Segment Folder")
public class SegmentFolder extends PixelwiseCommand {

	// Absent from contexts made with only the services a caller names; models then load per use.
	@Parameter(required = false)
	private LoadedModels models;


	@Parameter(label = "Model folder (Pixelwise, bioimage.io or CSBDeep)", style = FileWidget.DIRECTORY_STYLE)
	private File model;

	@Parameter(label = "Input folder", style = FileWidget.DIRECTORY_STYLE)
	private File input;

	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE)
	private File output;

	@Parameter(label = "Threshold (binary models; -1 = the model's own)", min = "-1", max = "1",
		stepSize = "0.05")
	private double threshold = -1;

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
	private String summary;

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private StatusService status;

	@Override
	public void run() {
		try {
			final FolderReport report;
			try (ModelCache.Lease<SegmentationModel> lease = LoadedModels.segmentation(models, model, Device.parse(
				device).withPrecision(precision), allow_risky_ops)) {
				final SegmentationModel loaded = lease.model();
				final List<File> files = ImageFiles.list(input, "input");
				ImageFiles.checkSeparate(input, output);
				if (files.isEmpty()) throw new IllegalArgumentException("the input folder '" + input +
					"' holds no images (TIFF, PNG, JPEG, BMP, GIF)");
				Files.createDirectories(output.toPath());
				report = new FolderReport("segmented", files.size(), log, status, this::stopRequested);
				final boolean hasInstances = loaded.labelMode() != org.pixelwise.data.LabelMode.CLASSES;
				final Segmenter segmenter = new Segmenter(loaded, tile_size, batch_size, threshold < 0
				? Double.NaN : threshold,
					message -> log.info("Pixelwise: " + message));
				segmenter.predictor().setCancelled(this::stopRequested);
				segmenter.setTestTimeAugmentation(test_time_augmentation);
				final SegmentationJob job = new SegmentationJob(segmenter, output.toPath(), hasInstances);
				new FolderPipeline<ImagePlus, ImageSegmentation>(ImageFiles::open, job::process, job::write)
					.run(files, file -> report.skip(job.finished(file)), this::stopRequested, report);
			}
			summary = report.summary(output.toString(), isCanceled());
			if (!report.failed.isEmpty()) {
				cancel(summary + "; " + report.failed.size() + " image(s) failed: " + String.join(", ",
					report.failed));
				return;
			}
			log.info("Pixelwise: " + summary);
		}
		catch (final Exception e) {
			cancel(Failures.describe(e));
		}
	}
}
