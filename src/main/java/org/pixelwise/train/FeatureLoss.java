package org.pixelwise.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pixelwise.net.FeatureEncoder;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The feature (perceptual) loss of Johnson et al. 2016 with the Gram (style) terms of Gatys et
 * al., as fast.ai's 2019 lesson 7 combines them for super-resolution:
 *
 * <pre>
 * loss = p * L1(prediction, target)
 *      + sum_i w_i * L1(f_i(prediction), f_i(target))
 *      + sum_i w_i^2 * g * L1(gram(f_i(prediction)), gram(f_i(target)))
 * </pre>
 *
 * where f_i are layers of a frozen feature network, w_i their weights (fast.ai: 20, 70, 10), g
 * the Gram factor (5000) and p the pixel weight (1). Pixel losses alone average plausible
 * answers into blur; comparing features rewards texture and edges that look right. The
 * weights were chosen for ImageNet VGG16's activations: another feature network has other
 * activation sizes, so watch the parts ({@link Terms}) and reweigh until they are comparable.
 * With the 32-64-128 encoder that {@link FeaturePretext} trains, the Gram terms at factor 5000
 * came out 100 to 10000 times the feature terms; a factor near 1 balanced them.
 */
public final class FeatureLoss {

	/** The activations of named layers of a feature network for an NHWC image in [0, 1]. */
	@FunctionalInterface
	public interface Extractor {
		Map<String, Operand<TFloat32>> layers(Ops tf, Operand<TFloat32> nhwcImage);
	}

	/** The loss and its weighted parts, which add up to it, for progress reports. */
	public static final class Terms {
		public final Operand<TFloat32> total;
		public final Operand<TFloat32> pixel;
		/** The sum of the weighted feature terms. */
		public final Operand<TFloat32> feature;
		/** The sum of the weighted Gram terms. */
		public final Operand<TFloat32> gram;
		/** Each weighted term on its own: "pixel", "feature.block1", "gram.block1", ... */
		public final Map<String, Operand<TFloat32>> parts;

		Terms(final Operand<TFloat32> total, final Operand<TFloat32> pixel,
			final Operand<TFloat32> feature, final Operand<TFloat32> gram,
			final Map<String, Operand<TFloat32>> parts)
		{
			this.total = total;
			this.pixel = pixel;
			this.feature = feature;
			this.gram = gram;
			this.parts = Collections.unmodifiableMap(parts);
		}
	}

	/** fast.ai's layer weights for its three VGG16 layers, finest first. */
	public static final double[] DEFAULT_LAYER_WEIGHTS = { 20, 70, 10 };
	/** Weight of style transfer's term for values outside [0, 1] (mean distance beyond it). */
	static final double RANGE_WEIGHT = 100;
	/** fast.ai's Gram factor, which brings the small Gram differences up to the feature terms. */
	public static final double DEFAULT_GRAM_FACTOR = 5e3;

	private final Extractor extractor;
	private final Map<String, Double> layerWeights;
	public final double pixelWeight;
	public final double gramFactor;
	/** Style transfer: the style these Gram terms match, in place of the target's; else null. */
	private final Style style;

	/**
	 * What style transfer (Johnson et al. 2016) changes: the Gram terms compare the prediction
	 * with style images instead of the target, the feature terms (content) get their own weight,
	 * and a total-variation term keeps the result free of pixel noise.
	 */
	public static final class Style {
		/** Style images, NHWC in [0, 1], all of one size. */
		final float[] images;
		final long[] shape;
		final double contentWeight;
		final double tvWeight;

		public Style(final float[] images, final long[] shape, final double contentWeight,
			final double tvWeight)
		{
			if (shape.length != 4 || images.length != shape[0] * shape[1] * shape[2] * shape[3])
				throw new IllegalArgumentException("style images must be NHWC, " + images.length +
					" values do not fill " + Arrays.toString(shape));
			if (!(contentWeight >= 0) || !(tvWeight >= 0)) throw new IllegalArgumentException(
				"content weight " + contentWeight + " and total-variation weight " + tvWeight +
					" must be 0 or more");
			this.images = images;
			this.shape = shape;
			this.contentWeight = contentWeight;
			this.tvWeight = tvWeight;
		}
	}

