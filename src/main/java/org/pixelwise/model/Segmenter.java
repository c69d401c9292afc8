package org.pixelwise.model;

import java.util.function.Consumer;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.pixelwise.data.Grid;
import org.pixelwise.data.Planes;
import org.pixelwise.data.StackSlices;
import org.pixelwise.data.VolumeSource;
import org.pixelwise.predict.VolumePredictor;
import org.pixelwise.predict.ContextProbe;
import org.pixelwise.predict.TestTimeAugmentation;
import org.pixelwise.predict.TileNetwork;
import org.pixelwise.predict.TiledPredictor;
import org.pixelwise.head.Head;
import org.pixelwise.head.Segmentation;

/**
 * Segments images with a trained model: normalises them as the model was trained, predicts
 * tile by tile, and lets the model's head turn the stitched prediction into labels and
 * instances (see {@link Head}). Stacks and time series go through it one 2-D slice at a time.
 */
public final class Segmenter {

	private final SegmentationModel model;
	private final TiledPredictor predictor;
	private final double threshold;
	private final Head head;
	private boolean testTimeAugmentation;
	private boolean keepProbabilities = true;
	private boolean keepInstances = true;

	public Segmenter(final SegmentationModel model, final int tileSize, final int batchSize,
		final double threshold, final Consumer<String> messages)
	{
		this(model, model, tileSize, batchSize, threshold, messages);
	}

	/**
	 * A segmenter whose tiles go through {@code network}, a stand-in for the model's own network
	 * (see {@link SplitPrediction}).
	 */
	public Segmenter(final SegmentationModel model, final TileNetwork network, final int tileSize,
		final int batchSize, final double threshold, final Consumer<String> messages)
	{
		this.model = model;
		predictor = new TiledPredictor(network, model.tileSize(tileSize), batchSize);
		// The exact context these weights need, measured once per loaded model: not more.
		predictor.setContextTolerance(ContextProbe.FLOAT_ROUNDING);
		this.predictor.setMessageListener(messages);
		this.threshold = Double.isNaN(threshold) ? model.threshold() : threshold;
		this.head = model.head();
	}

	/** Averages the prediction over the image's eight orientations (eight times the work). */
	/**
	 * Whether 3-D segmentations keep their probabilities (default true). Without them, a head
	 * that decides voxel by voxel decodes each tile as it comes, and a 128 x 1024 x 1024 stack
	 * never holds its 3-class probabilities (1.5 GB).
	 */
	public void setKeepProbabilities(final boolean keep) {
		keepProbabilities = keep;
	}

	/**
	 * Whether segmentations find instances (default true). Without, a head that decides pixel
	 * by pixel skips finding objects: a large stack then needs no int per voxel for them, and a
	 * macro asking for labels alone no connected components.
	 */
	public void setKeepInstances(final boolean keep) {
		keepInstances = keep;
	}

	public void setTestTimeAugmentation(final boolean enabled) {
		testTimeAugmentation = enabled;
	}

	/**
	 * What one 3-D tile may read, context included, when the caller leaves the tile size to us:
	 * 4 M voxels, about 2 GB with a 16-filter U-Net.
	 */
	public static final long VOLUME_READ_VOXELS = 4_000_000;

	/**
	 * Stacks of more voxels than this hold more than a gigabyte of their own (input, classes,
	 * labels), so their tiles read half as much: TensorFlow's share then stays near 1 GB.
	 */
	static final long LARGE_VOLUME_VOXELS = 32_000_000;

	/** The read budget of one tile of a volume of {@code voxels} voxels. */
	static long readBudget(final long voxels) {
		return voxels > LARGE_VOLUME_VOXELS ? VOLUME_READ_VOXELS / 2 : VOLUME_READ_VOXELS;
	}

	/** 2 for a model of images (stacks go slice by slice), 3 for one of volumes. */
	public int dimensions() {
		return model.dimensions();
	}

