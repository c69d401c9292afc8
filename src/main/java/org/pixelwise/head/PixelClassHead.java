package org.pixelwise.head;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.pixelwise.data.ConnectedComponents;
import org.pixelwise.data.Grid;
import org.pixelwise.data.LabelMode;
import org.pixelwise.data.Patch;
import org.pixelwise.data.TargetEncoder;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * One class per pixel: a sigmoid for binary masks, a softmax over classes, or over
 * background / interior / boundary for instances, which come out as the interior's connected
 * regions grown into their boundaries ({@link Instances#fromInteriorAndBoundary}).
 */
public final class PixelClassHead implements Head {

	public static final String KEY = "pixel-classes";

	private final LabelMode mode;
	private final int channels;
	private final PixelLoss loss;

	/** @param loss the training loss; null when the head only decodes predictions */
	public PixelClassHead(final LabelMode mode, final int channels, final PixelLoss loss) {
		if (channels < 1 || channels > 255) throw new IllegalArgumentException("a model with " +
			channels + " classes cannot be labelled; Pixelwise labels 1 to 255 classes");
		this.mode = mode;
		this.channels = channels;
		this.loss = loss;
	}

	@Override
	public String key() {
		return KEY;
	}

	@Override
	public int outputChannels() {
		return channels;
	}

	@Override
	public void encode(final Patch patch, final float[] targets, final int targetOffset,
		final int targetChannels, final float[] weights, final int weightOffset)
	{
		TargetEncoder.ONE_HOT.encode(patch, targets, targetOffset, targetChannels, weights,
			weightOffset);
	}

	@Override
	public Operand<TFloat32> loss(final Ops tf, final Operand<TFloat32> output,
		final Operand<TFloat32> target, final Operand<TFloat32> weights)
	{
		if (loss == null) throw new IllegalStateException("this head was made for prediction only");
		return loss.build(tf, output, target, weights, channels);
	}

	@Override
	public Operand<TFloat32> prediction(final Ops tf, final Operand<TFloat32> output) {
		return channels == 1 ? tf.math.sigmoid(output) : tf.nn.softmax(output);
	}

	@Override
	public int[] classes(final float[] prediction, final double threshold) {
		final int pixels = prediction.length / channels;
		final int[] classes = new int[pixels];
		for (int i = 0; i < pixels; i++)
			classes[i] = pixelClass(prediction, i, threshold);
		return classes;
	}

	/** Pixel {@code i}'s class: the threshold for one channel, else the most probable. */
	@Override
	public int pixelClass(final float[] prediction, final int i, final double threshold) {
		if (channels == 1) return prediction[i] >= threshold ? 1 : 0;
		int best = 0;
		for (int c = 1; c < channels; c++)
			if (prediction[i * channels + c] > prediction[i * channels + best]) best = c;
		return best;
	}

	@Override
	public int classCount() {
		return channels == 1 ? 2 : channels;
	}

	@Override
	public Segmentation decode(final Img<FloatType> probabilities, final double threshold) {
		return decode(probabilities, threshold, true);
	}

	@Override
	public Segmentation decode(final Img<FloatType> probabilities, final double threshold,
		final boolean withInstances)
	{
		final int width = (int) probabilities.dimension(0), height = (int) probabilities.dimension(1);
		final byte[] classes = decide(probabilities, width * height, threshold);
		final int[] instances = withInstances ? instances(classes, Grid.plane(width, height)) : null;
		return new Segmentation(probabilities, ArrayImgs.unsignedBytes(classes, width, height),
			instances == null ? null : ArrayImgs.ints(instances, width, height));
	}

	/** Objects of binary and instance modes, face-connected; null for classes. */
	private int[] instances(final byte[] classes, final Grid grid) {
		if (mode == LabelMode.BINARY) {
			final boolean[] foreground = new boolean[classes.length];
			for (int i = 0; i < classes.length; i++)
				foreground[i] = classes[i] == 1;
			return ConnectedComponents.label(foreground, grid);
		}
		return mode == LabelMode.INSTANCES ? Instances.fromInteriorAndBoundary(classes, grid) : null;
	}

	@Override
	public Segmentation decodeVolume(final float[] prediction, final Grid grid,
		final double threshold)
	{
		// Lean for large stacks: classes straight into the label bytes, and the probabilities
		// reordered for ImageJ in the prediction's own array.
		final byte[] classes = new byte[grid.size()];
		for (int i = 0; i < classes.length; i++)
			classes[i] = (byte) pixelClass(prediction, i, threshold);
		final Segmentation decoded = decodeVolumeClasses(classes, grid, true);
		return new Segmentation(org.pixelwise.data.Planes.byPlaneInPlace(prediction, grid, channels),
			decoded.labels, decoded.instances);
	}

	@Override
	public boolean decidesPixelByPixel() {
		return true;
	}

	@Override
	public Segmentation decodeVolumeClasses(final byte[] classes, final Grid grid,
		final boolean withInstances)
	{
		grid.require(classes.length, "class volume");
		final Img<UnsignedByteType> labels = ArrayImgs.unsignedBytes(classes, grid.width, grid.height,
			grid.depth);
		final int[] instances = withInstances ? instances(classes, grid) : null;
		return new Segmentation(null, labels, instances == null ? null : ArrayImgs.ints(instances,
			grid.width, grid.height, grid.depth));
	}

	/** Threshold for one channel, argmax over several, channel plane by plane. */
	private byte[] decide(final Img<FloatType> probabilities, final int pixels,
		final double threshold)
	{
		final byte[] classes = new byte[pixels];
		// The running maximum is only needed for argmax; binary models threshold one channel.
		final float[] best = channels == 1 ? null : new float[pixels];
		if (best != null) Arrays.fill(best, Float.NEGATIVE_INFINITY);
		for (int c = 0; c < channels; c++) {
			final Cursor<FloatType> cursor = Views.flatIterable(Views.hyperSlice(probabilities, 2, c))
				.cursor();
			for (int i = 0; i < pixels; i++) {
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

	@Override
	public Map<String, Object> toMap() {
		final Map<String, Object> map = new LinkedHashMap<>();
		map.put("kind", KEY);
		map.put("output", channels == 1 ? "sigmoid" : "softmax");
		return map;
	}
}
