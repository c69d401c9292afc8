package org.pixelwise.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.op.core.Squeeze;

/**
 * A segmentation loss: cross-entropy (binary or softmax), soft Dice, or a weighted sum of both.
 * Every term honours per-pixel weights, and a weight of 0 is how unannotated pixels are
 * ignored: they add nothing to the loss and so nothing to its gradient.
 */
public final class Loss implements org.pixelwise.head.PixelLoss {

	public final double crossEntropyWeight;
	public final double diceWeight;

	public Loss(final double crossEntropyWeight, final double diceWeight) {
		if (crossEntropyWeight < 0 || diceWeight < 0 || crossEntropyWeight + diceWeight == 0)
			throw new IllegalArgumentException("loss weights must be non-negative and not both 0");
		this.crossEntropyWeight = crossEntropyWeight;
		this.diceWeight = diceWeight;
	}

	/**
	 * Parses a user's name for a loss: "ce" (also "bce", "cross_entropy"), "dice", or a sum such as
	 * "ce+dice" or "0.5*ce+dice".
	 */
	public static Loss parse(final String text) {
		final Map<String, String> names = new LinkedHashMap<>();
		for (final String ce : new String[] { "ce", "bce", "cross_entropy", "crossentropy" })
			names.put(ce, "ce");
		names.put("dice", "dice");
		final Map<String, Double> w = WeightedTerms.parse(text, names,
			"ce, bce, dice or a sum such as ce+dice");
		return new Loss(w.getOrDefault("ce", 0.0), w.getOrDefault("dice", 0.0));
	}

	/**
	 * Builds the loss.
	 *
	 * @param logits network output, [batch, h, w, channels]
	 * @param target one-hot targets of the same shape (0/1 with one channel for binary models)
	 * @param weights per-pixel weights, [batch, h, w]; 0 where unannotated
	 */
	@Override
	public Operand<TFloat32> build(final Ops tf, final Operand<TFloat32> logits,
		final Operand<TFloat32> target, final Operand<TFloat32> weights, final int channels)
	{
		Operand<TFloat32> total = null;
		if (crossEntropyWeight > 0) total = scaled(tf, crossEntropy(tf, logits, target, weights,
			channels), crossEntropyWeight);
		if (diceWeight > 0) {
			final Operand<TFloat32> dice = scaled(tf, softDice(tf, logits, target, weights, channels),
				diceWeight);
			total = total == null ? dice : tf.math.add(total, dice);
		}
		return total;
	}

	private static Operand<TFloat32> crossEntropy(final Ops tf, final Operand<TFloat32> logits,
		final Operand<TFloat32> target, final Operand<TFloat32> weights, final int channels)
	{
		final Operand<TFloat32> perPixel;
		if (channels == 1) {
			// max(x, 0) - x t + log(1 + exp(-|x|)): sigmoid cross-entropy that cannot overflow.
			final Operand<TFloat32> x = logits;
			final Operand<TFloat32> ce = tf.math.add(tf.math.sub(tf.nn.relu(x), tf.math.mul(x, target)),
				tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(x)))));
			perPixel = tf.squeeze(ce, Squeeze.axis(Arrays.asList(-1L)));
		}
		else {
			final Operand<TFloat32> flatLogits = tf.reshape(logits, tf.constant(new long[] { -1,
				channels }));
			final Operand<TFloat32> flatTarget = tf.reshape(target, tf.constant(new long[] { -1,
				channels }));
			perPixel = tf.reshape(tf.nn.softmaxCrossEntropyWithLogits(flatLogits, flatTarget).loss(), tf
				.shape(weights));
		}
		// Normalised by the number of annotated pixels, so a weight map raises some pixels'
		// importance instead of merely rescaling the loss.
		final Operand<TFloat32> annotated = tf.math.maximum(tf.reduceSum(tf.dtypes.cast(tf.math
			.greater(weights, tf.constant(0f)), TFloat32.class), allAxes(tf, weights)), tf.constant(1f));
		return tf.math.div(tf.reduceSum(tf.math.mul(perPixel, weights), allAxes(tf, weights)),
			annotated);
	}

	/** 1 - mean over foreground classes of the weighted soft Dice coefficient. */
	private static Operand<TFloat32> softDice(final Ops tf, final Operand<TFloat32> logits,
		final Operand<TFloat32> target, final Operand<TFloat32> weights, final int channels)
	{
		final Operand<TFloat32> p = channels == 1 ? tf.math.sigmoid(logits) : tf.nn.softmax(logits);
		final Operand<TFloat32> w = tf.expandDims(weights, tf.constant(-1));
		// Every axis but the classes: batch and space, of images or volumes alike.
		final Operand<TInt32> spatial = allAxes(tf, weights);
		final Operand<TFloat32> intersection = tf.reduceSum(tf.math.mul(w, tf.math.mul(p, target)),
			spatial);
		final Operand<TFloat32> sizes = tf.reduceSum(tf.math.mul(w, tf.math.add(p, target)), spatial);
		final Operand<TFloat32> smooth = tf.constant(1f);
		Operand<TFloat32> dice = tf.math.div(tf.math.add(tf.math.mul(tf.constant(2f), intersection),
			smooth), tf.math.add(sizes, smooth));
		if (channels > 1) dice = tf.slice(dice, tf.constant(new int[] { 1 }), tf.constant(new int[] {
			channels - 1 }));
		return tf.math.sub(tf.constant(1f), tf.math.mean(dice, tf.constant(0)));
	}

	private static Operand<TFloat32> scaled(final Ops tf, final Operand<TFloat32> term,
		final double weight)
	{
		return weight == 1 ? term : tf.math.mul(term, tf.constant((float) weight));
	}

	private static Operand<TInt32> allAxes(final Ops tf, final Operand<TFloat32> x) {
		return tf.range(tf.constant(0), tf.rank(x), tf.constant(1));
	}

	@Override
	public String toString() {
		if (diceWeight == 0) return crossEntropyWeight == 1 ? "ce" : crossEntropyWeight + "*ce";
		if (crossEntropyWeight == 0) return diceWeight == 1 ? "dice" : diceWeight + "*dice";
		return (crossEntropyWeight == 1 ? "ce" : crossEntropyWeight + "*ce") + "+" + (diceWeight == 1
			? "dice" : diceWeight + "*dice");
	}
}
