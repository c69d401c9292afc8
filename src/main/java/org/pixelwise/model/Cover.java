package org.pixelwise.model;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import javax.imageio.ImageIO;

import org.pixelwise.data.FloatImage;

/**
 * A package's cover picture: the test input beside the model's output for it, each scaled
 * to 8 bits between its 1st and 99.8th percentiles (segmentation probabilities between 0 and 1,
 * several classes as a colour per class). Written with the JDK's image I/O, which needs no
 * display.
 */
final class Cover {

	private static final int[] CLASS_COLOURS = { 0x000000, 0xe69f00, 0x56b4e9, 0x009e73, 0xf0e442,
		0x0072b2, 0xd55e00, 0xcc79a7 };

	private Cover() {}

	static void write(final Path file, final FloatImage input, final float[] output,
		final PackageFacts facts) throws IOException
	{
		final int s = facts.scale;
		final int w = input.width * s, h = input.height * s, gap = 4;
		final BufferedImage cover = new BufferedImage(2 * w + gap, h, BufferedImage.TYPE_INT_RGB);
		final int[] in = rgb(input.pixels, input.channels, false);
		final int[] out = facts.kind.equals("segmentation") ? segmentation(output,
			facts.outputChannels) : rgb(output, facts.outputChannels, false);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				cover.setRGB(x, y, in[(y / s) * input.width + x / s]);
				cover.setRGB(w + gap + x, y, out[y * w + x]);
			}
		for (int y = 0; y < h; y++)
			for (int x = w; x < w + gap; x++)
				cover.setRGB(x, y, 0xffffff);
		if (!ImageIO.write(cover, "png", file.toFile())) throw new IOException(
			"this Java cannot write PNG images");
	}

	/** Grey or RGB pixels, stretched between percentiles of the values. */
	private static int[] rgb(final float[] values, final int channels, final boolean unit) {
		final float[] sorted = values.clone();
		Arrays.sort(sorted);
		final double low = unit ? 0 : sorted[(int) (0.01 * (sorted.length - 1))];
		final double high = unit ? 1 : sorted[(int) (0.998 * (sorted.length - 1))];
		final double range = high > low ? high - low : 1;
		final int[] pixels = new int[values.length / channels];
		for (int i = 0; i < pixels.length; i++) {
			int rgb = 0;
			for (int k = 0; k < 3; k++) {
				final float v = values[i * channels + (channels == 3 ? k : 0)];
				rgb = rgb << 8 | (int) Math.round(255 * Math.min(1, Math.max(0, (v - low) / range)));
			}
			pixels[i] = rgb;
		}
		return pixels;
	}

	private static int[] segmentation(final float[] probabilities, final int channels) {
		if (channels == 1) return rgb(probabilities, 1, true);
		final int[] pixels = new int[probabilities.length / channels];
		for (int i = 0; i < pixels.length; i++) {
			int best = 0;
			for (int c = 1; c < channels; c++)
				if (probabilities[i * channels + c] > probabilities[i * channels + best]) best = c;
			pixels[i] = CLASS_COLOURS[best % CLASS_COLOURS.length];
		}
		return pixels;
	}
}
