package org.pixelwise.command;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;

import org.pixelwise.device.Device;
import org.pixelwise.imagej.ComparisonPicture;
import org.pixelwise.imagej.ImageFiles;
import org.pixelwise.imagej.ModelUpscaler;
import org.pixelwise.metrics.SuperResolutionProtocol;
import org.pixelwise.model.RestorationModel;
import org.pixelwise.model.Restorer;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Compares super-resolution models on one ground-truth image with the standard protocol: a
 * table of PSNR, SSIM and sharpness per model (and bicubic), and a PNG of the same crop of
 * the truth, bicubic and every model side by side. Pixel losses win on PSNR by blurring;
 * the picture and the sharpness column show what they lose.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Pixelwise>Pixelwise Compare Restorations",
	label = "Pixelwise Compare Restorations")
public class CompareRestorations extends PixelwiseCommand {

	@Parameter(label = "Models (folders separated by ';')")
	private String models;

	@Parameter(label = "Ground-truth image", style = FileWidget.OPEN_STYLE)
	private File truth;

	@Parameter(label = "Picture to write (.png)", style = FileWidget.SAVE_STYLE)
	private File picture;

	@Parameter(label = "Crop side (ground-truth pixels)", min = "8", required = false)
	private int crop_size = 96;

	@Parameter(label = "Crop left edge (-1 = centre)", min = "-1", required = false)
	private int crop_x = -1;

	@Parameter(label = "Crop top edge (-1 = centre)", min = "-1", required = false)
	private int crop_y = -1;

	@Parameter(label = "Enlargement", min = "1", max = "8", required = false)
	private int zoom = 2;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	private String device = "auto";

	@Parameter(type = ItemIO.OUTPUT, label = "Scores")
	private String results;

	@Parameter
	private LogService log;

	@Override
	public void run() {
		try {
			final ImagePlus truthImage = ImageFiles.open(truth);
			final float[] rgb = EvaluateRestoration.rgb(truthImage);
			final int width = truthImage.getWidth(), height = truthImage.getHeight();
			final List<String> labels = new ArrayList<>();
			final List<float[]> versions = new ArrayList<>();
			final StringBuilder table = new StringBuilder("version\tPSNR\tSSIM\tsharpness\n");
			int scale = 0;
			for (final String folder : models.split(";")) {
				if (folder.trim().isEmpty()) continue;
				try (RestorationModel model = RestorationModel.load(new File(folder.trim()).toPath(), Device
					.parse(device)))
				{
					if (scale == 0) {
						scale = model.outputScale();
						add(truthImage, labels, versions, table, "ground truth", rgb, rgb, width, height, scale, null);
						add(truthImage, labels, versions, table, "bicubic", rgb, null, width, height, scale,
							SuperResolutionProtocol.bicubic());
					}
					else if (model.outputScale() != scale) throw new IllegalArgumentException("'" +
						model.name + "' upscales by " + model.outputScale() + " but the first model by " +
						scale + "; compare models of one scale");
					add(truthImage, labels, versions, table, model.name, rgb, null, width, height, scale,
						new ModelUpscaler(model, new Restorer(model, 1024, 1, m -> log.info("Pixelwise: " +
							m))));
				}
			}
			if (scale == 0) throw new IllegalArgumentException("give at least one model folder");
			final int w = width / scale * scale, h = height / scale * scale;
			final int size = Math.min(crop_size, Math.min(w, h));
			final int x = crop_x < 0 ? (w - size) / 2 : Math.min(crop_x, w - size);
			final int y = crop_y < 0 ? (h - size) / 2 : Math.min(crop_y, h - size);
			ComparisonPicture.write(picture.toPath(), labels, versions, w, x, y, size, zoom);
			results = table.toString();
			log.info("Pixelwise comparison on " + truth.getName() + " (picture: " + picture + "):\n" +
				results);
		}
		catch (final Exception e) {
			cancel(Failures.describe(e));
		}
	}

	/** Scores one version and keeps its full image (cropped to the scale) for the picture. */
	private static void add(final ImagePlus truthImage, final List<String> labels, final List<float[]> versions,
		final StringBuilder table, final String label, final float[] rgb, final float[] truth,
		final int width, final int height, final int scale,
		final SuperResolutionProtocol.Upscaler upscaler)
	{
		final int w = width / scale * scale, h = height / scale * scale;
		labels.add(label);
		if (upscaler == null) {
			versions.add(SuperResolutionProtocol.crop(truth, width, w, h));
			return;
		}
		versions.add(upscaler.upscale(SuperResolutionProtocol.lowResolution(rgb, width, height,
			scale), w / scale, h / scale, scale));
		final SuperResolutionProtocol.Score s = EvaluateRestoration.score(truthImage, scale, upscaler);
		table.append(String.format(Locale.ROOT, "%s\t%.2f\t%.4f\t%.3f%n", label, s.psnr(), s.ssim(), s
			.sharpness()));
	}
}
