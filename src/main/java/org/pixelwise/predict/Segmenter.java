package org.pixelwise.predict;

import java.util.function.Consumer;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.pixelwise.data.ConnectedComponents;
import org.pixelwise.data.LabelMode;
import org.pixelwise.data.StackSlices;
import org.pixelwise.model.SegmentationModel;

/**
 * Segments images with a trained model: normalises them as the model was trained, predicts
 * tile by tile, and turns probabilities into labels (threshold for binary models, argmax for
 * multi-class) and into instances (connected components, split by the boundary class for
 * instance models). Stacks and time series go through it one 2-D slice at a time.
 */
public final class Segmenter {

	private final SegmentationModel model;
	private final TiledPredictor predictor;
	private final double threshold;
	private boolean testTimeAugmentation;

	public Segmenter(final SegmentationModel model, final int tileSize, final int batchSize,
		final double threshold, final Consumer<String> messages)
	{
		this.model = model;
		this.predictor = new TiledPredictor(model, model.tileSize(tileSize), batchSize);
		this.predictor.setMessageListener(messages);
		this.threshold = Double.isNaN(threshold) ? model.threshold() : threshold;
	}

	/** Averages the prediction over the image's eight orientations (eight times the work). */
	public void setTestTimeAugmentation(final boolean enabled) {
		testTimeAugmentation = enabled;
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
		final Img<FloatType> probabilities = testTimeAugmentation ? TestTimeAugmentation.average(
			image, view -> model.probabilities(predictor, view, hasChannelAxis)) : model.probabilities(
				predictor, image, hasChannelAxis);
		final int width = (int) image.dimension(0), height = (int) image.dimension(1);
		final byte[] classes = decide(probabilities, width, height, model.outputChannels());
		final Img<UnsignedByteType> labels = ArrayImgs.unsignedBytes(classes, width, height);
		Img<IntType> instances = null;
		if (model.labelMode() == LabelMode.BINARY) {
			final boolean[] foreground = new boolean[classes.length];
			for (int i = 0; i < classes.length; i++)
				foreground[i] = classes[i] == 1;
			instances = ArrayImgs.ints(ConnectedComponents.label(foreground, width, height), width,
				height);
		}
		else if (model.labelMode() == LabelMode.INSTANCES) {
			final int[] ints = new int[classes.length];
			for (int i = 0; i < ints.length; i++)
				ints[i] = classes[i] & 0xff;
			instances = ArrayImgs.ints(Instances.fromInteriorAndBoundary(ints, width, height), width,
				height);
		}
		return new Segmentation(probabilities, labels, instances);
	}

	private byte[] decide(final Img<FloatType> probabilities, final int width, final int height,
		final int channels)
	{
		if (channels > 255) throw new IllegalArgumentException("the model has " + channels +
			" classes; Pixelwise labels at most 255");
		final byte[] classes = new byte[width * height];
		// The running maximum is only needed for argmax; binary models threshold one channel.
		final float[] best = channels == 1 ? null : new float[width * height];
		if (best != null) java.util.Arrays.fill(best, Float.NEGATIVE_INFINITY);
		for (int c = 0; c < channels; c++) {
			final Cursor<FloatType> cursor = Views.flatIterable(Views.hyperSlice(probabilities, 2, c))
				.cursor();
			for (int i = 0; i < classes.length; i++) {
				final float p = cursor.next().get();
				if (channels == 1) classes[i] = (byte) (p >= threshold ? 1 : 0);
				else if (p > best[i]) {
					best[i] = p;
					classes[i] = (byte) c;
				}
			}
		}
		return classes;
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
		final Img<FloatType> probabilities = ArrayImgs.floats(StackSlices.stacked(new long[] { image
			.dimension(0), image.dimension(1), model.outputChannels() }, image, first));
		final Img<UnsignedByteType> labels = ArrayImgs.unsignedBytes(labelDims);
		Img<IntType> instances = null;
		final long slices = StackSlices.count(image, first);
		for (long n = 0; n < slices; n++) {
			final Segmentation s = segment(StackSlices.slice(image, first, n), hasChannelAxis);
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
