package org.pixelwise.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.pixelwise.net.Parameters.Role;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * A PatchGAN critic (Isola et al. 2017) for adversarial fine-tuning of restoration networks:
 * strided convolutions that end in one real-or-fake logit per overlapping patch instead of one
 * per image, so that it judges local texture, the thing pixel losses blur, and takes images of
 * any size that is a multiple of {@link Config#sizeMultiple()}. Every kernel is spectrally
 * normalised (Miyato et al. 2018): divided by its largest singular value, which bounds how
 * steeply the critic can change with its input and so keeps the gradients it gives the
 * generator tame, without batch norm mixing statistics of real and generated images.
 */
public final class PatchCritic {

	/** The shape of the critic, stored with a GAN run so it can be rebuilt. */
	public static final class Config {

		/** Image channels, 1 (grey) or 3 (RGB), as the generator's output. */
		public final int channels;
		/** Filters of the first strided layer; each further layer doubles them. */
		public final int filters;
		/** Strided layers; each halves the image. A logit sees 5 * 2^layers - 2 pixels across. */
		public final int layers;

		public Config(final int channels, final int filters, final int layers) {
			if (channels < 1) throw new IllegalArgumentException("critic channels must be positive");
			if (filters < 1) throw new IllegalArgumentException("critic filters must be positive, e.g. 32");
			if (layers < 1 || layers > 6) throw new IllegalArgumentException("critic layers " + layers +
				" is out of range; use 1 to 6, e.g. 3");
			this.channels = channels;
			this.filters = filters;
			this.layers = layers;
		}

		/** Isola et al.'s shape cut to CPU sizes: 32, 64 and 128 filters, 8x smaller logit map. */
		public static Config defaults(final int channels) {
			return new Config(channels, 32, 3);
		}

		/** Image height and width must be a multiple of this. */
		public int sizeMultiple() {
			return 1 << layers;
		}

		public Map<String, Object> toMap() {
			final Map<String, Object> map = new LinkedHashMap<>();
			map.put("channels", channels);
			map.put("filters", filters);
			map.put("layers", layers);
			return map;
		}

		public static Config fromMap(final Map<?, ?> map) {
			return new Config(((Number) map.get("channels")).intValue(), ((Number) map.get("filters"))
				.intValue(), ((Number) map.get("layers")).intValue());
		}

		@Override
		public String toString() {
			return "PatchGAN critic, " + layers + " strided layers from " + filters + " filters, " +
				channels + " channel(s)";
		}
	}

	private static final int KERNEL = 4;
	private static final int OUTPUT_KERNEL = 3;
	private static final float LEAK = 0.2f;
	private static final List<Long> STRIDED = Arrays.asList(1L, 2L, 2L, 1L);
	private static final List<Long> UNIT_STRIDES = Arrays.asList(1L, 1L, 1L, 1L);

	private final Ops tf;
	private final Parameters parameters;
	public final Config config;
	/** The normalised kernels and biases, built once so that every pass shares one estimate. */
	private final List<Operand<TFloat32>> kernels = new ArrayList<>();
	private final List<Operand<TFloat32>> biases = new ArrayList<>();
	private final List<Op> updates = new ArrayList<>();

	public PatchCritic(final Ops tf, final Parameters parameters, final Config config) {
		this.tf = tf;
		this.parameters = parameters;
		this.config = config;
	}

	/**
	 * The critic's logits for NHWC images in [0, 1]: a map {@code sizeMultiple} times smaller
	 * than the images, with one channel, positive where a patch looks real. Calling this again
	 * (on real and on generated images) shares the weights.
	 */
	public Operand<TFloat32> build(final Operand<TFloat32> images) {
		if (kernels.isEmpty()) createLayers();
		Operand<TFloat32> x = images;
		for (int l = 0; l < config.layers; l++)
			x = leakyRelu(tf.nn.biasAdd(tf.nn.conv2d(x, kernels.get(l), STRIDED, "SAME"), biases.get(l)));
		return tf.nn.biasAdd(tf.nn.conv2d(x, kernels.get(config.layers), UNIT_STRIDES, "SAME"), biases
			.get(config.layers));
	}

	/**
	 * One power-iteration step per layer, storing the refined singular vectors: run these with
	 * every critic training step, so that the estimate follows the slowly changing weights at
	 * the cost of two matrix-vector products per layer and step (Miyato et al.'s scheme).
	 */
	public List<Op> powerIterationUpdates() {
		return Collections.unmodifiableList(updates);
	}

	/** The kernels as the convolutions use them, divided by their estimated largest singular value. */
	public List<Operand<TFloat32>> normalisedKernels() {
		return Collections.unmodifiableList(kernels);
	}

	private void createLayers() {
		int in = config.channels;
		for (int l = 0; l < config.layers; l++) {
			final int out = config.filters << l;
			addLayer("conv" + l, KERNEL, in, out);
			in = out;
		}
		addLayer("logits", OUTPUT_KERNEL, in, 1);
	}

	private void addLayer(final String name, final int size, final int in, final int out) {
		final long rows = (long) size * size * in;
		final Operand<TFloat32> kernel = parameters.variable(name + "/kernel", new long[] { size, size,
			in, out }, Role.WEIGHT, Parameters.heNormal(rows));
		biases.add(parameters.variable(name + "/bias", new long[] { out }, Role.WEIGHT, Parameters
			.constant(0f)));
		kernels.add(spectrallyNormalised(name, kernel, rows, out));
	}

	/**
	 * {@code kernel} divided by sigma, its largest singular value as a {@code rows x cols} matrix,
	 * estimated from the stored right singular vector u refined by one power-iteration step. The
	 * vectors are held constant for the gradient, as in Miyato et al., so that sigma's gradient
	 * is simply v u^T.
	 */
	private Operand<TFloat32> spectrallyNormalised(final String name,
		final Operand<TFloat32> kernel, final long rows, final long cols)
	{
		final Operand<TFloat32> u = parameters.variable(name + "/sn_u", new long[] { cols, 1 },
			Role.STATISTIC, PatchCritic::randomUnitVector);
		final Operand<TFloat32> w = tf.reshape(kernel, tf.constant(new long[] { rows, cols }));
		final Operand<TFloat32> v = tf.stopGradient(unit(tf.linalg.matMul(w, u)));
		final Operand<TFloat32> refined = tf.stopGradient(unit(tf.linalg.matMul(w, v, MatMul
			.transposeA(true))));
		final Operand<TFloat32> sigma = tf.reduceSum(tf.math.mul(v, tf.linalg.matMul(w, refined)), tf
			.constant(new int[] { 0, 1 }));
		updates.add(tf.assign(u, refined));
		return tf.math.div(kernel, sigma);
	}

	/**
	 * max(x, 0.2 x). TensorFlow's LeakyRelu op would do, but Grappler's remapper then fails to
	 * fuse it with the convolution, because the critic's gradient reads the pre-activation, and
	 * logs an error on every new kind of step.
	 */
	private Operand<TFloat32> leakyRelu(final Operand<TFloat32> x) {
		return tf.math.maximum(x, tf.math.mul(x, tf.constant(LEAK)));
	}

	/** x / |x|, with a floor that keeps an all-zero vector from dividing by zero. */
	private Operand<TFloat32> unit(final Operand<TFloat32> x) {
		return tf.math.mul(x, tf.math.rsqrt(tf.math.maximum(tf.reduceSum(tf.math.square(x), tf
			.constant(new int[] { 0, 1 })), tf.constant(1e-12f))));
	}

	private static float[] randomUnitVector(final long[] shape, final Random random) {
		final float[] values = new float[Parameters.size(shape)];
		double norm = 0;
		for (int i = 0; i < values.length; i++) {
			values[i] = (float) random.nextGaussian();
			norm += values[i] * values[i];
		}
		final double scale = 1 / Math.sqrt(Math.max(norm, 1e-24));
		for (int i = 0; i < values.length; i++)
			values[i] *= scale;
		return values;
	}
}