	/**
	 * @param layerWeights the weight of each compared layer, by the extractor's layer name
	 * @param pixelWeight the weight of the L1 pixel term
	 * @param gramFactor multiplies each Gram term on top of its layer weight squared; 0 leaves
	 *          the Gram terms out
	 */
	public FeatureLoss(final Extractor extractor, final Map<String, Double> layerWeights,
		final double pixelWeight, final double gramFactor)
	{
		this(extractor, layerWeights, pixelWeight, gramFactor, null);
	}

	private FeatureLoss(final Extractor extractor, final Map<String, Double> layerWeights,
		final double pixelWeight, final double gramFactor, final Style style)
	{
		if (layerWeights.isEmpty()) throw new IllegalArgumentException(
			"a feature loss needs at least one layer to compare; give a weight per layer");
		for (final Map.Entry<String, Double> w : layerWeights.entrySet())
			if (!(w.getValue() >= 0)) throw new IllegalArgumentException("layer '" + w.getKey() +
				"' has weight " + w.getValue() + "; layer weights must be 0 or more");
		if (!(pixelWeight >= 0) || !(gramFactor >= 0)) throw new IllegalArgumentException(
			"pixel weight " + pixelWeight + " and Gram factor " + gramFactor + " must be 0 or more");
		this.extractor = extractor;
		this.layerWeights = Collections.unmodifiableMap(new LinkedHashMap<>(layerWeights));
		this.pixelWeight = pixelWeight;
		this.gramFactor = gramFactor;
		this.style = style;
	}

	/**
	 * The style-transfer loss on the same feature network: content (feature) terms against the
	 * target, which is the content image itself, times {@code style.contentWeight}; Gram terms
	 * against the style images' Gram matrices (averaged over them) times {@code styleFactor};
	 * total variation times {@code style.tvWeight}; and the pixel term times
	 * {@code pixelWeight} (usually 0: the content is kept through features, not pixels).
	 */
	public FeatureLoss withStyle(final Style style, final double styleFactor,
		final double pixelWeight)
	{
		return new FeatureLoss(extractor, layerWeights, pixelWeight, styleFactor, style);
	}

	/** fast.ai's loss (weights 20, 70, 10; Gram factor 5000; pixel weight 1) on a frozen encoder. */
	public static FeatureLoss of(final FeatureEncoder encoder, final Map<String, float[]> weights) {
		return new FeatureLoss(frozen(encoder, weights), defaultLayerWeights(encoder.layerNames()), 1,
			DEFAULT_GRAM_FACTOR);
	}

	/** fast.ai's weights for three layers, finest first. */
	public static Map<String, Double> defaultLayerWeights(final List<String> layers) {
		if (layers.size() != DEFAULT_LAYER_WEIGHTS.length) throw new IllegalArgumentException(
			"the default layer weights " + Arrays.toString(DEFAULT_LAYER_WEIGHTS) +
				" are for 3 layers, not " + layers.size() + " " + layers + "; give a weight per layer");
		final Map<String, Double> weights = new LinkedHashMap<>();
		for (int i = 0; i < layers.size(); i++)
			weights.put(layers.get(i), DEFAULT_LAYER_WEIGHTS[i]);
		return weights;
	}

	/**
	 * A trained encoder as an extractor whose weights are graph constants, so no optimiser in the
	 * graph can change them. The constants are made once per graph however often the loss is
	 * built there (for the prediction and the target, in training and in evaluation).
	 */
	public static Extractor frozen(final FeatureEncoder encoder, final Map<String, float[]> weights) {
		return new Extractor() {
			private ExecutionEnvironment graph;
			private Map<String, Operand<TFloat32>> constants;

			@Override
			public synchronized Map<String, Operand<TFloat32>> layers(final Ops tf,
				final Operand<TFloat32> nhwcImage)
			{
				if (graph != tf.scope().env()) {
					constants = encoder.constants(tf, weights);
					graph = tf.scope().env();
				}
				return encoder.layers(tf, constants, nhwcImage);
			}
		};
	}

