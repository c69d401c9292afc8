package org.pixelwise.command;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;

import org.pixelwise.device.Device;
import org.pixelwise.imagej.FolderPipeline;
import org.pixelwise.imagej.ImageFiles;
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
 * Renders every image of a folder in a style model's look, writing {@code output/images/NAME.tif}
 * (the input's type and size); with a labels folder, each image's label file (same base name) is
 * copied unchanged to {@code output/labels/}, so an annotated set becomes an annotated set in the
 * new look, ready for Train Segmentation. Resumable: images whose outputs exist are skipped.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Pixelwise>Pixelwise Stylize Folder",
	label = "Pixelwise Stylize Folder")
public class StylizeFolder extends PixelwiseCommand {

	@Parameter(required = false)
	private LoadedModels models;

	@Parameter(label = "Model folder (from Train Style Transfer)", style = FileWidget.DIRECTORY_STYLE)
	private File model;

	@Parameter(label = "Input folder", style = FileWidget.DIRECTORY_STYLE)
	private File input;

	@Parameter(label = "Label images folder (optional; copied unchanged)",
		style = FileWidget.DIRECTORY_STYLE, required = false)
	private File labels;

	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE)
	private File output;

	@Parameter(label = "Tile size (pixels)", min = "16")
	private int tile_size = 1024;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	private String device = "auto";

	@Parameter(type = ItemIO.OUTPUT)
	private String summary;

	@Parameter
	private LogService log;

	@Override
	public void run() {
		try (ModelCache.Lease<RestorationModel> lease = LoadedModels.restoration(models, model, Device
			.parse(device), false))
		{
			final RestorationModel loaded = lease.model();
			if (loaded.outputScale() != 1) throw new IllegalArgumentException("the model '" + model +
				"' changes the image size (x" + loaded.outputScale() + "); give a style transfer model");
			final List<File> files = ImageFiles.list(input, "input");
			ImageFiles.checkSeparate(input, output);
			if (files.isEmpty()) throw new IllegalArgumentException("the input folder '" + input +
				"' holds no images (TIFF, PNG, JPEG, BMP, GIF)");
			final Map<String, File> labelFiles = new HashMap<>();
			if (labels != null && !labels.getPath().isEmpty()) {
				for (final File label : ImageFiles.list(labels, "labels"))
					labelFiles.put(ImageFiles.baseName(label), label);
				for (final File file : files)
					if (!labelFiles.containsKey(ImageFiles.baseName(file))) throw new IllegalArgumentException(
						"the labels folder has no label image named like '" + file.getName() + "'; give " +
							"one label image per image, with the same name (any extension)");
			}
			final Path images = Files.createDirectories(output.toPath().resolve("images"));
			final Path labelsOut = output.toPath().resolve("labels");
			final Restorer restorer = new Restorer(loaded, tile_size, 1, message -> log.info(
				"Pixelwise: " + message));
			restorer.predictor().setCancelled(this::stopRequested);
			final FolderReport report = new FolderReport("stylized", files.size(), log, null,
				this::stopRequested);
			new FolderPipeline<ImagePlus, ImagePlus>(ImageFiles::open, (file, image) -> ImageRestoration
				.of(image, restorer, 1, true, null), (file, result) -> {
					final File label = labelFiles.get(ImageFiles.baseName(file));
					if (label != null) copy(label.toPath(), labelsOut.resolve(label.getName()));
					ImageFiles.saveTiff(result, target(images, file));
				}).run(files, file -> report.skip(Files.exists(target(images, file))), this::stopRequested,
					report);
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

	private static Path target(final Path images, final File file) {
		return images.resolve(ImageFiles.baseName(file) + ".tif");
	}

	/** Copies atomically: a label file is either whole or absent. */
	private static void copy(final Path from, final Path to) throws java.io.IOException {
		Files.createDirectories(to.getParent());
		final Path partial = to.resolveSibling("." + to.getFileName() + ".writing");
		Files.copy(from, partial, StandardCopyOption.REPLACE_EXISTING);
		Files.move(partial, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}
}