	/** The channels the model takes. */
	public int inputChannels() {
		return model.inputChannels();
	}

	public TiledPredictor predictor() {
		return predictor;
	}

	/** Segments one 2-D image (X, Y, and a last channel axis when {@code hasChannelAxis}). */
	public Segmentation segment(final RandomAccessibleInterval<? extends RealType<?>> image,
		final boolean hasChannelAxis)
	{
		final int expected = hasChannelAxis ? 3 : 2;
		if (image.numDimensions() != expected) throw new IllegalArgumentException("the image has " +
			image.numDimensions() + " dimensions; give one 2-D image (X, Y" + (hasChannelAxis
				? ", channels" : "") + "), or segment stacks slice by slice");
		final int channels = hasChannelAxis ? (int) image.dimension(2) : 1;
		if (channels != model.inputChannels()) throw new IllegalArgumentException("the model '" +
			model.name() + "' expects " + model.inputChannels() + " channel(s) but the image has " +
			channels + "; give an image with " + model.inputChannels() + " channel(s)");
		final Img<FloatType> prediction = testTimeAugmentation ? TestTimeAugmentation.average(image,
			view -> model.probabilities(predictor, view, hasChannelAxis), head::orientedChannel) : model.probabilities(
				predictor, image, hasChannelAxis);
		return head.decode(prediction, threshold, keepInstances);
	}

	/**
	 * Segments a z-stack as one volume with a 3-D model: axes X, Y, Z, and a last channel axis
	 * when {@code hasChannelAxis}. Probabilities come out as (X, Y, class, Z), labels and
	 * instances as (X, Y, Z).
	 *
	 * @param tileSize, tileDepth the kept block of each tile (x/y side, planes); 0 and 0 pick the
	 *          largest whose tiles read at most {@link #VOLUME_READ_VOXELS} (half that for stacks
	 *          of more than {@link #LARGE_VOLUME_VOXELS})
	 */
	public Segmentation segmentVolume(final RandomAccessibleInterval<? extends RealType<?>> stack,
		final boolean hasChannelAxis, final int tileSize, final int tileDepth,
		final java.util.function.DoubleConsumer progress)
	{
		final int expected = hasChannelAxis ? 4 : 3;
		if (model.dimensions() != 3) throw new IllegalArgumentException("the model '" + model.name() +
			"' is 2-D; it segments stacks slice by slice");
		if (stack.numDimensions() != expected) throw new IllegalArgumentException("the image has " +
			stack.numDimensions() + " dimensions; the 3-D model '" + model.name() + "' needs a z-stack " +
			"(X, Y, Z" + (hasChannelAxis ? ", channels" : "") + ")");
		final int channels = hasChannelAxis ? (int) stack.dimension(3) : 1;
		if (channels != model.inputChannels()) throw new IllegalArgumentException("the model '" +
			model.name() + "' expects " + model.inputChannels() + " channel(s) but the stack has " +
			channels + "; give a stack with " + model.inputChannels() + " channel(s)");
		final Grid grid = new Grid((int) stack.dimension(0), (int) stack.dimension(1), (int) stack
			.dimension(2));
		if (!testTimeAugmentation && !keepProbabilities && head.decidesPixelByPixel() && model
			.description != null)
		{
			// Classes decided block by block: the probabilities of a large stack are never held.
			final byte[] classes = new byte[grid.size()];
			final VolumeSource voxels = model.volumeInput(stack, hasChannelAxis);
			volumePredictor(voxels, tileSize, tileDepth, progress).predict(voxels, (x, y, z,
				width, height, depth, block) -> {
				for (int k = 0; k < depth; k++)
					for (int j = 0; j < height; j++)
						for (int i = 0; i < width; i++)
							classes[((z + k) * grid.height + y + j) * grid.width + x + i] = (byte) head.pixelClass(
								block, (k * height + j) * width + i, threshold);
			});
			return head.decodeVolumeClasses(classes, grid, keepInstances);
		}
		if (!testTimeAugmentation) return head.decodeVolume(probabilities(stack, hasChannelAxis,
			tileSize, tileDepth, progress), grid, threshold);
		// The eight orientations in the plane, not along z, whose voxels are often longer.
		final int[] done = { 0 };
		final Img<FloatType> mean = TestTimeAugmentation.average(stack, turned -> {
			final float[] p = probabilities(turned, hasChannelAxis, tileSize, tileDepth,
				progress == null ? null : f -> progress.accept((done[0] + f) / TestTimeAugmentation.ORIENTATIONS));
			done[0]++;
			return Planes.byPlane(p, new Grid((int) turned.dimension(0), (int) turned.dimension(1),
				grid.depth), model.outputChannels());
		}, head::orientedChannel);
		return head.decodeVolume(Planes.interleaved(mean), grid, threshold);
	}

