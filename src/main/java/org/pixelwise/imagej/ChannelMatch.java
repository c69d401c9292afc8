package org.pixelwise.imagej;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * Gives a model the channels it takes, the way a user expects a folder of mixed images to be
 * handled: a grey image given to an RGB model becomes three equal channels (and its result
 * grey again), an RGB image given to a grey model becomes its luminance (ITU-R BT.601 weights).
 * Anything else is left as it is, for the model to refuse with its own message.
 */
public final class ChannelMatch {

	/** The image for the model, and whether its 3-channel result should be made grey again. */
	public final ImagePlus image;
	public final boolean greyToColour;

	private ChannelMatch(final ImagePlus image, final boolean greyToColour) {
		this.image = image;
		this.greyToColour = greyToColour;
	}

	public static ChannelMatch of(final ImagePlus image, final int modelChannels) {
		final boolean rgb = image.getType() == ImagePlus.COLOR_RGB;
		final int channels = rgb ? 3 : image.getNChannels();
		if (modelChannels == 3 && channels == 1) return new ChannelMatch(repeated(image), true);
		if (modelChannels == 1 && rgb) return new ChannelMatch(luminance(image), false);
		return new ChannelMatch(image, false);
	}

	/** Each plane three times, as the channels of a hyperstack of the image's own type. */
	private static ImagePlus repeated(final ImagePlus image) {
		final ImageStack in = image.getStack();
		final ImageStack out = new ImageStack(image.getWidth(), image.getHeight());
		for (int i = 1; i <= in.getSize(); i++)
			for (int c = 0; c < 3; c++)
				out.addSlice(in.getProcessor(i));
		final ImagePlus copy = new ImagePlus(image.getTitle(), out);
		copy.setDimensions(3, image.getNSlices(), image.getNFrames());
		copy.setCalibration(image.getCalibration());
		return copy;
	}

	/** Luminance, 0.299 R + 0.587 G + 0.114 B, of each RGB plane, as 32-bit planes. */
	private static ImagePlus luminance(final ImagePlus image) {
		final ImageStack in = image.getStack();
		final ImageStack out = new ImageStack(image.getWidth(), image.getHeight());
		for (int i = 1; i <= in.getSize(); i++)
			out.addSlice(luminance((ColorProcessor) in.getProcessor(i)));
		final ImagePlus grey = new ImagePlus(image.getTitle(), out);
		grey.setDimensions(1, image.getNSlices(), image.getNFrames());
		grey.setCalibration(image.getCalibration());
		return grey;
	}

	static FloatProcessor luminance(final ColorProcessor rgb) {
		final int[] packed = (int[]) rgb.getPixels();
		final float[] y = new float[packed.length];
		for (int i = 0; i < packed.length; i++)
			y[i] = (float) (0.299 * (packed[i] >> 16 & 0xff) + 0.587 * (packed[i] >> 8 & 0xff) +
				0.114 * (packed[i] & 0xff));
		return new FloatProcessor(rgb.getWidth(), rgb.getHeight(), y);
	}

	/** A 3-channel result (RGB or a 3-channel hyperstack) made grey by luminance. */
	public static ImagePlus toGrey(final ImagePlus result) {
		if (result.getType() == ImagePlus.COLOR_RGB) {
			final ImagePlus grey = luminance(result);
			grey.setTitle(result.getTitle());
			return grey;
		}
		if (result.getNChannels() != 3) return result;
		final ImageStack in = result.getStack();
		final ImageStack out = new ImageStack(result.getWidth(), result.getHeight());
		for (int i = 1; i <= in.getSize(); i += 3) {
			final float[] y = new float[result.getWidth() * result.getHeight()];
			final ImageProcessor r = in.getProcessor(i), g = in.getProcessor(i + 1), b = in
				.getProcessor(i + 2);
			for (int p = 0; p < y.length; p++)
				y[p] = (float) (0.299 * r.getf(p) + 0.587 * g.getf(p) + 0.114 * b.getf(p));
			final ImageProcessor plane = new FloatProcessor(result.getWidth(), result.getHeight(), y);
			out.addSlice(result.getBitDepth() == 8 ? plane.convertToByteProcessor(false) : result
				.getBitDepth() == 16 ? plane.convertToShortProcessor(false) : plane);
		}
		final ImagePlus grey = new ImagePlus(result.getTitle(), out);
		grey.setDimensions(1, result.getNSlices(), result.getNFrames());
		grey.setCalibration(result.getCalibration());
		return grey;
	}
}
