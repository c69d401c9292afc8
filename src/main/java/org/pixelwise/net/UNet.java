package org.pixelwise.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.pixelwise.net.Parameters.Role;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Builds a U-Net in a TensorFlow graph: an encoder of 3x3 convolutions and max pooling, a
 * bottleneck, and a decoder that upsamples and concatenates the encoder's features at each
 * level, over images (NHWC) or volumes (NDHWC, Çiçek et al. 2016). Convolutions are
 * 'same'-padded so the output has the input's size, which must be a
 * multiple of {@link UNetConfig#sizeMultiple()}. Building twice on one {@link Parameters}
 * shares the weights, so a graph can hold a training pass and an evaluation pass of one net.
 */
public final class UNet {

	/** A pass in training mode, with the ops that must run with each step. */
	public static final class TrainingPass {
		public final Operand<TFloat32> logits;
		/** Batch-norm moving-average updates. */
		public final List<Op> updates;

		TrainingPass(final Operand<TFloat32> logits, final List<Op> updates) {
			this.logits = logits;
			this.updates = updates;
		}
	}

	private static final List<Long> UNIT_STRIDES = Arrays.asList(1L, 1L, 1L, 1L);
	private static final List<Long> UNIT_STRIDES_3D = Arrays.asList(1L, 1L, 1L, 1L, 1L);
	private static final float BATCH_NORM_EPSILON = 1e-3f;
	private static final float BATCH_NORM_MOMENTUM = 0.1f;

	private final Ops tf;
	private final Parameters parameters;
	private final UNetConfig config;

	// State of the pass being built.
	private boolean training;
	private Operand<TInt64> dropoutSeed;
	private List<Op> updates;

	public UNet(final Ops tf, final Parameters parameters, final UNetConfig config) {
		if (config.dimensions == 3) VolumeGradients.register();
		this.tf = tf;
		this.parameters = parameters;
		this.config = config;
	}

	/** Logits for an NHWC input, with batch statistics frozen and no dropout. */
	public Operand<TFloat32> inference(final Operand<TFloat32> input) {
		training = false;
		updates = new ArrayList<>();
		return build(input);
	}

	/**
	 * Logits in training mode. The dropout seed (int64[2]) is fed each step, so dropout masks
	 * are reproducible from the step number alone, also after resuming.
	 */
	public TrainingPass training(final Operand<TFloat32> input, final Operand<TInt64> seed) {
		training = true;
		dropoutSeed = seed;
		updates = new ArrayList<>();
		final Operand<TFloat32> logits = build(input);
		return new TrainingPass(logits, updates);
	}

	/** The probabilities the logits stand for: sigmoid for one channel, softmax otherwise. */
	public static Operand<TFloat32> probabilities(final Ops tf, final Operand<TFloat32> logits,
		final int outputChannels)
	{
		return outputChannels == 1 ? tf.math.sigmoid(logits) : tf.nn.softmax(logits);
	}

	private Operand<TFloat32> build(final Operand<TFloat32> input) {
		final List<Operand<TFloat32>> skips = new ArrayList<>();
		Operand<TFloat32> x = input;
		int channels = config.inputChannels;
		for (int level = 0; level < config.depth; level++) {
			final int filters = config.baseFilters << level;
			x = convBlock("down" + level, x, channels, filters);
			channels = filters;
			skips.add(x);
			x = pool(x, level);
		}
		final int bottom = config.baseFilters << config.depth;
		x = convBlock("bottom", x, channels, bottom);
		x = dropout(x);
		channels = bottom;
		for (int level = config.depth - 1; level >= 0; level--) {
			final int filters = config.baseFilters << level;
			final Operand<TFloat32> skip = skips.get(level);
			x = upsample("up" + level, x, skip, channels, filters, level);
			x = tf.concat(Arrays.asList(skip, x), tf.constant(config.dimensions + 1));
			x = convBlock("up" + level, x, 2 * filters, filters);
			channels = filters;
		}
		final Operand<TFloat32> w = weight("head/kernel", kernel(1, channels,
			config.outputChannels), channels);
		final Operand<TFloat32> b = parameters.variable("head/bias", new long[] {
			config.outputChannels }, Role.WEIGHT, Parameters.constant(0f));
		return tf.nn.biasAdd(conv(x, w), b);
	}

	private Operand<TFloat32> convBlock(final String name, final Operand<TFloat32> input,
		final int in, final int out)
	{
		final Operand<TFloat32> x = conv3x3(name + "/conv1", input, in, out);
		return conv3x3(name + "/conv2", x, out, out);
	}

	/** 3x3 convolution, then batch norm (or a bias) and ReLU. */
	private Operand<TFloat32> conv3x3(final String name, final Operand<TFloat32> input,
		final int in, final int out)
	{
		final long taps = config.dimensions == 3 ? 27 : 9;
		final Operand<TFloat32> w = weight(name + "/kernel", kernel(3, in, out), taps * in);
		final Operand<TFloat32> conv = conv(input, w);
		final Operand<TFloat32> normalised = config.batchNorm ? batchNorm(name + "/bn", conv, out)
			: tf.nn.biasAdd(conv, parameters.variable(name + "/bias", new long[] { out }, Role.WEIGHT,
				Parameters.constant(0f)));
		return tf.nn.relu(normalised);
	}

	private Operand<TFloat32> batchNorm(final String name, final Operand<TFloat32> x,
		final int channels)
	{
		final long[] shape = { channels };
		final Operand<TFloat32> gamma = parameters.variable(name + "/gamma", shape, Role.WEIGHT,
			Parameters.constant(1f));
		final Operand<TFloat32> beta = parameters.variable(name + "/beta", shape, Role.WEIGHT,
			Parameters.constant(0f));
		final Variable<TFloat32> mean = parameters.variable(name +
			"/moving_mean", shape, Role.STATISTIC, Parameters.constant(0f));
		final Variable<TFloat32> variance = parameters.variable(name +
			"/moving_variance", shape, Role.STATISTIC, Parameters.constant(1f));
		if (!training) {
			return tf.nn.fusedBatchNorm(x, gamma, beta, mean, variance, FusedBatchNorm.isTraining(false),
				FusedBatchNorm.epsilon(BATCH_NORM_EPSILON), FusedBatchNorm.dataFormat(dataFormat())).y();
		}
		// In training mode with a factor below 1, the op returns the updated moving averages.
		final FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(x, gamma, beta, mean,
			variance, FusedBatchNorm.isTraining(true), FusedBatchNorm.epsilon(BATCH_NORM_EPSILON),
			FusedBatchNorm.exponentialAvgFactor(BATCH_NORM_MOMENTUM), FusedBatchNorm.dataFormat(
				dataFormat()));
		updates.add(tf.assign(mean, bn.batchMean()));
		updates.add(tf.assign(variance, bn.batchVariance()));
		return bn.y();
	}

	private Operand<TFloat32> upsample(final String name, final Operand<TFloat32> x,
		final Operand<TFloat32> skip, final int in, final int out, final int level)
	{
		if (config.dimensions == 3) return upsampleVolume(name, x, skip, in, out, level);
		final Operand<TInt32> skipShape = tf.shape(skip);
		if (config.upsampling == UNetConfig.Upsampling.RESIZE) {
			final Operand<TInt32> size = tf.slice(skipShape, tf.constant(new int[] { 1 }), tf.constant(
				new int[] { 2 }));
			final Operand<TFloat32> resized = tf.image.resizeBilinear(x, size, ResizeBilinear
				.halfPixelCenters(true));
			return conv3x3(name + "/upconv", resized, in, out);
		}
		final Operand<TInt32> outShape = tf.concat(Arrays.asList(tf.slice(skipShape, tf.constant(
			new int[] { 0 }), tf.constant(new int[] { 3 })), tf.constant(new int[] { out })), tf
				.constant(0));
		// A transposed convolution's kernel is [h, w, out, in].
		final Operand<TFloat32> w = weight(name + "/upconv/kernel", new long[] { 2, 2, out, in },
			in);
		final Operand<TFloat32> up = tf.nn.conv2dBackpropInput(outShape, w, x, Arrays.asList(1L, 2L,
			2L, 1L), "SAME");
		return tf.nn.relu(tf.nn.biasAdd(up, parameters.variable(name + "/upconv/bias", new long[] {
			out }, Role.WEIGHT, Parameters.constant(0f))));
	}

	/** A 2x2x2 (or 1x2x2 where the level keeps z) transposed convolution, then ReLU. */
	private Operand<TFloat32> upsampleVolume(final String name, final Operand<TFloat32> x,
		final Operand<TFloat32> skip, final int in, final int out, final int level)
	{
		final long z = config.poolsZ(level) ? 2 : 1;
		final Operand<TInt32> outShape = tf.concat(Arrays.asList(tf.slice(tf.shape(skip), tf.constant(
			new int[] { 0 }), tf.constant(new int[] { 4 })), tf.constant(new int[] { out })), tf
				.constant(0));
		final Operand<TFloat32> w = weight(name + "/upconv/kernel", new long[] { z, 2, 2, out, in },
			in);
		final Operand<TFloat32> up = tf.nn.conv3dBackpropInput(outShape, w, x, Arrays.asList(1L, z,
			2L, 2L, 1L), "SAME");
		return tf.nn.relu(tf.nn.biasAdd(up, parameters.variable(name + "/upconv/bias", new long[] {
			out }, Role.WEIGHT, Parameters.constant(0f))));
	}

	/** 2x2 max pooling in x and y, and in z where the level pools z. */
	private Operand<TFloat32> pool(final Operand<TFloat32> x, final int level) {
		if (config.dimensions == 2) return tf.nn.maxPool(x, tf.constant(new int[] { 1, 2, 2, 1 }), tf
			.constant(new int[] { 1, 2, 2, 1 }), "VALID");
		final long z = config.poolsZ(level) ? 2 : 1;
		final List<Long> window = Arrays.asList(1L, z, 2L, 2L, 1L);
		return tf.nn.maxPool3d(x, window, window, "VALID");
	}

	/** A 'same' convolution over the image or volume, stride 1. */
	private Operand<TFloat32> conv(final Operand<TFloat32> x, final Operand<TFloat32> w) {
		return config.dimensions == 3 ? tf.nn.conv3d(x, w, UNIT_STRIDES_3D, "SAME") : tf.nn.conv2d(x,
			w, UNIT_STRIDES, "SAME");
	}

	/** A kernel's shape: [h, w, in, out], with a z extent of {@code size} for volumes. */
	private long[] kernel(final int size, final int in, final int out) {
		return config.dimensions == 3 ? new long[] { size, size, size, in, out } : new long[] { size,
			size, in, out };
	}

	private String dataFormat() {
		return config.dimensions == 3 ? "NDHWC" : "NHWC";
	}

	private Operand<TFloat32> dropout(final Operand<TFloat32> x) {
		if (!training || config.dropout <= 0) return x;
		final float keep = (float) (1 - config.dropout);
		final Operand<TFloat32> uniform = tf.random.statelessRandomUniform(tf.shape(x), dropoutSeed,
			TFloat32.class);
		final Operand<TFloat32> mask = tf.dtypes.cast(tf.math.less(uniform, tf.constant(keep)),
			TFloat32.class);
		return tf.math.mul(x, tf.math.mul(mask, tf.constant(1 / keep)));
	}

	private Operand<TFloat32> weight(final String name, final long[] shape, final long fanIn) {
		return parameters.variable(name, shape, Role.WEIGHT, Parameters.heNormal(fanIn));
	}
}
