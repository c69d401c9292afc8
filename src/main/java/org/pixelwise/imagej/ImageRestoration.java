package org.pixelwise.imagej;

import java.util.function.DoubleConsumer;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import net.imglib2.type.numeric.real.FloatType;

import org.pixelwise.model.Restorer;

/**
 * Restores an ImageJ image (any hyperstack: slice by slice with a 2-D model, each time point's
 * z-stack whole with a 3-D one) and returns an ImageJ image
 * {@code scale} times larger, as 32-bit or in the input's own type (8-bit, 16-bit or RGB, with
 * values rounded and clipped to that type), with the pixel size divided by the scale.
 */
public final class ImageRestoration {

	private ImageRestoration() {}

	public static ImagePlus of(final ImagePlus original, final Restorer restorer, final int scale,
		final boolean sameType, final DoubleConsumer progress)
	{
		final ChannelMatch match = ChannelMatch.of(original, restorer.inputChannels());
		final ImagePlus image = match.image;
		final HyperstackAxes axes = HyperstackAxes.of(image);
		final Img<FloatType> restored = restorer.dimensions() == 3 ? volumes(restorer, image, axes,
			progress) : restorer.restoreStack(ImagePlusImages.wrap(image), axes.hasChannelAxis,
				progress);
		final Calibration calibration = image.getCalibration().copy();
		calibration.pixelWidth /= scale;
		calibration.pixelHeight /= scale;
		final String title = ImageSegmentation.stripExtension(image.getTitle()) + "_restored";
		final ImagePlus result = ImagePlusImages.toImagePlus(restored, title, axes.withChannels(
			(int) restored.dimension(2)), calibration);
		if (match.greyToColour) {
			final ImagePlus grey = ChannelMatch.toGrey(result);
			return sameType ? inTypeOf(grey, original) : grey;
		}
		return sameType ? inTypeOf(result, image) : result;
	}

	/**
	 * A 3-D model restores each time point's z-stack whole; the result is (X, Y, C, Z[, T]),
	 * the layout of a slice-by-slice restoration.
	 */
	private static Img<FloatType> volumes(final Restorer restorer, final ImagePlus image,
		final HyperstackAxes axes, final DoubleConsumer progress)
	{
		final List<RandomAccessibleInterval<? extends RealType<?>>> stacks = ImagePlusImages.zStacks(
			image, axes);
		final List<RandomAccessibleInterval<FloatType>> frames = new ArrayList<>();
		for (int t = 0; t < stacks.size(); t++) {
			final int frame = t;
			frames.add(restorer.restoreVolume(stacks.get(t), axes.hasChannelAxis, progress == null
				? null : p -> progress.accept((frame + p) / stacks.size())));
		}
		if (frames.size() == 1) return (Img<FloatType>) frames.get(0);
		final Img<FloatType> stacked = ArrayImgs.floats(Views.stack(frames).dimensionsAsLongArray());
		LoopBuilder.setImages(Views.stack(frames), stacked).forEachPixel((a, b) -> b.set(a));
		return stacked;
	}

	/** The 32-bit result converted to the source's type, without rescaling values. */
	static ImagePlus inTypeOf(final ImagePlus result, final ImagePlus source) {
		final int bitDepth = source.getBitDepth();
		if (bitDepth == 32) return result;
		final ImageStack in = result.getStack();
		final ImageStack out = new ImageStack(result.getWidth(), result.getHeight());
		if (bitDepth == 24) {
			for (int i = 1; i <= in.getSize(); i += 3) {
				final ColorProcessor rgb = new ColorProcessor(result.getWidth(), result.getHeight());
				rgb.setChannel(1, in.getProcessor(i).convertToByteProcessor(false));
				rgb.setChannel(2, in.getProcessor(i + 1).convertToByteProcessor(false));
				rgb.setChannel(3, in.getProcessor(i + 2).convertToByteProcessor(false));
				out.addSlice(rgb);
			}
		}
		else for (int i = 1; i <= in.getSize(); i++) {
			final ImageProcessor p = in.getProcessor(i);
			out.addSlice(bitDepth == 8 ? p.convertToByteProcessor(false) : p.convertToShortProcessor(
				false));
		}
		final ImagePlus converted = new ImagePlus(result.getTitle(), out);
		converted.setCalibration(result.getCalibration());
		if (bitDepth == 24) converted.setDimensions(1, source.getNSlices(), source.getNFrames());
		else converted.setDimensions(result.getNChannels(), result.getNSlices(), result.getNFrames());
		return converted;
	}
}
