package org.pixelwise.command;

import java.io.File;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.process.ColorProcessor;

import org.pixelwise.device.Device;
import org.pixelwise.imagej.ImageFiles;
import org.pixelwise.imagej.ModelUpscaler;
import org.pixelwise.imagej.PairEvaluation;
import org.pixelwise.metrics.SuperResolutionProtocol;
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
 * Scores a super-resolution model on a folder of high-resolution images with the standard
 * protocol (MATLAB-style bicubic LR, Y channel, border shaved by the scale): PSNR and SSIM per
 * image and on average, next to bicubic upscaling.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Pixelwise>Pixelwise Evaluate Restoration",
	label = "Pixelwise Evaluate Restoration")
public class EvaluateRestoration extends PixelwiseCommand {

	// Absent from contexts made with only the services a caller names; models then load per use.
	@Parameter(required = false)
	private LoadedModels models;


	@Parameter(label = "Model folder", style = FileWidget.DIRECTORY_STYLE)
	private File model;

	@Parameter(label = "High-resolution images folder", style = FileWidget.DIRECTORY_STYLE)
	private File images;

	// Not remembered: a macro that leaves it out must get the super-resolution protocol.
	@Parameter(label = "Low-quality images folder (real pairs, same file names; empty: the SR protocol)",
		style = FileWidget.DIRECTORY_STYLE, required = false, persist = false)
	private File low_resolution;

	@Parameter(label = "Test-time augmentation (average of 8 orientations; 8x the time)",
		required = false)
	private boolean test_time_augmentation = false;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	private String device = "auto";

	// As in Segment and Restore, but exact by default: published scores are float32 scores.
	@Parameter(label = "Precision (float32: exact; auto: bfloat16 where the CPU computes it natively)",
		choices = { "float32", "auto", "bfloat16" }, required = false)
	private String precision = "float32";

	@Parameter(type = ItemIO.OUTPUT)
	private String results;

	@Parameter(type = ItemIO.OUTPUT)
	private double mean_psnr;

	@Parameter(type = ItemIO.OUTPUT)
	private double mean_ssim;

	@Parameter(type = ItemIO.OUTPUT, label = "Mean sharpness (Laplacian variance / ground truth's)")
	private double mean_sharpness;

	@Parameter(type = ItemIO.OUTPUT)
	private double mean_bicubic_psnr;

	@Parameter(type = ItemIO.OUTPUT)
	private double mean_bicubic_ssim;

	@Parameter
	private LogService log;

