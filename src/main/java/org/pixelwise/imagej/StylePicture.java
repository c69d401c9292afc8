package org.pixelwise.imagej;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import ij.ImagePlus;

import org.pixelwise.data.FloatImage;
import org.pixelwise.device.Device;
import org.pixelwise.model.RestorationModel;
import org.pixelwise.model.Restorer;

/**
 * The picture a style transfer training leaves beside its model: a crop of a content image, a
 * crop of a style image, and the content crop as the trained model renders it, side by side.
 */
public final class StylePicture {

	/** Crop side in pixels. */
	static final int SIDE = 192;

	private StylePicture() {}

	public static void write(final Path model, final FloatImage content, final FloatImage style,
		final Device device, final Path png) throws IOException
	{
		final int side = Math.min(SIDE, Math.min(content.width, content.height));
		final FloatImage crop = crop(content, side);
		final ImagePlus rendered;
		try (RestorationModel loaded = RestorationModel.load(model, device)) {
			rendered = ImageRestoration.of(FloatImages.toImagePlus(crop, "content"), new Restorer(loaded,
				256, 1, message -> {}), 1, false, null);
		}
		final FloatImage result = FloatImages.slices(rendered).get(0);
		final FloatImage styleCrop = mostVaried(style, Math.min(side, Math.min(style.width,
			style.height)));
		// Content and result share one display range, so a change of brightness shows.
		final float[] range = range(crop);
		final List<float[]> panels = Arrays.asList(rgb(crop, side, range), rgb(styleCrop, side, range(
			styleCrop)), rgb(result, side, range));
		ComparisonPicture.write(png, Arrays.asList("content", "style", "result"), panels, side, 0, 0,
			side, side < 128 ? 2 : 1);
	}

	private static FloatImage crop(final FloatImage image, final int side) {
		return crop(image, side, (image.width - side) / 2, (image.height - side) / 2);
	}

	/** Of a 4 x 4 grid of places, the crop whose values vary most: where the style shows. */
	private static FloatImage mostVaried(final FloatImage image, final int side) {
		FloatImage best = null;
		double most = -1;
		for (int j = 0; j < 4; j++)
			for (int i = 0; i < 4; i++) {
				final FloatImage c = crop(image, side, i * (image.width - side) / 3, j * (image.height -
					side) / 3);
				final float[] r = range(c);
				if (r[1] - r[0] > most) {
					most = r[1] - r[0];
					best = c;
				}
			}
		return best;
	}

	/** The 0.5th and 99.5th percentiles: a display range that ignores a few extreme pixels. */
	private static float[] range(final FloatImage image) {
		final float[] sorted = image.pixels.clone();
		Arrays.sort(sorted);
		final float low = sorted[(int) (0.005 * (sorted.length - 1))];
		final float high = sorted[(int) (0.995 * (sorted.length - 1))];
		return new float[] { low, Math.max(high, low + 1e-6f) };
	}

	private static FloatImage crop(final FloatImage image, final int side, final int x0,
		final int y0)
	{
		final float[] p = new float[side * side * image.channels];
		for (int y = 0; y < side; y++)
			for (int x = 0; x < side; x++)
				for (int c = 0; c < image.channels; c++)
					p[(y * side + x) * image.channels + c] = image.pixels[image.index(x0 + x, y0 + y, c)];
		return new FloatImage(side, side, image.channels, p, image.maxValue);
	}

	/** Interleaved RGB in 0..255 on a white {@code side} square; grey is shown as grey. */
	private static float[] rgb(final FloatImage image, final int side, final float[] range) {
		final float[] out = new float[side * side * 3];
		Arrays.fill(out, 255);
		for (int y = 0; y < Math.min(side, image.height); y++)
			for (int x = 0; x < Math.min(side, image.width); x++)
				for (int c = 0; c < 3; c++)
					out[(y * side + x) * 3 + c] = Math.max(0, Math.min(255, 255 * (image.pixels[image.index(x,
						y, image.channels == 3 ? c : 0)] - range[0]) / (range[1] - range[0])));
		return out;
	}
}
