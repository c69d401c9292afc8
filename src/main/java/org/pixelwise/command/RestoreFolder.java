package org.pixelwise.command;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.pixelwise.device.Device;
import org.pixelwise.imagej.ImageFiles;
import org.pixelwise.imagej.ImageRestoration;
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
		try (RestorationModel loaded = RestorationModel.load(model.toPath(), Device.parse(device)
			.withPrecision(precision), allow_risky_ops)) {
			final List<File> files = ImageFiles.list(input, "input");
			ImageFiles.checkSeparate(input, output);
			if (files.isEmpty()) throw new IllegalArgumentException("the input folder '" + input +
				"' holds no images (TIFF, PNG, JPEG, BMP, GIF)");
			Files.createDirectories(output.toPath());
			final Restorer restorer = new Restorer(loaded, tile_size, batch_size, message -> log.info(
				"Pixelwise: " + message));
			restorer.predictor().setCancelled(this::stopRequested);
			final long started = System.nanoTime();
			for (int i = 0; i < files.size() && !stopRequested(); i++) {
				final Path target = output.toPath().resolve(ImageFiles.baseName(files.get(i)) +
					"_restored.tif");
				if (Files.exists(target)) {
					skipped++;
					continue;
				}
				try {
					ImageFiles.saveTiff(ImageRestoration.of(ImageFiles.open(files.get(i)), restorer, loaded
						.outputScale(), output_type.equals("same as input"), null), target);
				}
				catch (final Exception e) {
					// One odd image must not stop the batch; the failures are listed at the end.
					if (stopRequested()) break;
					failed.add(files.get(i).getName() + " (" + Failures.describe(e) + ")");
					log.warn("Pixelwise: skipped " + failed.get(failed.size() - 1));
					continue;
				}
				done++;
				final double elapsed = (System.nanoTime() - started) / 1e9;
				log.info(String.format(Locale.ROOT, "Pixelwise: restored %s (%d of %d), ETA %s", files.get(i)
					.getName(), i + 1, files.size(), TrainingProgress.duration(elapsed / done * (files.size() -
						i - 1))));
			}
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
}
