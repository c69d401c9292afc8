package org.pixelwise.predict;

/**
 * What tiled prediction needs from a trained network: its channel counts, the size grid its
 * pooling layers impose, how far each output pixel looks, and a way to run it on a batch of
 * tiles. Keeping it this small lets {@link TiledPredictor} be tested with a plain Java stand-in
 * and lets any TensorFlow model be plugged in behind it.
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
	 * How many pixels away, at most, an input pixel can still change an output pixel. Tiles
	 * read this much context beyond the region whose output they keep.
	 */
	int receptiveFieldRadius();

	/**
	 * Predicts {@code batch} tiles at once.
	 *
	 * @param input {@code batch * height * width * inputChannels()} values, NHWC row-major
	 * @param output receives {@code batch * height * width * outputChannels()} values, NHWC
	 *          row-major
	 */
	void run(float[] input, int batch, int height, int width, float[] output);
}
