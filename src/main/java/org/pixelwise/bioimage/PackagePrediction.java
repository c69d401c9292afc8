package org.pixelwise.bioimage;

import java.util.List;

import org.pixelwise.predict.TiledPredictor;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Runs a package's network on one 2-D image the way its description says: preprocessing on
 * the whole image (so per-image statistics are the image's, not a tile's), tiled prediction
 * honouring the model's sizes and halo, then postprocessing on the whole output.
 */
public final class PackagePrediction {

	private PackagePrediction() {}

	/**
	 * @param image X, Y, and a last channel axis when {@code hasChannelAxis}
	 * @return X * s, Y * s, output channels
	 */
	public static Img<FloatType> predict(final TiledPredictor predictor,
		final List<ProcessingStep> preprocessing, final List<ProcessingStep> postprocessing,
		final int outputScale, final int outputChannels,
		final RandomAccessibleInterval<? extends RealType<?>> image, final boolean hasChannelAxis)
	{
		final long width = image.dimension(0), height = image.dimension(1);
		final int channels = hasChannelAxis ? (int) image.dimension(2) : 1;
		final long pixels = width * height;
		final long outputPixels = pixels * outputScale * outputScale;
		if (Math.max(pixels * channels, outputPixels * outputChannels) > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("the image is too large (" + width + " x " + height +
				") for this model's whole-image processing; crop it into parts of at most " +
				"about 20 000 x 20 000 pixels");
		final ArrayImg<FloatType, FloatArray> input = ArrayImgs.floats(width, height, channels);
		final Cursor<? extends RealType<?>> from = Views.flatIterable(image).cursor();
		final float[] values = input.update(null).getCurrentStorageArray();
		for (int i = 0; i < values.length; i++) {
			values[i] = from.next().getRealFloat();
			if (Float.isNaN(values[i])) throw new IllegalArgumentException("the image contains NaN " +
				"(not-a-number) pixels, e.g. at index " + i + "; replace them (Process > Math > NaN " +
				"Background) before running the model");
		}
		Processing.apply(preprocessing, values, (int) pixels, channels);
		final ArrayImg<FloatType, FloatArray> output = ArrayImgs.floats(width * outputScale, height *
			outputScale, outputChannels);
		predictor.predict(input, true, v -> v, output);
		Processing.apply(postprocessing, output.update(null).getCurrentStorageArray(),
			(int) outputPixels, outputChannels);
		return output;
	}
}
