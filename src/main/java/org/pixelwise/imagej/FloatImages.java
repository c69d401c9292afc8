package org.pixelwise.imagej;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import org.pixelwise.data.Planes;
import org.pixelwise.data.StackSlices;
import org.pixelwise.data.FloatImage;

/**
 * Converts between ImageJ images and the plain float images that restoration trains on and
 * the crappifier degrades. Each image carries its value range: 255 for 8-bit and RGB, the
 * camera's bit depth for 16-bit (e.g. 4095 for 12-bit data), the maximum for 32-bit.
 */
public final class FloatImages {

	private FloatImages() {}

	/** Every 2-D slice of an image (channels kept together), as float images. */
	public static List<FloatImage> slices(final ImagePlus image) {
		final HyperstackAxes axes = HyperstackAxes.of(image);
		final RandomAccessibleInterval<? extends RealType<?>> view = ImagePlusImages.wrap(image);
		final int first = axes.hasChannelAxis ? 3 : 2;
		final List<FloatImage> slices = new ArrayList<>();
		for (long n = 0; n < StackSlices.count(view, first); n++) {
			final float[] pixels = Planes.pixels(StackSlices.slice(view, first, n), axes.hasChannelAxis,
				"image '" + image.getTitle() + "'");
			slices.add(new FloatImage(image.getWidth(), image.getHeight(), axes.channels, pixels,
				valueRange(image, pixels)));
		}
		return slices;
	}

	/**
	 * Every time point's z-stack (channels kept together) as one float volume, its value range
	 * the largest of its planes'.
	 */
	public static List<FloatImage> volumes(final ImagePlus image) {
		final List<FloatImage> planes = slices(image);
		final int depth = Math.max(1, image.getNSlices());
		final List<FloatImage> volumes = new ArrayList<>();
		for (int first = 0; first + depth <= planes.size(); first += depth) {
			final List<FloatImage> stack = planes.subList(first, first + depth);
			float range = 0;
			for (final FloatImage plane : stack)
				range = Math.max(range, plane.maxValue);
			final FloatImage volume = FloatImage.stack(stack);
			volumes.add(FloatImage.volume(volume.width, volume.height, volume.depth, volume.channels,
				volume.pixels, range));
		}
		return volumes;
	}

	/** The nominal maximum of an image's values. */
	static float valueRange(final ImagePlus image, final float[] pixels) {
		final int bitDepth = image.getBitDepth();
		if (bitDepth == 8 || bitDepth == 24) return 255;
		float max = 0;
		for (final float v : pixels)
			max = Math.max(max, v);
		if (bitDepth == 16) {
			int bits = 8;
			while (bits < 16 && max > (1 << bits) - 1)
				bits++;
			return (1 << bits) - 1;
		}
		return max > 0 ? max : 1;
	}

	/** A float image as an ImageJ image: RGB when it has 3 channels in 0..255, else 32-bit. */
	public static ImagePlus toImagePlus(final FloatImage image, final String title) {
		if (image.channels == 3 && image.maxValue == 255) {
			final ColorProcessor rgb = new ColorProcessor(image.width, image.height);
			final int[] packed = (int[]) rgb.getPixels();
			for (int i = 0; i < packed.length; i++)
				packed[i] = byteOf(image.pixels[3 * i]) << 16 | byteOf(image.pixels[3 * i + 1]) << 8 | byteOf(
					image.pixels[3 * i + 2]);
			return new ImagePlus(title, rgb);
		}
		final ij.ImageStack stack = new ij.ImageStack(image.width, image.height);
		for (int c = 0; c < image.channels; c++) {
			final float[] plane = new float[image.width * image.height];
			for (int i = 0; i < plane.length; i++)
				plane[i] = image.pixels[i * image.channels + c];
			final ImageProcessor processor = new FloatProcessor(image.width, image.height, plane);
			processor.resetMinAndMax();
			stack.addSlice(processor);
		}
		final ImagePlus result = new ImagePlus(title, stack);
		if (image.channels > 1) result.setDimensions(image.channels, 1, 1);
		return result;
	}

	private static int byteOf(final float v) {
		return Math.max(0, Math.min(255, Math.round(v)));
	}
}
