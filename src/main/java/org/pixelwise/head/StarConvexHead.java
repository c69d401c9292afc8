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

import org.pixelwise.data.Patch;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Star-convex objects (Schmidt et al. 2018, StarDist): the network predicts, per pixel, the
 * probability of being inside an object (channel 0) and the distances to the object's edge
 * along {@code rays} directions (channels 1..rays). Objects come out as polygons, one per
 * group of confident pixels ({@link StarPolygons}). Nuclei are nearly convex, so this keeps
 * touching nuclei apart where a boundary class leaves them fused.
 *
 * <p>Loss as in StarDist: binary cross-entropy on the probability, plus 0.2 times the mean
 * absolute error of the distances weighted by the target probability, so the centre pixels,
 * which propose the objects, count most. Prediction is made in polygons over the whole image,
 * after tiles are stitched, so objects come out the same whatever the tiling.
 */
public final class StarConvexHead implements Head {

	public static final String KEY = "star-convex";
	/** StarDist's default: 32 rays describe a nucleus's outline well. */
	public static final int DEFAULT_RAYS = 32;
	/** StarDist's default suppression overlap. */
	public static final double DEFAULT_OVERLAP = 0.4;
	private static final float DISTANCE_WEIGHT = 0.2f;
	/**
	 * Network outputs are multiplied by this to give pixels, so that an output layer starting
	 * near 0 reaches nucleus radii (10-40 pixels) in a few steps.
	 */
	private static final float DISTANCE_SCALE = 10f;

	public final int rays;
	public final double overlap;

	public StarConvexHead(final int rays, final double overlap) {
		if (rays < 8 || rays > 128 || rays % 4 != 0) throw new IllegalArgumentException(rays +
			" rays are not possible; use a multiple of 4 from 8 to 128 (32 is usual)");
		if (!(overlap > 0 && overlap < 1)) throw new IllegalArgumentException("overlap " + overlap +
			" must be between 0 and 1 (0.4 is usual)");
		this.rays = rays;
		this.overlap = overlap;
	}

	public static StarConvexHead defaults() {
		return new StarConvexHead(DEFAULT_RAYS, DEFAULT_OVERLAP);
	}

	@Override
	public String key() {
		return KEY;
	}

	@Override
	public int outputChannels() {
		return 1 + rays;
	}

	@Override
	public void encode(final Patch patch, final float[] targets, final int targetOffset,
		final int channels, final float[] weights, final int weightOffset)
	{
		if (patch.instances == null) throw new IllegalArgumentException(
			"star-convex training needs instance labels (one id per object); set label_mode=instances");
		final int pixels = patch.width * patch.height;
		final float[] distances = StarDistances.distances(patch.instances, patch.width, patch.height,
			rays);
		final float[] probability = StarDistances.probability(patch.instances, distances, rays);
		for (int i = 0; i < pixels; i++) {
			final int t = targetOffset + i * channels;
			targets[t] = probability[i];
			System.arraycopy(distances, i * rays, targets, t + 1, rays);
			weights[weightOffset + i] = patch.instances[i] == Patch.IGNORE ? 0f : 1f;
		}
	}

