package org.pixelwise.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import org.pixelwise.net.Parameters.Role;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A small VGG-style encoder, the feature network of a perceptual (feature and Gram) loss: blocks
 * of two 3x3 convolutions with ReLU, with 2x2 max pooling between blocks. The ReLU output of
 * each block, before it is pooled, is a named layer ("block1", "block2", ...) that a loss can
 * compare. It is trained through {@link Parameters} (see {@code FeaturePretext}) and then used
 * frozen, with its weights as graph constants, so that the training of a generator can never
 * change it. It holds no state of its own, only its shape, which is stored with its weights.
 */
public final class FeatureEncoder {

	/** Weight names start with this, so an encoder's weights never clash with a generator's. */
	public static final String PREFIX = "features";

	private static final List<Long> UNIT_STRIDES = Arrays.asList(1L, 1L, 1L, 1L);
	private static final int CONVS_PER_BLOCK = 2;

	/** 1 for grey images, 3 for RGB; grey images are repeated to 3 channels for an RGB encoder. */
	public final int inputChannels;
	private final int[] filters;

	/** @param filters the number of filters of each block, from the first (finest) block */
	public FeatureEncoder(final int inputChannels, final int... filters) {
		if (inputChannels != 1 && inputChannels != 3) throw new IllegalArgumentException(
			"a feature encoder takes 1 (grey) or 3 (RGB) channels, not " + inputChannels);
		if (filters.length == 0) throw new IllegalArgumentException(
			"a feature encoder needs at least one block; give its filters, e.g. 32, 64, 128");
		for (final int f : filters)
			if (f < 1) throw new IllegalArgumentException("filters per block must be positive, not " +
				Arrays.toString(filters));
		this.inputChannels = inputChannels;
		this.filters = filters.clone();
	}

	/** Three blocks of 32, 64 and 128 filters: VGG's shape at a size a CPU can train. */
	public static FeatureEncoder defaults(final int inputChannels) {
		return new FeatureEncoder(inputChannels, 32, 64, 128);
	}

	public int blocks() {
		return filters.length;
	}

	public int[] filters() {
		return filters.clone();
	}

	/** The name of a block's layer, counting from 1 as VGG's do. */
	public static String layerName(final int block) {
		return "block" + block;
	}

	public List<String> layerNames() {
		final List<String> names = new ArrayList<>();
		for (int b = 1; b <= filters.length; b++)
			names.add(layerName(b));
		return Collections.unmodifiableList(names);
	}

	/** The name and shape of every weight, in the order the encoder creates them. */
	public Map<String, long[]> weightShapes() {
		final Map<String, long[]> shapes = new LinkedHashMap<>();
		int in = inputChannels;
		for (int b = 0; b < filters.length; b++)
			for (int c = 1; c <= CONVS_PER_BLOCK; c++) {
				final String conv = convName(b, c);
				shapes.put(conv + "/kernel", new long[] { 3, 3, in, filters[b] });
				shapes.put(conv + "/bias", new long[] { filters[b] });
				in = filters[b];
			}
		return shapes;
	}

	/**
	 * The activations of every layer, by name, with the weights as trainable variables of
	 * {@code parameters}: how the encoder is trained. Building twice shares the weights.
	 */
	public Map<String, Operand<TFloat32>> layers(final Ops tf, final Parameters parameters,
		final Operand<TFloat32> nhwcInput)
	{
		final Map<String, long[]> shapes = weightShapes();
		return build(tf, name -> parameters.variable(name, shapes.get(name), Role.WEIGHT,
			initializer(name, shapes.get(name))), nhwcInput);
	}

	/**
	 * The activations of every layer with the given weight operands, e.g. from
	 * {@link #constants}: how a frozen encoder is applied, as often as needed on one set of
	 * constants.
	 */
	public Map<String, Operand<TFloat32>> layers(final Ops tf,
		final Map<String, ? extends Operand<TFloat32>> weights, final Operand<TFloat32> nhwcInput)
	{
		return build(tf, name -> {
			final Operand<TFloat32> w = weights.get(name);
			if (w == null) throw new IllegalArgumentException("the feature encoder's weight '" + name +
				"' is missing; give the weights of a " + this);
			return w;
		}, nhwcInput);
	}