	public Map<String, Double> layerWeights() {
		return layerWeights;
	}

	/** The loss of a prediction against its target, both NHWC in [0, 1]. */
	public Terms build(final Ops tf, final Operand<TFloat32> prediction,
		final Operand<TFloat32> target)
	{
		final Map<String, Operand<TFloat32>> parts = new LinkedHashMap<>();
		final Operand<TFloat32> pixel = weighted(tf, meanAbsoluteError(tf, prediction, target),
			pixelWeight);
		parts.put("pixel", pixel);
		// Style transfer judges the image a user will see, in [0, 1]: values beyond it would match
		// Gram statistics in float and be lost when saved. A range term pulls them back.
		final Operand<TFloat32> shown = style == null ? prediction : tf.clipByValue(prediction, tf
			.constant(0f), tf.constant(1f));
		final Map<String, Operand<TFloat32>> predicted = extractor.layers(tf, shown);
		// The target is what to match, never something to move.
		final Map<String, Operand<TFloat32>> wanted = extractor.layers(tf, tf.stopGradient(target));
		final Map<String, Operand<TFloat32>> styled = style == null ? wanted : extractor.layers(tf, tf
			.stopGradient(tf.constant(org.tensorflow.ndarray.Shape.of(style.shape),
				org.tensorflow.ndarray.buffer.DataBuffers.of(style.images, true, false))));
		final double contentWeight = style == null ? 1 : style.contentWeight;
		final List<Operand<TFloat32>> features = new ArrayList<>(), grams = new ArrayList<>();
		for (final Map.Entry<String, Double> w : layerWeights.entrySet()) {
			final Operand<TFloat32> p = predicted.get(w.getKey()), t = wanted.get(w.getKey());
			if (p == null || t == null) throw new IllegalArgumentException(
				"the feature network has no layer '" + w.getKey() + "'; it has " + predicted.keySet());
			final Operand<TFloat32> feature = weighted(tf, meanAbsoluteError(tf, p, t), w.getValue() *
				contentWeight);
			features.add(feature);
			parts.put("feature." + w.getKey(), feature);
			if (gramFactor == 0) continue;
			// Style: the mean Gram matrix of the style images, [1, c, c], broadcast over the batch.
			final Operand<TFloat32> wantedGram = style == null ? gram(tf, t) : tf.math.mean(gram(tf,
				styled.get(w.getKey())), tf.constant(new int[] { 0 }), org.tensorflow.op.math.Mean
					.keepDims(true));
			// Style transfer uses Johnson et al.'s squared distance: its gradient shrinks as the
			// style is matched, where L1's sign-only gradient kept Adam hopping around it.
			final Operand<TFloat32> gramDistance = style == null ? meanAbsoluteError(tf, gram(tf, p),
				wantedGram) : meanSquaredError(tf, gram(tf, p), wantedGram);
			final Operand<TFloat32> g = weighted(tf, gramDistance, w.getValue() * w.getValue() *
				gramFactor);
			grams.add(g);
			parts.put("gram." + w.getKey(), g);
		}
		// AddN makes new ops, so a part can be fetched together with its sum.
		final Operand<TFloat32> feature = tf.math.addN(features);
		final Operand<TFloat32> gram = grams.isEmpty() ? tf.constant(0f) : tf.math.addN(grams);
		if (style == null) return new Terms(tf.math.addN(Arrays.asList(pixel, feature, gram)), pixel,
			feature, gram, parts);
		final Operand<TFloat32> tv = weighted(tf, totalVariation(tf, shown), style.tvWeight);
		parts.put("tv", tv);
		final Operand<TFloat32> outside = tf.math.mean(tf.math.abs(tf.math.sub(prediction, shown)), tf
			.range(tf.constant(0), tf.rank(prediction), tf.constant(1)));
		final Operand<TFloat32> range = weighted(tf, outside, RANGE_WEIGHT);
		parts.put("range", range);
		return new Terms(tf.math.addN(Arrays.asList(pixel, feature, gram, tv, range)), pixel, feature,
			gram, parts);
	}

