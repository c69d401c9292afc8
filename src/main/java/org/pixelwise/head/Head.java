package org.pixelwise.head;

import java.util.Map;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.pixelwise.data.TargetEncoder;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What a segmentation network predicts and how that becomes labels, in one place: the
 * targets made from label images, the loss, the prediction a saved model outputs, and the
 * decoding of that prediction into classes and instances. The network body (a 2-D or 3-D
 * U-Net) only has to output {@link #outputChannels()} channels per pixel or voxel.
 *
 * <p>Heads: {@link PixelClassHead} (one class per pixel: binary, classes, or background /
 * interior / boundary for instances) and {@link StarConvexHead} (object probability and
 * distances to the object's edge along rays, for round objects such as nuclei).
 */
public interface Head extends TargetEncoder {

	/** The head's name in a model description and in the {@code head} option. */
	String key();

	/** Channels the network outputs, and the number of target channels. */
	int outputChannels();

	/** The training loss of raw network output against targets made by {@link #encode}. */
	Operand<TFloat32> loss(Ops tf, Operand<TFloat32> output, Operand<TFloat32> target,
		Operand<TFloat32> weights);

	/** What a saved model outputs: probabilities, and for star-convex heads also distances. */
	Operand<TFloat32> prediction(Ops tf, Operand<TFloat32> output);

	/**
	 * The class of each pixel of a prediction (pixels, channels interleaved), as validation
	 * scores it against the patch labels.
	 */
	int[] classes(float[] prediction, double threshold);

	/** The number of classes {@link #classes} gives, background included. */
	int classCount();

	/**
	 * Labels from a whole image's prediction (X, Y, channel): probabilities to show, classes,
	 * and instances where the head knows objects.
	 */
	Segmentation decode(Img<FloatType> prediction, double threshold);

	/**
	 * As {@link #decode(Img, double)}, leaving out the instances when {@code withInstances} is
	 * false and the head can decide its labels without them (a class per pixel).
	 */
	default Segmentation decode(final Img<FloatType> prediction, final double threshold,
		final boolean withInstances)
	{
		return decode(prediction, threshold);
	}

	/**
	 * Labels from a whole volume's prediction ([z][y][x][channel], interleaved): probabilities
	 * (X, Y, channel, Z, as ImageJ orders a hyperstack), classes (X, Y, Z) and 3-D instances.
	 * Heads that know only images refuse.
	 */
	default Segmentation decodeVolume(final float[] prediction, final org.pixelwise.data.Grid grid,
		final double threshold)
	{
		throw new UnsupportedOperationException("the " + key() + " head segments images, not volumes");
	}

	/**
	 * Whether {@link #pixelClass} decides each pixel from its own outputs, so that a volume can
	 * be decoded block by block without its probabilities ever being held whole.
	 */
	default boolean decidesPixelByPixel() {
		return false;
	}

	/**
	 * The class of pixel {@code pixel} of a prediction (channels interleaved), for heads that
	 * {@link #decidesPixelByPixel}.
	 */
	default int pixelClass(final float[] prediction, final int pixel, final double threshold) {
		throw new UnsupportedOperationException("the " + key() + " head decodes whole images");
	}

	/**
	 * Labels (and instances, where the head knows objects and {@code withInstances}) of a
	 * volume from its classes alone ({@link #pixelClass} per voxel, [z][y][x]), without
	 * probabilities, for heads that {@link #decidesPixelByPixel}.
	 */
	default Segmentation decodeVolumeClasses(final byte[] classes,
		final org.pixelwise.data.Grid grid, final boolean withInstances)
	{
		throw new UnsupportedOperationException("the " + key() + " head decodes whole images");
	}

	/**
	 * Where channel {@code channel} of a prediction made on a turned image belongs once the
	 * prediction is turned back: orientation k is k % 4 quarter turns (x towards y), then a
	 * mirror of x when k >= 4. Channels that mean the same in every orientation stay.
	 */
	default int orientedChannel(final int channel, final int orientation) {
		return channel;
	}

	/** What to store in a model description to rebuild this head. */
	Map<String, Object> toMap();
}