	@Override
	public Operand<TFloat32> loss(final Ops tf, final Operand<TFloat32> output,
		final Operand<TFloat32> target, final Operand<TFloat32> weights)
	{
		final Operand<TFloat32> logit = channel0(tf, output), probability = channel0(tf, target);
		// max(x, 0) - x t + log(1 + exp(-|x|)): sigmoid cross-entropy that cannot overflow.
		final Operand<TFloat32> ce = tf.math.add(tf.math.sub(tf.nn.relu(logit), tf.math.mul(logit,
			probability)), tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logit)))));
		final Operand<TInt32> all = tf.constant(new int[] { 0, 1, 2 });
		final Operand<TFloat32> annotated = tf.math.maximum(tf.reduceSum(tf.dtypes.cast(tf.math
			.greater(weights, tf.constant(0f)), TFloat32.class), all), tf.constant(1f));
		final Operand<TFloat32> bce = tf.math.div(tf.reduceSum(tf.math.mul(ce, weights), all),
			annotated);
		final Operand<TFloat32> predicted = distancesOf(tf, output);
		final Operand<TFloat32> truth = tf.slice(target, tf.constant(new int[] { 0, 0, 0, 1 }), tf
			.constant(new int[] { -1, -1, -1, rays }));
		final Operand<TFloat32> error = tf.math.mean(tf.math.abs(tf.math.sub(predicted, truth)), tf
			.constant(3));
		final Operand<TFloat32> mask = tf.math.mul(probability, weights);
		final Operand<TFloat32> mae = tf.math.div(tf.reduceSum(tf.math.mul(error, mask), all), tf.math
			.maximum(tf.reduceSum(mask, all), tf.constant(1e-3f)));
		return tf.math.add(bce, tf.math.mul(tf.constant(DISTANCE_WEIGHT), mae));
	}

	@Override
	public Operand<TFloat32> prediction(final Ops tf, final Operand<TFloat32> output) {
		final Operand<TFloat32> probability = tf.math.sigmoid(tf.slice(output, tf.constant(new int[] {
			0, 0, 0, 0 }), tf.constant(new int[] { -1, -1, -1, 1 })));
		return tf.concat(Arrays.asList(probability, distancesOf(tf, output)), tf.constant(3));
	}

	private Operand<TFloat32> distancesOf(final Ops tf, final Operand<TFloat32> output) {
		return tf.math.mul(tf.slice(output, tf.constant(new int[] { 0, 0, 0, 1 }), tf.constant(
			new int[] { -1, -1, -1, rays })), tf.constant(DISTANCE_SCALE));
	}

	private static Operand<TFloat32> channel0(final Ops tf, final Operand<TFloat32> x) {
		return tf.squeeze(tf.slice(x, tf.constant(new int[] { 0, 0, 0, 0 }), tf.constant(new int[] {
			-1, -1, -1, 1 })), Squeeze.axis(Arrays.asList(3L)));
	}

	/**
	 * A ray of the turned image points, in the original, along the ray a quarter turn per turn
	 * back; a mirror of x takes angle a to pi - a.
	 */
	@Override
	public int orientedChannel(final int channel, final int orientation) {
		if (channel == 0) return 0;
		final int k = channel - 1, turns = orientation % 4;
		final int original = orientation >= 4 ? rays / 2 - k - turns * rays / 4 : k - turns * rays / 4;
		return 1 + Math.floorMod(original, rays);
	}

	@Override
	public int[] classes(final float[] prediction, final double threshold) {
		final int channels = outputChannels(), pixels = prediction.length / channels;
		final int[] classes = new int[pixels];
		for (int i = 0; i < pixels; i++)
			classes[i] = prediction[i * channels] >= threshold ? 1 : 0;
		return classes;
	}

	@Override
	public int classCount() {
		return 2;
	}

	@Override
	public Segmentation decode(final Img<FloatType> prediction, final double threshold) {
		final int width = (int) prediction.dimension(0), height = (int) prediction.dimension(1);
		final int pixels = width * height;
		final float[] probability = new float[pixels], distances = new float[pixels * rays];
		for (int c = 0; c <= rays; c++) {
			final Cursor<FloatType> cursor = Views.flatIterable(Views.hyperSlice(prediction, 2, c))
				.cursor();
			for (int i = 0; i < pixels; i++) {
				final float v = cursor.next().get();
				if (c == 0) probability[i] = v;
				else distances[i * rays + c - 1] = v;
			}
		}
		final int[] instances = Instances.removeSmall(StarPolygons.label(probability, distances,
			width, height, rays, threshold, overlap), 1);
		final byte[] foreground = new byte[pixels];
		for (int i = 0; i < pixels; i++)
			foreground[i] = (byte) (instances[i] > 0 ? 1 : 0);
		final Img<UnsignedByteType> labels = ArrayImgs.unsignedBytes(foreground, width, height);
		return new Segmentation(ArrayImgs.floats(probability, width, height, 1), labels, ArrayImgs.ints(
			instances, width, height));
	}

	@Override
	public Map<String, Object> toMap() {
		final Map<String, Object> map = new LinkedHashMap<>();
		map.put("kind", KEY);
		map.put("rays", rays);
		map.put("overlap", overlap);
		map.put("output", "channel 0: object probability; channels 1.." + rays +
			": distance in pixels to the object's edge along ray k at angle 2 pi k / " + rays);
		return map;
	}
}
