package org.pixelwise.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

import org.pixelwise.degrade.FloatImage;
import org.pixelwise.device.Device;
import org.pixelwise.net.FeatureEncoder;
import org.pixelwise.net.Parameters;
import org.pixelwise.net.Parameters.Role;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;

/**
 * Trains a {@link FeatureEncoder} on the user's own images, for a feature loss where ImageNet
 * weights cannot be had. The pretext is a denoising autoencoder: the encoder sees a noisy crop
 * and a small decoder must rebuild the clean crop from the coarsest block alone, so every
 * block has to describe the image's structure, and noise is what it learns to look past.
 * Rotation prediction, the other common pretext, needs images with an "up"; microscopy has
 * none, and on synthetic textures it learned to tell 0 from 90 degrees but never 0 from 180.
 */
public final class FeaturePretext {

	/** What a run made, and how well it learned the pretext. */
	public static final class Result {
		public final FeatureEncoder encoder;
		/** The encoder's weights, for {@link FeatureLoss#of} or to be saved. */
		public final Map<String, float[]> weights;
		public final int steps;
		public final boolean cancelled;
		/** Mean L1 error of the rebuilt crops over the first and the last tenth of the steps. */
		public final double firstLoss, finalLoss;
		/** Mean L1 error of the noisy crops themselves over the last tenth: doing nothing. */
		public final double noisyLoss;
		public final double seconds;

		Result(final FeatureEncoder encoder, final Map<String, float[]> weights, final int steps,
			final boolean cancelled, final double firstLoss, final double finalLoss,
			final double noisyLoss, final double seconds)
		{
			this.encoder = encoder;
			this.weights = weights;
			this.steps = steps;
			this.cancelled = cancelled;
			this.firstLoss = firstLoss;
			this.finalLoss = finalLoss;
			this.noisyLoss = noisyLoss;
			this.seconds = seconds;
		}

		/** How many times smaller the rebuilt crops' error is than the noisy crops'. */
		public double gain() {
			return noisyLoss / finalLoss;
		}

		/** The encoder and how it was made, to be stored beside its weights. */
		public Map<String, Object> toMap() {
			final Map<String, Object> map = new LinkedHashMap<>(encoder.toMap());
			map.put("pretext", "denoising");
			map.put("steps", steps);
			map.put("final_l1", finalLoss);
			map.put("noisy_l1", noisyLoss);
			return map;
		}
	}

	/** Noise is drawn per crop, as a fraction of the image's full scale. */
	private static final double MIN_NOISE = 0.05, MAX_NOISE = 0.25;
	private static final String DECODER = "pretext";

	public final FeatureEncoder encoder;
	public final int steps, batchSize, patchSize;
	public final long seed;
	/** The peak of the one-cycle schedule. */
	public double maxLearningRate = 1e-3;

	public FeaturePretext(final FeatureEncoder encoder, final int steps, final int batchSize,
		final int patchSize, final long seed)
	{
		final int smallest = 2 << encoder.blocks();
		if (steps < 1 || batchSize < 1) throw new IllegalArgumentException(
			"steps and batch size must be positive");
		if (patchSize < smallest) throw new IllegalArgumentException("a patch of " + patchSize +
			" pixels is too small for " + encoder.blocks() + " blocks; use at least " + smallest);
		this.encoder = encoder;
		this.steps = steps;
		this.batchSize = batchSize;
		this.patchSize = patchSize;
		this.seed = seed;
	}