	/** Normalised (or processed, for another tool's package) and predicted in tiles: [z][y][x][class]. */
	private float[] probabilities(final RandomAccessibleInterval<? extends RealType<?>> stack,
		final boolean hasChannelAxis, final int tileSize, final int tileDepth,
		final java.util.function.DoubleConsumer progress)
	{
		final VolumeSource voxels = model.volumeInput(stack, hasChannelAxis);
		final float[] probabilities = volumePredictor(voxels, tileSize, tileDepth, progress).predict(
			voxels);
		model.volumeOutput(probabilities, voxels.grid().size());
		return probabilities;
	}

	private VolumePredictor volumePredictor(final VolumeSource voxels, final int tileSize,
		final int tileDepth, final java.util.function.DoubleConsumer progress)
	{
		final VolumePredictor volumes = tileSize > 0 && tileDepth > 0 ? new VolumePredictor(model,
			tileSize, tileDepth) : VolumePredictor.forVolume(model, voxels, readBudget(voxels.grid()
				.size()), ContextProbe.FLOAT_ROUNDING, predictor.messages());
		if (progress != null) volumes.setProgressListener(progress);
		return volumes;
	}

	/**
	 * Segments a stack or time series slice by slice: axes X, Y, then a channel axis when
	 * {@code hasChannelAxis}, then any number of further axes (Z, T). Outputs keep the further
	 * axes: probabilities are (X, Y, class, ...), labels and instances (X, Y, ...).
	 */
	public Segmentation segmentStack(final RandomAccessibleInterval<? extends RealType<?>> image,
		final boolean hasChannelAxis, final java.util.function.DoubleConsumer progress)
	{
		final int first = hasChannelAxis ? 3 : 2;
		if (image.numDimensions() <= first) return segment(image, hasChannelAxis);
		final long[] labelDims = StackSlices.stacked(new long[] { image.dimension(0), image.dimension(
			1) }, image, first);
		final Img<UnsignedByteType> labels = ArrayImgs.unsignedBytes(labelDims);
		Img<FloatType> probabilities = null;
		Img<IntType> instances = null;
		final long slices = StackSlices.count(image, first);
		for (long n = 0; n < slices; n++) {
			final Segmentation s = segment(StackSlices.slice(image, first, n), hasChannelAxis);
			// The head decides how many probability channels users see (star-convex: one).
			if (probabilities == null) probabilities = ArrayImgs.floats(StackSlices.stacked(new long[] {
				image.dimension(0), image.dimension(1), s.probabilities.dimension(2) }, image, first));
			StackSlices.copy(s.probabilities, StackSlices.slice(probabilities, 3, n));
			StackSlices.copy(s.labels, StackSlices.slice(labels, 2, n));
			if (s.instances != null) {
				if (instances == null) instances = ArrayImgs.ints(labelDims);
				StackSlices.copy(s.instances, StackSlices.slice(instances, 2, n));
			}
			if (progress != null) progress.accept((n + 1) / (double) slices);
		}
		return new Segmentation(probabilities, labels, instances);
	}
}