	@Override
	public void run() {
		try (ModelCache.Lease<RestorationModel> lease = LoadedModels.restoration(models, model,
			Device.parse(device).withPrecision(precision),
			false)) {
			final RestorationModel loaded = lease.model();
			final int scale = loaded.outputScale();
			if (low_resolution != null && !low_resolution.getPath().isEmpty()) {
				// Real pairs (denoising, or real low-resolution images): restored against clean.
				final PairEvaluation pairs = PairEvaluation.of(restorer(loaded), scale, images,
					low_resolution, this::stopRequested);
				results = pairs.table;
				mean_psnr = pairs.psnr;
				mean_ssim = pairs.ssim;
				mean_bicubic_psnr = pairs.inputPsnr;
				mean_bicubic_ssim = pairs.inputSsim;
				log.info(String.format(Locale.ROOT,
					"Pixelwise: %s on %d pair(s): PSNR %.2f dB, SSIM %.4f (input %.2f dB, %.4f)", loaded.name,
					pairs.images, mean_psnr, mean_ssim, mean_bicubic_psnr, mean_bicubic_ssim));
				return;
			}
			if (scale < 2) throw new IllegalArgumentException("'" + loaded.name +
				"' does not upscale; the super-resolution protocol scores x2, x3 and x4 models");
			final List<File> files = ImageFiles.list(images, "images");
			if (files.isEmpty()) throw new IllegalArgumentException("the images folder '" + images +
				"' holds no images");
			final ModelUpscaler upscaler = new ModelUpscaler(loaded, restorer(loaded));
			final StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
				"image\tPSNR\tSSIM\tsharpness\tbicubic PSNR\tbicubic SSIM\tbicubic sharpness%n"));
			double psnr = 0, ssim = 0, sharp = 0, bicubicPsnr = 0, bicubicSsim = 0, bicubicSharp = 0;
			for (final File file : files) {
				if (stopRequested()) return;
				final ImagePlus image = ImageFiles.open(file);
				final SuperResolutionProtocol.Score ours = score(image, scale, upscaler);
				final SuperResolutionProtocol.Score bicubic = score(image, scale, SuperResolutionProtocol
					.bicubic());
				table.append(String.format(Locale.ROOT, "%s\t%.2f\t%.4f\t%.3f\t%.2f\t%.4f\t%.3f%n", file
					.getName(), ours.psnr(), ours.ssim(), ours.sharpness(), bicubic.psnr(), bicubic.ssim(),
					bicubic.sharpness()));
				psnr += ours.psnr();
				ssim += ours.ssim();
				sharp += ours.sharpness();
				bicubicPsnr += bicubic.psnr();
				bicubicSsim += bicubic.ssim();
				bicubicSharp += bicubic.sharpness();
			}
			final int n = files.size();
			mean_psnr = psnr / n;
			mean_ssim = ssim / n;
			mean_bicubic_psnr = bicubicPsnr / n;
			mean_bicubic_ssim = bicubicSsim / n;
			mean_sharpness = sharp / n;
			table.append(String.format(Locale.ROOT, "mean\t%.2f\t%.4f\t%.3f\t%.2f\t%.4f\t%.3f%n",
				mean_psnr, mean_ssim, mean_sharpness, mean_bicubic_psnr, mean_bicubic_ssim, bicubicSharp /
					n));
			results = table.toString();
			// The table itself is the results output, which Fiji shows and the launcher prints.
			log.info(String.format(Locale.ROOT,
				"Pixelwise x%d evaluation of %s on %d image(s): PSNR %.2f dB, SSIM %.4f (bicubic %.2f dB, %.4f)",
				scale, loaded.name, n, mean_psnr, mean_ssim, mean_bicubic_psnr, mean_bicubic_ssim));
		}
		catch (final Exception e) {
			cancel(Failures.describe(e));
		}
	}

	private Restorer restorer(final RestorationModel loaded) {
		// Tiles as Restore Image uses them: whole images up to 1024 pixels, so no context is recomputed.
		final Restorer restorer = new Restorer(loaded, 1024, 1, message -> log.info("Pixelwise: " +
			message));
		restorer.setTestTimeAugmentation(test_time_augmentation);
		return restorer;
	}

	/** The protocol's score: grey images on their grey values, RGB images on their luma. */
	static SuperResolutionProtocol.Score score(final ImagePlus image, final int scale,
		final SuperResolutionProtocol.Upscaler upscaler)
	{
		if (image.getType() == ImagePlus.COLOR_RGB) return SuperResolutionProtocol.evaluate(rgb(image),
			image.getWidth(), image.getHeight(), scale, upscaler);
		final float[] grey = (float[]) image.getProcessor().convertToFloatProcessor().getPixels();
		return SuperResolutionProtocol.evaluateGrey(grey, image.getWidth(), image.getHeight(), scale,
			upscaler);
	}

	/** The image as interleaved RGB in 0..255 (grey images repeated into R, G and B). */
	static float[] rgb(final ImagePlus image) {
		final ColorProcessor colour = image.getProcessor().convertToColorProcessor();
		final int[] packed = (int[]) colour.getPixels();
		final float[] rgb = new float[packed.length * 3];
		for (int i = 0; i < packed.length; i++) {
			rgb[3 * i] = packed[i] >> 16 & 0xff;
			rgb[3 * i + 1] = packed[i] >> 8 & 0xff;
			rgb[3 * i + 2] = packed[i] & 0xff;
		}
		return rgb;
	}
}