	/**
	 * Trains a fresh encoder on random crops of the images.
	 *
	 * @param images all with the same channels: the encoder's, or 1 for an RGB encoder
	 * @param cancelled asked before every step; the encoder so far is returned when it says yes
	 */
	public Result train(final List<FloatImage> images, final Device device,
		final TrainingListener listener, final BooleanSupplier cancelled)
	{
		final int channels = checked(images);
		final long start = System.nanoTime();
		try (Graph graph = new Graph()) {
			final Ops tf = Ops.create(graph);
			final Parameters parameters = new Parameters(tf);
			final Shape shape = Shape.of(-1, patchSize, patchSize, channels);
			final Placeholder<TFloat32> clean = tf.withName("clean").placeholder(TFloat32.class,
				Placeholder.shape(shape));
			final Placeholder<TFloat32> noisy = tf.withName("noisy").placeholder(TFloat32.class,
				Placeholder.shape(shape));
			final Operand<TFloat32> rebuilt = decoded(tf, parameters, noisy, channels);
			final Operand<TFloat32> loss = tf.math.mean(tf.math.abs(tf.math.sub(rebuilt, clean)), tf
				.constant(new int[] { 0, 1, 2, 3 }));
			final List<Parameters.Entry> trainable = parameters.trainable();
			final Output<?>[] variables = new Output<?>[trainable.size()];
			for (int i = 0; i < variables.length; i++)
				variables[i] = trainable.get(i).variable.asOutput();
			final Adam adam = new Adam(tf, parameters, trainable, graph.addGradients(loss.asOutput(),
				variables));
			final Op step = tf.withControlDependencies(adam.updates).noOp();
			try (Session session = new Session(graph, device.trainingConfig())) {
				parameters.initialize(session, seed);
				final Random random = new Random(seed + 1);
				final OneCycleSchedule schedule = new OneCycleSchedule(maxLearningRate, steps);
				final List<Double> losses = new ArrayList<>(), noisyLosses = new ArrayList<>();
				final int size = batchSize * patchSize * patchSize * channels;
				final float[] cleanBatch = new float[size], noisyBatch = new float[size];
				boolean stopped = false;
				for (int s = 1; s <= steps; s++) {
					if (cancelled.getAsBoolean()) {
						stopped = true;
						break;
					}
					noisyLosses.add(sample(images, random, cleanBatch, noisyBatch));
					final double rate = schedule.rate(s);
					try (TFloat32 c = TFloat32.tensorOf(Shape.of(batchSize, patchSize, patchSize, channels),
						DataBuffers.of(cleanBatch, true, false));
						TFloat32 n = TFloat32.tensorOf(Shape.of(batchSize, patchSize, patchSize, channels),
							DataBuffers.of(noisyBatch, true, false));
						TFloat32 lr = TFloat32.scalarOf((float) rate);
						TFloat32 b1 = TFloat32.scalarOf(Adam.beta1Power(s));
						TFloat32 b2 = TFloat32.scalarOf(Adam.beta2Power(s));
						org.tensorflow.Result result = session.runner().feed(clean, c).feed(noisy, n).feed(
							adam.learningRate, lr).feed(adam.beta1Power, b1).feed(adam.beta2Power, b2).fetch(loss)
							.addTarget(step).run())
					{
						final float value = ((TFloat32) result.get(0)).getFloat();
						if (!Float.isFinite(value)) throw new IllegalStateException(
							"the feature encoder's training diverged at step " + s + "; lower maxLearningRate (now " +
								maxLearningRate + ")");
						losses.add((double) value);
					}
					final double elapsed = (System.nanoTime() - start) / 1e9;
					listener.step(new TrainingProgress(s, steps, 1, 1, losses.get(s - 1), rate, elapsed,
						elapsed / s * (steps - s)));
				}
				final Map<String, float[]> all = parameters.read(session, Role.WEIGHT);
				final Map<String, float[]> weights = new LinkedHashMap<>();
				for (final String name : encoder.weightShapes().keySet())
					weights.put(name, all.get(name));
				final int tenth = Math.max(1, losses.size() / 10);
				return new Result(encoder, weights, losses.size(), stopped, mean(losses, 0, tenth), mean(
					losses, losses.size() - tenth, losses.size()), mean(noisyLosses, losses.size() - tenth,
						losses.size()), (System.nanoTime() - start) / 1e9);
			}
		}
	}

	/** Trains on the CPU, reporting nothing, to the end. */
	public Result train(final List<FloatImage> images) {
		return train(images, Device.cpu(), TrainingListener.NONE, () -> false);
	}