	/**
	 * The Gram matrices of NHWC features, [n, c, c]: X^T X / (c h w) with X the features
	 * reshaped to [n, h w, c]. They record which features occur together, not where, which is
	 * what makes them measure texture.
	 */
	public static Operand<TFloat32> gram(final Ops tf, final Operand<TFloat32> features) {
		final Operand<TInt32> shape = tf.shape(features);
		final Operand<TInt32> flatShape = tf.concat(Arrays.asList(tf.slice(shape, tf.constant(
			new int[] { 0 }), tf.constant(new int[] { 1 })), tf.constant(new int[] { -1 }), tf.slice(shape,
				tf.constant(new int[] { 3 }), tf.constant(new int[] { 1 }))), tf.constant(0));
		final Operand<TFloat32> flat = tf.reshape(features, flatShape);
		// The divisor only depends on the shape; without the stop the gradient would try to
		// reach it through integer ops.
		final Operand<TFloat32> size = tf.stopGradient(tf.dtypes.cast(tf.reduceProd(tf.slice(shape, tf
			.constant(new int[] { 1 }), tf.constant(new int[] { 3 })), tf.constant(0)), TFloat32.class));
		return tf.math.div(tf.train.batchMatMul(flat, flat, TFloat32.class, BatchMatMul.adjX(true)),
			size);
	}

	private static Operand<TFloat32> meanSquaredError(final Ops tf, final Operand<TFloat32> a,
		final Operand<TFloat32> b)
	{
		final Operand<TFloat32> squared = tf.math.squaredDifference(a, b);
		return tf.math.mean(squared, tf.range(tf.constant(0), tf.rank(squared), tf.constant(1)));
	}

	private static Operand<TFloat32> meanAbsoluteError(final Ops tf, final Operand<TFloat32> a,
		final Operand<TFloat32> b)
	{
		final Operand<TFloat32> difference = tf.math.abs(tf.math.sub(a, b));
		return tf.math.mean(difference, tf.range(tf.constant(0), tf.rank(difference), tf.constant(1)));
	}

	/** Mean absolute difference between neighbouring pixels, along Y and along X (NHWC). */
	static Operand<TFloat32> totalVariation(final Ops tf, final Operand<TFloat32> image) {
		final Operand<TInt32> shape = tf.shape(image);
		final Operand<TInt32> lessY = tf.math.sub(shape, tf.constant(new int[] { 0, 1, 0, 0 }));
		final Operand<TInt32> lessX = tf.math.sub(shape, tf.constant(new int[] { 0, 0, 1, 0 }));
		final Operand<TFloat32> dy = tf.math.sub(tf.slice(image, tf.constant(new int[] { 0, 1, 0, 0 }),
			lessY), tf.slice(image, tf.constant(new int[] { 0, 0, 0, 0 }), lessY));
		final Operand<TFloat32> dx = tf.math.sub(tf.slice(image, tf.constant(new int[] { 0, 0, 1, 0 }),
			lessX), tf.slice(image, tf.constant(new int[] { 0, 0, 0, 0 }), lessX));
		final Operand<TInt32> all = tf.constant(new int[] { 0, 1, 2, 3 });
		return tf.math.add(tf.math.mean(tf.math.abs(dy), all), tf.math.mean(tf.math.abs(dx), all));
	}

	private static Operand<TFloat32> weighted(final Ops tf, final Operand<TFloat32> term,
		final double weight)
	{
		return tf.math.mul(term, tf.constant((float) weight));
	}

	@Override
	public String toString() {
		final StringBuilder text = new StringBuilder("feature loss: pixel ").append(pixelWeight);
		for (final Map.Entry<String, Double> w : layerWeights.entrySet())
			text.append(", ").append(w.getKey()).append(' ').append(w.getValue());
		text.append(", Gram factor ").append(gramFactor);
		if (style != null) text.append(", style transfer: ").append(style.shape[0]).append(
			" style patches, content weight ").append(style.contentWeight).append(", total variation ")
			.append(style.tvWeight);
		return text.toString();
	}
}
