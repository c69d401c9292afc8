package org.pixelwise.command;

import java.io.File;

import ij.ImagePlus;
import java.nio.file.Files;
import java.util.List;

import org.pixelwise.device.Device;
import org.pixelwise.imagej.FolderPipeline;
import org.pixelwise.imagej.ImageFiles;
import org.pixelwise.imagej.RestorationJob;
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
 * Restores every image in a folder into NAME_restored.tif. Outputs are written atomically, so
 * a rerun skips finished images and resumes where an interrupted run stopped.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Pixelwise>Pixelwise Restore Folder",
	label = "Pixelwise Restore Folder")
public class RestoreFolder extends PixelwiseCommand {

	// Absent from contexts made with only the services a caller names; models then load per use.
	@Parameter(required = false)
	private LoadedModels models;


	@Parameter(label = "Model folder (Pixelwise, bioimage.io or CSBDeep)", style = FileWidget.DIRECTORY_STYLE)
	private File model;

	@Parameter(label = "Input folder", style = FileWidget.DIRECTORY_STYLE)
	private File input;

	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE)
	private File output;

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
	private String summary;

	@Parameter
	private LogService log;

	@Override
	public void run() {
		try (ModelCache.Lease<RestorationModel> lease = LoadedModels.restoration(models, model, Device.parse(device)
			.withPrecision(precision), allow_risky_ops)) {
			final RestorationModel loaded = lease.model();
			final List<File> files = ImageFiles.list(input, "input");
			ImageFiles.checkSeparate(input, output);
			if (files.isEmpty()) throw new IllegalArgumentException("the input folder '" + input +
				"' holds no images (TIFF, PNG, JPEG, BMP, GIF)");
			Files.createDirectories(output.toPath());
			final Restorer restorer = new Restorer(loaded, tile_size, batch_size, message -> log.info(
				"Pixelwise: " + message));
			restorer.setTestTimeAugmentation(test_time_augmentation);
			restorer.predictor().setCancelled(this::stopRequested);
			final FolderReport report = new FolderReport("restored", files.size(), log, null,
				this::stopRequested);
			final RestorationJob job = new RestorationJob(restorer, loaded.outputScale(), output_type
				.equals("same as input"), output.toPath());
			new FolderPipeline<ImagePlus, ImagePlus>(ImageFiles::open, job::process, job::write).run(
				files, file -> report.skip(job.finished(file)), this::stopRequested, report);
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
