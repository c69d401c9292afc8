package org.pixelwise.command;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;

import org.pixelwise.device.Device;
import org.pixelwise.imagej.ImageFiles;
import org.pixelwise.imagej.ImageSegmentation;
import org.pixelwise.model.SegmentationModel;
import org.pixelwise.predict.Segmenter;
import org.pixelwise.train.TrainingProgress;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.log.LogService;
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

	@Parameter(label = "Model folder (Pixelwise, bioimage.io or CSBDeep)", style = FileWidget.DIRECTORY_STYLE)
	private File model;

	@Parameter(label = "Input folder", style = FileWidget.DIRECTORY_STYLE)
	private File input;

	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE)
	private File output;

	@Parameter(label = "Threshold (binary models; -1 = the model's own)", min = "-1", max = "1",
		stepSize = "0.05")
	private double threshold = -1;

	@Parameter(label = "Tile size (pixels)", min = "16")
	private int tile_size = 1024;

	@Parameter(label = "Tiles per batch", min = "1")
	private int batch_size = 1;

	@Parameter(label = "Test-time augmentation (average of 8 orientations; 8x the time)",
		required = false)
	private boolean test_time_augmentation = false;

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

	@Parameter(required = false)
	private StatusService status;

	@Override
	public void run() {
		int done = 0, skipped = 0;
		final List<String> failed = new java.util.ArrayList<>();
		try {
			try (SegmentationModel loaded = SegmentationModel.load(model.toPath(), Device.parse(device)
			.withPrecision(precision), allow_risky_ops)) {
				final List<File> files = ImageFiles.list(input, "input");
				ImageFiles.checkSeparate(input, output);
				if (files.isEmpty()) throw new IllegalArgumentException("the input folder '" + input +
					"' holds no images (TIFF, PNG, JPEG, BMP, GIF)");
				Files.createDirectories(output.toPath());
				final long started = System.nanoTime();
				final boolean hasInstances = loaded.labelMode() != org.pixelwise.data.LabelMode.CLASSES;
				final Segmenter segmenter = new Segmenter(loaded, tile_size, batch_size, threshold < 0
				? Double.NaN : threshold,
					message -> log.info("Pixelwise: " + message));
				segmenter.predictor().setCancelled(this::stopRequested);
				segmenter.setTestTimeAugmentation(test_time_augmentation);
				for (int i = 0; i < files.size(); i++) {
					if (stopRequested()) break;
					final File file = files.get(i);
					final String base = ImageFiles.baseName(file);
					final Path probabilities = output.toPath().resolve(base + "_probabilities.tif");
					final Path labels = output.toPath().resolve(base + "_labels.tif");
					final Path instances = output.toPath().resolve(base + "_instances.tif");
					if (Files.exists(probabilities) && Files.exists(labels) && (!hasInstances || Files.exists(
						instances)))
					{
						skipped++;
						continue;
					}
					try {
						final ImagePlus image = ImageFiles.open(file);
						final ImageSegmentation result = ImageSegmentation.of(image, segmenter, null);
						ImageFiles.saveTiff(result.probabilities, probabilities);
						ImageFiles.saveTiff(result.labels, labels);
						if (result.instances != null) ImageFiles.saveTiff(result.instances, instances);
					}
					catch (final Exception e) {
						// One odd image must not stop the batch; the failures are listed at the end.
						if (stopRequested()) break;
						failed.add(file.getName() + " (" + Failures.describe(e) + ")");
						log.warn("Pixelwise: skipped " + failed.get(failed.size() - 1));
						continue;
					}
					done++;
					final double elapsed = (System.nanoTime() - started) / 1e9;
					final String line = String.format(Locale.ROOT, "segmented %s (%d of %d), ETA %s", file
						.getName(), i + 1, files.size(), TrainingProgress.duration(elapsed / done * (files
							.size() - i - 1)));
					log.info("Pixelwise: " + line);
					if (status != null) status.showStatus(i + 1, files.size(), "Pixelwise: " + line);
				}
			}
			summary = "segmented " + done + " image(s), skipped " + skipped + " already done" +
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