	/**
	 * Trained weights as graph constants, which no optimiser can change. Checks that every weight
	 * is there with the right size, so a mismatched encoder fails here and not in TensorFlow.
	 */
	public Map<String, Operand<TFloat32>> constants(final Ops tf, final Map<String, float[]> weights) {
		final Map<String, Operand<TFloat32>> constants = new LinkedHashMap<>();
		for (final Map.Entry<String, long[]> e : weightShapes().entrySet()) {
			final float[] values = weights.get(e.getKey());
			final int size = Parameters.size(e.getValue());
			if (values == null || values.length != size) throw new IllegalArgumentException(
				"the feature encoder's weight '" + e.getKey() + "' needs " + size + " values but " +
					(values == null ? "is missing" : "has " + values.length) + "; give the weights of a " +
					this);
			constants.put(e.getKey(), tf.constant(Shape.of(e.getValue()), DataBuffers.of(values, true,
				false)));
		}
		return constants;
	}

	/**
	 * Seeded random weights (He-normal kernels, zero biases): an untrained encoder, whose random
	 * features already make a usable texture loss (Ustyuzhaninov et al. 2016).
	 */
	public Map<String, float[]> randomWeights(final long seed) {
		final Random random = new Random(seed);
		final Map<String, float[]> weights = new LinkedHashMap<>();
		for (final Map.Entry<String, long[]> e : weightShapes().entrySet())
			weights.put(e.getKey(), initializer(e.getKey(), e.getValue()).values(e.getValue(), random));
		return weights;
	}

	private Map<String, Operand<TFloat32>> build(final Ops tf,
		final Function<String, Operand<TFloat32>> weight, final Operand<TFloat32> nhwcInput)
	{
		final Map<String, Operand<TFloat32>> layers = new LinkedHashMap<>();
		Operand<TFloat32> x = matchChannels(tf, nhwcInput);
		for (int b = 0; b < filters.length; b++) {
			// The last block is not pooled: nothing would use the pooled result.
			if (b > 0) x = tf.nn.maxPool(x, tf.constant(new int[] { 1, 2, 2, 1 }), tf.constant(
				new int[] { 1, 2, 2, 1 }), "VALID");
			for (int c = 1; c <= CONVS_PER_BLOCK; c++) {
				final String conv = convName(b, c);
				x = tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(x, weight.apply(conv + "/kernel"), UNIT_STRIDES,
					"SAME"), weight.apply(conv + "/bias")));
			}
			layers.put(layerName(b + 1), x);
		}
		return layers;
	}

	/** Repeats a grey image to RGB for an RGB encoder; any other mismatch is an error. */
	private Operand<TFloat32> matchChannels(final Ops tf, final Operand<TFloat32> input) {
		final Shape shape = input.shape();
		final long channels = shape.numDimensions() == 4 ? shape.get(3) : Shape.UNKNOWN_SIZE;
		if (shape.numDimensions() != 4 && !shape.isUnknown()) throw new IllegalArgumentException(
			"the feature encoder takes NHWC images, not a tensor of shape " + shape);
		if (channels == 1 && inputChannels == 3) return tf.tile(input, tf.constant(new int[] { 1, 1, 1,
			3 }));
		if (channels != Shape.UNKNOWN_SIZE && channels != inputChannels)
			throw new IllegalArgumentException("the feature encoder takes " + inputChannels +
				" channel(s) but the images have " + channels + "; train an encoder on images like these");
		return input;
	}

	private static String convName(final int block, final int conv) {
		return PREFIX + "/" + layerName(block + 1) + "/conv" + conv;
	}

	private static Parameters.Initializer initializer(final String name, final long[] shape) {
		return name.endsWith("/bias") ? Parameters.constant(0f) : Parameters.heNormal(shape[0] *
			shape[1] * shape[2]);
	}

	public Map<String, Object> toMap() {
		final Map<String, Object> map = new LinkedHashMap<>();
		map.put("architecture", "vgg");
		map.put("input_channels", inputChannels);
		final List<Integer> list = new ArrayList<>();
		for (final int f : filters)
			list.add(f);
		map.put("filters", list);
		return map;
	}

	public static FeatureEncoder fromMap(final Map<?, ?> map) {
		if (!"vgg".equals(String.valueOf(map.get("architecture")))) throw new IllegalArgumentException(
			"feature encoder architecture '" + map.get("architecture") + "' is unknown; only 'vgg' is");
		final List<?> list = (List<?>) map.get("filters");
		final int[] filters = new int[list.size()];
		for (int i = 0; i < filters.length; i++)
			filters[i] = ((Number) list.get(i)).intValue();
		return new FeatureEncoder(((Number) map.get("input_channels")).intValue(), filters);
	}

	@Override
	public String toString() {
		return "VGG-style feature encoder, " + inputChannels + " channel(s), blocks of " + Arrays
			.toString(filters) + " filters";
	}
}