	/**
	 * The encoder's last block decoded back to the input's size: bilinear upsampling and a
	 * 3x3 convolution per block, then a 1x1 convolution to the image's channels. There are no
	 * skip connections: with them the finest block could do most of the work, and the coarse
	 * blocks, whose features the loss compares too, would learn little.
	 */
	private Operand<TFloat32> decoded(final Ops tf, final Parameters parameters,
		final Operand<TFloat32> noisy, final int channels)
	{
		final int[] filters = encoder.filters();
		final List<String> names = encoder.layerNames();
		Operand<TFloat32> x = encoder.layers(tf, parameters, noisy).get(names.get(names.size() - 1));
		for (int b = filters.length - 1; b > 0; b--) {
			// Each encoder block pooled with VALID padding, i.e. rounding sizes down.
			final int side = patchSize >> (b - 1);
			x = tf.image.resizeBilinear(x, tf.constant(new int[] { side, side }), ResizeBilinear
				.halfPixelCenters(true));
			x = tf.nn.relu(conv(tf, parameters, DECODER + "/up" + b, x, 3, filters[b], filters[b - 1]));
		}
		return conv(tf, parameters, DECODER + "/out", x, 1, filters[0], channels);
	}

	private static Operand<TFloat32> conv(final Ops tf, final Parameters parameters,
		final String name, final Operand<TFloat32> x, final int size, final int in, final int out)
	{
		final Operand<TFloat32> kernel = parameters.variable(name + "/kernel", new long[] { size, size,
			in, out }, Role.WEIGHT, Parameters.heNormal((long) size * size * in));
		final Operand<TFloat32> bias = parameters.variable(name + "/bias", new long[] { out },
			Role.WEIGHT, Parameters.constant(0f));
		return tf.nn.biasAdd(tf.nn.conv2d(x, kernel, Arrays.asList(1L, 1L, 1L, 1L), "SAME"),
			bias);
	}

	/**
	 * Fills a batch with random crops, each in one of the 8 orientations and scaled to 0..1, and
	 * their noisy copies; returns the noisy copies' mean absolute error.
	 */
	private double sample(final List<FloatImage> images, final Random random, final float[] clean,
		final float[] noisy)
	{
		final int p = patchSize;
		double error = 0;
		for (int i = 0; i < batchSize; i++) {
			final FloatImage image = images.get(random.nextInt(images.size()));
			final int c = image.channels;
			final int x0 = random.nextInt(image.width - p + 1), y0 = random.nextInt(image.height - p + 1);
			final int orientation = random.nextInt(8);
			final double sigma = MIN_NOISE + (MAX_NOISE - MIN_NOISE) * random.nextDouble();
			for (int y = 0; y < p; y++)
				for (int x = 0; x < p; x++) {
					int sx = (orientation & 1) != 0 ? p - 1 - x : x, sy = (orientation & 2) != 0 ? p - 1 - y : y;
					if ((orientation & 4) != 0) {
						final int t = sx;
						sx = sy;
						sy = t;
					}
					for (int k = 0; k < c; k++) {
						final int at = ((i * p + y) * p + x) * c + k;
						clean[at] = image.get(x0 + sx, y0 + sy, k) / image.maxValue;
						noisy[at] = (float) (clean[at] + sigma * random.nextGaussian());
						error += Math.abs(noisy[at] - clean[at]);
					}
				}
		}
		return error / clean.length;
	}

	private int checked(final List<FloatImage> images) {
		if (images.isEmpty()) throw new IllegalArgumentException(
			"training a feature encoder needs at least one image");
		final int channels = images.get(0).channels;
		if (channels != encoder.inputChannels && channels != 1) throw new IllegalArgumentException(
			"the images have " + channels + " channels but the encoder takes " + encoder.inputChannels +
				"; make an encoder for " + channels + "-channel images");
		for (final FloatImage image : images) {
			if (image.channels != channels) throw new IllegalArgumentException("the images mix " +
				channels + " and " + image.channels + " channels; give images with the same channels");
			if (image.width < patchSize || image.height < patchSize) throw new IllegalArgumentException(
				"an image of " + image.width + "x" + image.height + " is smaller than a patch of " +
					patchSize + "x" + patchSize + "; use a smaller patch or larger images");
		}
		return channels;
	}

	private static double mean(final List<Double> values, final int from, final int to) {
		if (values.isEmpty()) return Double.NaN;
		double sum = 0;
		for (int i = from; i < to; i++)
			sum += values.get(i);
		return sum / (to - from);
	}
}
