package org.pixelwise.predict;

/**
 * What tiled prediction needs from a trained network: its channel counts, the size grid its
 * pooling layers impose, how far each output pixel looks, how much larger its output is than
 * its input, and a way to run it on a batch of tiles. Keeping it this small lets
 * {@link TiledPredictor} be tested with a plain Java stand-in and lets any TensorFlow model be
 * plugged in behind it.
 *
 * <p>Implementations may throw {@link org.tensorflow.exceptions.TFResourceExhaustedException}
 * or {@link OutOfMemoryError} from {@link #run} when the batch does not fit in memory; the
 * predictor then retries with fewer or smaller tiles.
 */
public interface TileNetwork {

	/** Channels per input pixel. */
	int inputChannels();

	/** Channels per output pixel, e.g. class probabilities. */
	int outputChannels();

	/** Tile height and width must be multiples of this, e.g. 2^depth for a U-Net. */
	int sizeMultiple();

	/**
	 * How many input pixels away, at most, an input pixel can still change an output pixel,
	 * counted from the input pixel that the output pixel lies over. Tiles read this much context
	 * beyond the region whose output they keep.
	 */
	int receptiveFieldRadius();

	/**
	 * How many times larger the output is than the input along X and along Y: 1 for
	 * segmentation and denoising, 2 to 4 for super-resolution. Output pixels
	 * {@code s * x} to {@code s * x + s - 1} lie over input pixel {@code x}.
	 */
	default int outputScale() {
		return 1;
	}

	/**
	 * Predicts {@code batch} tiles at once.
	 *
	 * @param input {@code batch * height * width * inputChannels()} values, NHWC row-major
	 * @param output receives {@code batch * (height * s) * (width * s) * outputChannels()}
	 *          values, NHWC row-major, where {@code s} is {@link #outputScale()}
	 */
	void run(float[] input, int batch, int height, int width, float[] output);

	/** 2 for a network of images, 3 for one of volumes (z-stacks). */
	default int dimensions() {
		return 2;
	}

	/** Volumes only: tile depths must be a multiple of this. */
	default int zSizeMultiple() {
		return 1;
	}

	/** Volumes only: as {@link #receptiveFieldRadius()}, along z. */
	default int zReceptiveFieldRadius() {
		return 0;
	}

	/**
	 * Predicts {@code batch} volume tiles at once (NDHWC row-major); a network of images
	 * predicts one plane at a time.
	 */
	default void run(final float[] input, final int batch, final int depth, final int height,
		final int width, final float[] output)
	{
		if (depth != 1 || dimensions() != 2) throw new UnsupportedOperationException(
			"this network predicts images, not volumes");
		run(input, batch, height, width, output);
	}

	/**
	 * The network whose weights compute this one's outputs: itself, or the real network behind
	 * a stand-in that only counts or replays tile calls. The context a network needs is
	 * measured on, and remembered for, this one.
	 */
	default TileNetwork measuredNetwork() {
		return this;
	}
}
