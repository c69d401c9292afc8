package org.pixelwise.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

import org.pixelwise.data.Batch;
import org.pixelwise.data.BatchProducer;
import org.pixelwise.data.FloatImage;
import org.pixelwise.device.Device;
import org.pixelwise.files.AtomicFolder;
import org.pixelwise.model.ModelFolder;
import org.pixelwise.net.FeatureEncoder;
import org.pixelwise.net.Parameters;
import org.pixelwise.net.Parameters.Role;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

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
	/** How a pretext checkpoint's description names itself. */
	static final String FORMAT = "pixelwise-feature-pretext/1";
	private static final long VALIDATION_SEED = 99;

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
	 * Trains a fresh encoder on random crops of the images, in a temporary folder.
	 *
	 * @param images all with the same channels: the encoder's, or 1 for an RGB encoder
	 * @param cancelled asked before every step; the encoder so far is returned when it says yes
	 */
	public Result train(final List<FloatImage> images, final Device device,
		final TrainingListener listener, final BooleanSupplier cancelled)
	{
		try {
			final Path folder = Files.createTempDirectory("pixelwise-pretext-");
			try {
				return train(images, device, listener, cancelled, folder.resolve("run"), false);
			}
			finally {
				AtomicFolder.delete(folder);
			}
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * Trains the encoder with the one training loop every task uses ({@link Trainer}): about
	 * {@link #steps} steps in up to 10 epochs, checkpoints under {@code folder} (best/ and
	 * latest/, each with the encoder as {@link FeatureNetwork#FILE}), so that with {@code resume}
	 * an interrupted pretext run continues where it stopped. Each epoch is scored on fixed
	 * noisy crops of the images: how many times smaller the rebuilt crops' error is than the
	 * noisy crops' ({@code val_gain}); the best epoch's encoder is returned.
	 */
	public Result train(final List<FloatImage> images, final Device device,
		final TrainingListener listener, final BooleanSupplier cancelled, final Path folder,
		final boolean resume) throws IOException
	{
		final int channels = checked(images);
		final TrainingSettings settings = new TrainingSettings();
		settings.epochs = Math.max(1, Math.min(10, steps / 20));
		settings.stepsPerEpoch = (steps + settings.epochs - 1) / settings.epochs;
		settings.batchSize = batchSize;
		settings.maxLearningRate = maxLearningRate;
		settings.seed = seed;
		final Task task = new Task(images, channels);
		final Trainer trainer = new Trainer(device, listener, cancelled);
		final Trainer.Result result;
		try {
			result = resume && ModelFolder.hasTrainingState(AtomicFolder.recover(folder.resolve(
				ModelFolder.LATEST))) ? trainer.resume(task, settings, folder) : trainer.train(task,
					settings, folder);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("the feature encoder's training was interrupted", e);
		}
		if (result.outcome == Trainer.Outcome.DIVERGED) throw new IllegalStateException(
			"the feature encoder's training diverged (" + result.message + "); lower maxLearningRate " +
				"(now " + maxLearningRate + ")");
		Path kept = AtomicFolder.recover(folder.resolve(ModelFolder.BEST));
		if (!Files.isRegularFile(kept.resolve(FeatureNetwork.FILE))) kept = AtomicFolder.recover(folder
			.resolve(ModelFolder.LATEST));
		final FeatureNetwork trained = FeatureNetwork.read(kept);
		final List<Map<String, Object>> history = result.history;
		final double first = history.isEmpty() ? Double.NaN : number(history.get(0), "loss");
		final double last = history.isEmpty() ? Double.NaN : number(history.get(history.size() - 1),
			"loss");
		return new Result(encoder, trained == null ? encoder.randomWeights(seed) : trained.weights,
			(int) result.steps, result.outcome == Trainer.Outcome.CANCELLED, first, last, task.noisyLoss,
			result.seconds);
	}

	private static double number(final Map<String, Object> row, final String key) {
		final Object value = row.get(key);
		return value instanceof Number ? ((Number) value).doubleValue() : Double.NaN;
	}

	/** Trains on the CPU, reporting nothing, to the end. */
	public Result train(final List<FloatImage> images) {
		return train(images, Device.cpu(), TrainingListener.NONE, () -> false);
	}

	/** The pretext as a task of the one training loop: noisy crops in, clean crops out. */
	private final class Task implements TrainingTask, Objective {

		private final List<FloatImage> images;
		private final int channels;
		/** Fixed noisy crops scored after every epoch, and their own error. */
		private final Batch validation;
		private final double noisyLoss;

		Task(final List<FloatImage> images, final int channels) {
			this.images = images;
			this.channels = channels;
			validation = new Batch(batchSize, patchSize, patchSize, channels, channels);
			noisyLoss = sample(images, new Random(seed + VALIDATION_SEED), validation.targets,
				validation.inputs);
			Arrays.fill(validation.weights, 1f);
		}

		@Override
		public Objective objective() {
			return this;
		}

		@Override
		public BatchProducer batches(final long batchSeed) {
			return new BatchProducer(() -> new Batch(batchSize, patchSize, patchSize, channels,
				channels), (batch, random) -> {
					sample(images, random, batch.targets, batch.inputs);
					Arrays.fill(batch.weights, 1f);
				}, batchSeed);
		}

		@Override
		public int automaticStepsPerEpoch() {
			return Math.max(1, steps / 10);
		}

		@Override
		public Map<String, Object> validate(final TrainingGraph graph) {
			final float loss = graph.evaluate(validation, new float[validation.targets.length]);
			final Map<String, Object> row = new LinkedHashMap<>();
			row.put("val_l1", Trainer.round(loss));
			row.put("val_gain", Trainer.round(noisyLoss / loss));
			return row;
		}

		@Override
		public String scoreName() {
			return "val_gain";
		}

		@Override
		public double baselineScore() {
			return 1; // rebuilding no better than the noisy crop itself
		}

		@Override
		public Map<String, Object> facts() {
			final Map<String, Object> facts = new LinkedHashMap<>(encoder.toMap());
			facts.put("pretext", "denoising");
			facts.put("patch_size", patchSize);
			facts.put("noisy_l1", noisyLoss);
			return facts;
		}

		@Override
		public void save(final Path folder, final TrainingGraph graph,
			final Map<String, Object> training, final List<Map<String, Object>> history,
			final AtomicFolder.Content state) throws IOException
		{
			final Map<String, float[]> all = graph.inferenceWeights();
			final Map<String, float[]> weights = new LinkedHashMap<>();
			for (final String name : encoder.weightShapes().keySet())
				weights.put(name, all.get(name));
			final Map<String, Object> description = new LinkedHashMap<>();
			description.put("format", FORMAT);
			description.put("training", training);
			description.put("history", new ArrayList<>(history));
			final Map<String, Object> facts = new LinkedHashMap<>(encoder.toMap());
			facts.put("pretext", "denoising");
			facts.put("steps", training.get("step"));
			AtomicFolder.write(folder, tmp -> {
				try (Writer out = Files.newBufferedWriter(tmp.resolve(ModelFolder.DESCRIPTION),
					StandardCharsets.UTF_8))
				{
					final DumperOptions options = new DumperOptions();
					options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
					new Yaml(options).dump(description, out);
				}
				new FeatureNetwork(encoder, weights, facts).write(tmp);
				if (state != null) state.writeTo(tmp);
			});
		}

		@Override
		public int inputChannels() {
			return channels;
		}

		@Override
		public int targetChannels() {
			return channels;
		}

		@Override
		public Operand<TFloat32> trainingOutput(final Ops tf, final Parameters parameters,
			final Operand<TFloat32> input, final Operand<TInt64> stepSeed, final List<Op> updates)
		{
			return decoded(tf, parameters, input, channels);
		}

		@Override
		public Operand<TFloat32> inferenceOutput(final Ops tf, final Parameters parameters,
			final Operand<TFloat32> input)
		{
			return decoded(tf, parameters, input, channels);
		}

		@Override
		public Operand<TFloat32> loss(final Ops tf, final Operand<TFloat32> output,
			final Operand<TFloat32> target, final Operand<TFloat32> weights)
		{
			return tf.math.mean(tf.math.abs(tf.math.sub(output, target)), tf.constant(new int[] { 0, 1, 2,
				3 }));
		}

		@Override
		public Operand<TFloat32> prediction(final Ops tf, final Operand<TFloat32> output) {
			return output;
		}

		@Override
		public String predictionName() {
			return "rebuilt";
		}
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

}
