package org.pixelwise.command;

import java.io.File;

import ij.ImagePlus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.pixelwise.device.Device;
import org.pixelwise.imagej.FolderPipeline;
import org.pixelwise.imagej.ImageFiles;
import org.pixelwise.imagej.ImageRestoration;
import org.pixelwise.model.ModelCache;
import org.pixelwise.model.RestorationModel;
import org.pixelwise.predict.Restorer;
import org.pixelwise.train.TrainingProgress;
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
	private int tile_size = 256;

	@Parameter(label = "Tiles per batch", min = "1")
	private int batch_size = 2;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	private String device = "auto";

	@Parameter(label = "Precision (bfloat16: faster on CPUs that have it, results within ~1%)",
		choices = { "float32", "bfloat16" }, required = false)
	private String precision = "float32";

	@Parameter(label = "Allow risky operations (imported models you trust)", required = false)
	private boolean allow_risky_ops = false;

	@Parameter(type = ItemIO.OUTPUT)
	private String summary;

	@Parameter
	private LogService log;

	@Override
	public void run() {
		int done = 0, skipped = 0;
		final List<String> failed = new java.util.ArrayList<>();
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
			restorer.predictor().setCancelled(this::stopRequested);
			final long started = System.nanoTime();
			final Path out = output.toPath();
			final int[] counts = new int[2]; // done, skipped
			new FolderPipeline<ImagePlus, ImagePlus>(ImageFiles::open, (file, image) -> ImageRestoration
				.of(image, restorer, loaded.outputScale(), output_type.equals("same as input"), null), (file,
					restored) -> ImageFiles.saveTiff(restored, target(out, file))).run(files, file -> {
						final boolean finished = Files.exists(target(out, file));
						if (finished) counts[1]++;
						return finished;
					}, this::stopRequested, new FolderPipeline.Outcome() {

						@Override
						public void done(final File file, final int index) {
							final int done = ++counts[0];
							final double elapsed = (System.nanoTime() - started) / 1e9;
							log.info(String.format(Locale.ROOT, "Pixelwise: restored %s (%d of %d), ETA %s", file
								.getName(), index + 1, files.size(), TrainingProgress.duration(elapsed / done *
									(files.size() - index - 1))));
						}

						@Override
						public void failed(final File file, final int index, final Exception cause) {
							// One odd image must not stop the batch; the failures are listed at the end.
							if (stopRequested()) return;
							failed.add(file.getName() + " (" + Failures.describe(cause) + ")");
							log.warn("Pixelwise: skipped " + failed.get(failed.size() - 1));
						}
					});
			done = counts[0];
			skipped = counts[1];
			summary = "restored " + done + " image(s), skipped " + skipped + " already done" +
				(isCanceled() ? ", then cancelled" : "") + "; outputs in " + output;
			if (!failed.isEmpty()) {
				cancel(summary + "; " + failed.size() + " image(s) failed: " + String.join(", ", failed));
				return;
			}
			log.info("Pixelwise: " + summary);
		}
		catch (final Exception e) {
			cancel(Failures.describe(e));
		}
	}

	private static Path target(final Path output, final File file) {
		return output.resolve(ImageFiles.baseName(file) + "_restored.tif");
	}
}
