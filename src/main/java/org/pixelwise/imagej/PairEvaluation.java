package org.pixelwise.imagej;

import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

import org.pixelwise.metrics.ImageQuality;
import org.pixelwise.metrics.SuperResolutionProtocol;
import org.pixelwise.model.Restorer;

/**
 * Scores a restoration model on real pairs, the way denoising is judged: each low-quality
 * image (a noisy exposure, or a real low-resolution image) is restored and compared with its
 * high-quality image of the same name, by PSNR (peak 255) and SSIM (11x11 Gaussian, σ 1.5) on
 * the 8-bit grey levels, next to the input itself (bicubic-upscaled when the model upscales).
 * RGB images are scored on their luminance.
 */
public final class PairEvaluation {

	public final String table;
	public final double psnr, ssim, inputPsnr, inputSsim;
	public final int images;

	private PairEvaluation(final String table, final double[] sums, final int images) {
		this.table = table;
		this.images = images;
		psnr = sums[0] / images;
		ssim = sums[1] / images;
		inputPsnr = sums[2] / images;
		inputSsim = sums[3] / images;
	}

	public static PairEvaluation of(final Restorer restorer, final int scale, final File clean,
		final File lowQuality, final BooleanSupplier stop) throws IOException
	{
		final Map<String, File> inputs = new HashMap<>();
		for (final File f : ImageFiles.list(lowQuality, "low-quality images"))
			inputs.put(ImageFiles.baseName(f), f);
		final List<File> truths = ImageFiles.list(clean, "images");
		if (truths.isEmpty()) throw new IOException("the images folder '" + clean +
			"' holds no images");
		final StringBuilder table = new StringBuilder(
			"image\tPSNR\tSSIM\tinput PSNR\tinput SSIM\n");
		final double[] sums = new double[4];
		int n = 0;
		for (final File truthFile : truths) {
			if (stop.getAsBoolean()) break;
			final File inputFile = inputs.get(ImageFiles.baseName(truthFile));
			if (inputFile == null) throw new IOException("the low-quality folder '" + lowQuality +
				"' has no image named like '" + truthFile.getName() + "'");
			final ImagePlus truth = ImageFiles.open(truthFile), input = ImageFiles.open(inputFile);
			final int w = truth.getWidth(), h = truth.getHeight();
			if (input.getWidth() * scale != w || input.getHeight() * scale != h)
				throw new IllegalArgumentException("'" + inputFile.getName() + "' is " + input.getWidth() +
					"x" + input.getHeight() + "; times the model's scale " + scale + " that is not the " + w +
					"x" + h + " of '" + truthFile.getName() + "'");
			if (input.getStackSize() != truth.getStackSize()) throw new IllegalArgumentException("'" +
				inputFile.getName() + "' has " + input.getStackSize() + " slice(s) but '" + truthFile
					.getName() + "' has " + truth.getStackSize() + "; give pairs with the same slices");
			final ImagePlus restored = ImageRestoration.of(input, restorer, scale, false, null);
			// A stack (restored slice by slice or whole by a 3-D model) scores as the mean of its
			// slices' scores.
			final double[] row = new double[4];
			final int slices = truth.getStackSize();
			for (int z = 1; z <= slices; z++) {
				final double[] plane = scores(truth.getStack().getProcessor(z), input.getStack()
					.getProcessor(z), restored.getStack().getProcessor(z), scale, w, h);
				for (int k = 0; k < 4; k++)
					row[k] += plane[k] / slices;
			}
			for (int k = 0; k < 4; k++)
				sums[k] += row[k];
			n++;
			table.append(String.format(Locale.ROOT, "%s\t%.2f\t%.4f\t%.2f\t%.4f%n", truthFile.getName(),
				row[0], row[1], row[2], row[3]));
		}
		table.append(String.format(Locale.ROOT, "mean\t%.2f\t%.4f\t%.2f\t%.4f%n", sums[0] / n, sums[1] /
			n, sums[2] / n, sums[3] / n));
		return new PairEvaluation(table.toString(), sums, n);
	}

	/** PSNR and SSIM of the restored and of the input slice against the truth. */
	private static double[] scores(final ImageProcessor truth, final ImageProcessor input,
		final ImageProcessor restored, final int scale, final int w, final int h)
	{
		final float[] t = grey(truth);
		final float[] r = SuperResolutionProtocol.round8(grey(restored));
		ImageProcessor in = input;
		if (scale > 1) {
			in.setInterpolationMethod(ImageProcessor.BICUBIC);
			in = in.resize(w, h);
		}
		final float[] i = SuperResolutionProtocol.round8(grey(in));
		return new double[] { ImageQuality.psnr(r, t, 255), ImageQuality.ssim(r, t, w, h, 255),
			ImageQuality.psnr(i, t, 255), ImageQuality.ssim(i, t, w, h, 255) };
	}

	private static float[] grey(final ImageProcessor p) {
		if (p instanceof ColorProcessor) return (float[]) ChannelMatch.luminance((ColorProcessor) p)
			.getPixels();
		return (float[]) p.convertToFloatProcessor().getPixels();
	}
}
