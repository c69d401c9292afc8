package org.pixelwise.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.pixelwise.data.Batch;
import org.pixelwise.data.BatchProducer;
import org.pixelwise.degrade.Crappifier;
import org.pixelwise.degrade.Downscale;
import org.pixelwise.data.FloatImage;
import org.pixelwise.device.Device;
import org.pixelwise.metrics.ImageQuality;
import org.pixelwise.model.ModelFolder;
import org.pixelwise.model.RestorationModel;
import org.pixelwise.net.RestorationConfig;

/**
 * Training a restoration network from high-quality images alone: patches are cut from the
 * images, flipped and turned, and degraded on the fly by a {@link Crappifier} into the
 * network's input, with the clean patch as target. Validation degrades held-out images once,
 * with a fixed seed, and scores PSNR and SSIM against them, next to bicubic upscaling.
 */
public final class RestorationTask implements TrainingTask {

	/** How a model trained on real pairs records its degradation. */
	public static final String PAIRS = "real low/high-resolution pairs";
	/** How a model trained by Noise2Void records its degradation. */
	public static final String NOISE2VOID = "noise2void (noisy images only, blind-spot masking)";
	private static final long VALIDATION_SEED = 7;
	/** Validation images are cut to at most this many input pixels a side. */
	private static final int VALIDATION_SIDE = 256;
	/** Validation volumes are cut to at most this many pixels a side and planes deep. */
	private static final int VALIDATION_VOLUME_SIDE = 128, VALIDATION_PLANES = 32;

	private final List<FloatImage> training;
	/** The training images' real low-resolution partners, or null when the crappifier makes them. */
	private final List<FloatImage> trainingInputs;
	private final List<FloatImage> validationTruth = new ArrayList<>();
	private final List<FloatImage> validationInput = new ArrayList<>();
	/** Noise2Void's masking, or null; with it, the validation images' masked pixels. */
	private final BlindSpots blindSpots;
	private final List<float[]> validationMasks = new ArrayList<>();
	private final RestorationConfig network;
	private final Crappifier crappifier;
	private final TrainingSettings settings;
	private RestorationObjective objective;
	/** The frozen network of a feature loss, or null for a pixel loss. */
	private Map<String, Object> featureFacts;
	private org.pixelwise.files.AtomicFolder.Content featureFiles = tmp -> {};
	private double gramFactor;
	/** The weights last saved as best, else as latest: where adversarial fine-tuning starts. */
	private Map<String, float[]> bestWeights, latestWeights;
	private final String name;
	private final Device device;
	/** A trained model's weights to fine-tune, or null to start from random ones. */
	private WeightSource startFrom;
	/** The model fine-tuned from, for the record, or null. */
	private String startedFrom;
	private final float valueRange;
	/** Low-resolution patch side; targets are {@code scale} times larger. */
	private final int patch;
	/** Volumes (a 3-D network): planes per patch; 1 for images. */
	private final int patchDepth;
	private final boolean volumes;

	/**
	 * @param images clean images, all with the network's channels
	 * @param patch the input patch side; the clean patches are {@code patch * scale} pixels
	 * @param valueRange what pixel values are divided by; NaN for the images' largest value
	 *          range (a resumed run passes its saved one, so normalisation cannot drift)
	 */
	public RestorationTask(final List<FloatImage> images, final RestorationConfig network,
		final Crappifier crappifier, final RestorationLoss loss, final TrainingSettings settings,
		final int patch, final float valueRange, final String name, final Device device)
	{
		this(images, null, network, crappifier, loss, settings, patch, valueRange, name, device, null);
	}

	/**
	 * Noise2Void: trained on noisy images alone, each its own target, with the blind spots of
	 * {@code masking}; the network must not upscale.
	 */
	public static RestorationTask noise2void(final List<FloatImage> noisy,
		final RestorationConfig network, final BlindSpots masking, final TrainingSettings settings,
		final int patch, final float valueRange, final String name, final Device device)
	{
		if (network.scale != 1) throw new IllegalArgumentException("Noise2Void denoises at the " +
			"image's own size; use scale=1 (it was " + network.scale + ")");
		return new RestorationTask(noisy, null, network, null, RestorationLoss.parse("mse"), settings,
			patch, valueRange, name, device, masking);
	}

	/**
	 * Training on real pairs instead of degraded copies: {@code lowResolution.get(i)} is what
	 * the microscope or camera gives for {@code highResolution.get(i)}, {@code scale} times
	 * smaller. High-resolution images larger than that are cropped at the right and bottom.
	 */
	public static RestorationTask fromPairs(final List<FloatImage> lowResolution,
		final List<FloatImage> highResolution, final RestorationConfig network,
		final RestorationLoss loss, final TrainingSettings settings, final int patch,
		final float valueRange, final String name, final Device device)
	{
		if (lowResolution.size() != highResolution.size()) throw new IllegalArgumentException(
			lowResolution.size() + " low-resolution images for " + highResolution.size() +
				" high-resolution ones; give one of each per pair");
		final List<FloatImage> cropped = new ArrayList<>();
		for (int i = 0; i < lowResolution.size(); i++) {
			final FloatImage low = lowResolution.get(i), high = highResolution.get(i);
			final int w = low.width * network.scale, h = low.height * network.scale;
			if (low.depth != high.depth) throw new IllegalArgumentException("pair " + (i + 1) +
				": the clean z-stack has " + high.depth + " slices but its noisy partner " + low.depth +
				"; give partners with the same slices");
			if (high.width < w || high.height < h) throw new IllegalArgumentException("pair " + (i + 1) +
				": the high-resolution image is " + high.width + "x" + high.height +
				" but its low-resolution partner is " + low.width + "x" + low.height + "; at scale " +
				network.scale + " it must be at least " + w + "x" + h);
			cropped.add(high.depth > 1 ? high.cropVolume(0, 0, 0, w, h, high.depth) : high.crop(0, 0, w,
				h));
		}
		return new RestorationTask(cropped, lowResolution, network, null, loss, settings, patch,
			valueRange, name, device, null);
	}

	private RestorationTask(final List<FloatImage> images, final List<FloatImage> inputs,
		final RestorationConfig network, final Crappifier crappifier, final RestorationLoss loss,
		final TrainingSettings settings, final int patch, final float valueRange, final String name,
		final Device device, final BlindSpots blindSpots)
	{
		this.blindSpots = blindSpots;
		settings.check(); // before any sizes derived from the settings are allocated
		if (images.size() < 2) throw new IllegalArgumentException(
			"restoration training needs at least 2 images, one of them to validate on");
		if (crappifier != null && crappifier.scale() != network.scale) throw new IllegalArgumentException(
			"the degradation '" + crappifier + "' shrinks by " + crappifier.scale() +
				" but the network upscales by " + network.scale + "; make them the same");
		final int side = patch * network.scale;
		volumes = network.dimensions == 3;
		patchDepth = volumes ? patchDepth(images, network, settings.patchDepth) : 1;
		if (volumes && (loss.ssim > 0 || loss.msssim > 0)) throw new IllegalArgumentException(
			"the SSIM losses compare 2-D windows; train volumes with loss=l1 or loss=mse");
		for (final FloatImage image : images) {
			if (image.channels != network.channels) throw new IllegalArgumentException("an image has " +
				image.channels + " channels but the network takes " + network.channels);
			if (image.width < side || image.height < side) throw new IllegalArgumentException(
				"an image of " + image.width + "x" + image.height + " is smaller than a training patch of " +
					side + "x" + side + "; use a smaller patch or larger images");
		}
		this.network = network;
		this.crappifier = crappifier;
		this.settings = settings;
		this.patch = patch - patch % network.sizeMultiple();
		this.name = name;
		this.device = device;
		objective = blindSpots != null ? RestorationObjective.blindSpot(network, loss)
			: new RestorationObjective(network, loss);
		float range = valueRange;
		if (Float.isNaN(range)) {
			range = 0;
			for (final FloatImage image : images)
				range = Math.max(range, image.maxValue);
		}
		this.valueRange = range;
		final int held = Math.max(1, Math.min(images.size() - 1, (int) Math.round(
			settings.validationFraction * images.size())));
		final List<Integer> order = new ArrayList<>();
		for (int i = 0; i < images.size(); i++)
			order.add(i);
		java.util.Collections.shuffle(order, new Random(settings.seed));
		training = new ArrayList<>();
		trainingInputs = inputs == null ? null : new ArrayList<>();
		for (final int i : order.subList(held, order.size())) {
			training.add(images.get(i));
			if (inputs != null) trainingInputs.add(inputs.get(i));
		}
		final int s = network.scale, multiple = network.sizeMultiple();
		for (final int i : order.subList(0, held)) {
			if (volumes) {
				addValidationVolume(images.get(i), inputs == null ? null : inputs.get(i), i);
				continue;
			}
			// Validated whole each epoch, so large images are cut to a size that fits in memory.
			final FloatImage image = images.get(i);
			final int w = Math.min(VALIDATION_SIDE, image.width / s) / multiple * multiple;
			final int h = Math.min(VALIDATION_SIDE, image.height / s) / multiple * multiple;
			final FloatImage truth = image.crop(0, 0, w * s, h * s);
			validationTruth.add(truth);
			if (blindSpots != null) {
				final float[] masked = truth.pixels.clone(), mask = new float[w * h];
				blindSpots.mask(masked, mask, w, h, truth.channels, new Random(VALIDATION_SEED + i));
				validationInput.add(truth.withPixels(masked));
				validationMasks.add(mask);
			}
			else validationInput.add(inputs == null ? crappifier.apply(truth, VALIDATION_SEED) : inputs
				.get(i).crop(0, 0, w, h));
		}
	}

	/**
	 * Planes per training patch of a volume: the requested number, down to the network's z step
	 * and to the thinnest volume; a clear error when a volume is thinner than one z step.
	 */
	private static int patchDepth(final List<FloatImage> volumes, final RestorationConfig network,
		final int requested)
	{
		final int step = network.zSizeMultiple();
		int thinnest = Integer.MAX_VALUE;
		for (final FloatImage volume : volumes)
			thinnest = Math.min(thinnest, volume.depth);
		final int planes = Math.min(requested, thinnest) / step * step;
		if (planes < step) throw new IllegalArgumentException("a z-stack has " + thinnest +
			" slice(s) but the 3-D network needs at least " + step + "; give z-stacks of " + step +
			" or more slices, or train a 2-D model (dimensions=2)");
		return planes;
	}

	/** A held-out volume, cut to a size validated whole every epoch, and its degraded input. */
	private void addValidationVolume(final FloatImage volume, final FloatImage partner,
		final int index)
	{
		final int multiple = network.sizeMultiple(), zStep = network.zSizeMultiple();
		final int w = Math.min(VALIDATION_VOLUME_SIDE, volume.width) / multiple * multiple;
		final int h = Math.min(VALIDATION_VOLUME_SIDE, volume.height) / multiple * multiple;
		final int d = Math.min(VALIDATION_PLANES, volume.depth) / zStep * zStep;
		final FloatImage truth = volume.cropVolume(0, 0, 0, w, h, d);
		validationTruth.add(truth);
		if (blindSpots != null) {
			final float[] masked = truth.pixels.clone(), mask = new float[w * h * d];
			blindSpots.mask(masked, mask, w, h, d, truth.channels, new Random(VALIDATION_SEED + index));
			validationInput.add(truth.withPixels(masked));
			validationMasks.add(mask);
		}
		else validationInput.add(partner == null ? crappifier.applyVolume(truth, new Random(
			VALIDATION_SEED), network.anisotropy) : partner.cropVolume(0, 0, 0, w, h, d));
	}

	/**
	 * Trains with the feature (perceptual) and Gram loss of {@code network} in place of the
	 * pixel loss; call before training starts.
	 */
	public void useFeatureLoss(final FeatureNetwork network, final double gramFactor) {
		useFeatureLoss(network.loss(gramFactor), network.facts, network::write);
	}

	/**
	 * Trains with {@code loss} in place of the pixel loss; {@code facts} describe its feature
	 * network in the model's description and {@code files} writes what a resumed run needs of it
	 * beside the model. Call before training starts.
	 */
	public void useFeatureLoss(final FeatureLoss loss, final Map<String, Object> facts,
		final org.pixelwise.files.AtomicFolder.Content files)
	{
		if (volumes) throw new IllegalArgumentException("feature losses use a 2-D network; train " +
			"volumes with loss=l1 or loss=mse");
		this.gramFactor = loss.gramFactor;
		this.featureFacts = facts;
		this.featureFiles = files;
		objective = new RestorationObjective(network, objective.loss, loss);
	}

	/** The generator to fine-tune after this run: its best saved weights, else its latest. */
	public Map<String, float[]> pretrainedWeights() {
		return bestWeights != null ? bestWeights : latestWeights;
	}

	/**
	 * As above, or when this run saved nothing (a resumed run with nothing left to train), the
	 * generator of the training state saved under {@code modelPath}.
	 */
	public Map<String, float[]> pretrainedWeights(final java.nio.file.Path modelPath,
		final Device device, final long seed) throws IOException
	{
		final Map<String, float[]> weights = pretrainedWeights();
		if (weights != null) return weights;
		try (TrainingGraph graph = new TrainingGraph(objective, device)) {
			graph.initialize(seed);
			graph.restoreState(org.pixelwise.files.AtomicFolder.recover(modelPath.resolve(
				ModelFolder.LATEST)));
			return graph.inferenceWeights();
		}
	}

	/**
	 * Starts from a trained model's weights instead of random ones.
	 *
	 * @param model the model's name and where it was, kept with the new model
	 */
	public void startFrom(final WeightSource source, final String model) {
		startFrom = source;
		startedFrom = model;
	}

	@Override
	public Map<String, float[]> initialWeights(final java.util.Set<String> names)
		throws IOException
	{
		return startFrom == null ? null : startFrom.read(names);
	}

	@Override
	public Objective objective() {
		return objective;
	}

	@Override
	public BatchProducer batches(final long seed) {
		if (volumes) return volumeBatches(seed);
		final int s = network.scale, side = patch * s, c = network.channels;
		return new BatchProducer(() -> new Batch(settings.batchSize, patch, patch, c, side, side, c),
			(batch, random) -> {
				for (int i = 0; i < batch.size; i++) {
					final int k = random.nextInt(training.size());
					final FloatImage image = training.get(k);
					final int x = random.nextInt(image.width / s - patch + 1), y = random.nextInt(image.height /
						s - patch + 1), orientation = random.nextInt(8);
					final FloatImage clean = image.crop(x * s, y * s, side, side).oriented(orientation);
					if (blindSpots != null) {
						final float[] masked = clean.pixels.clone(), mask = new float[side * side];
						blindSpots.mask(masked, mask, side, side, c, random);
						copyNormalised(masked, batch.inputs, i * patch * patch * c);
						copyNormalised(clean.pixels, batch.targets, i * side * side * c);
						System.arraycopy(mask, 0, batch.weights, i * side * side, mask.length);
						continue;
					}
					final FloatImage degraded = trainingInputs == null ? crappifier.apply(clean, random)
						: trainingInputs.get(k).crop(x, y, patch, patch).oriented(orientation);
					copyNormalised(degraded.pixels, batch.inputs, i * patch * patch * c);
					copyNormalised(clean.pixels, batch.targets, i * side * side * c);
					java.util.Arrays.fill(batch.weights, i * side * side, (i + 1) * side * side, 1f);
				}
			}, seed);
	}

	/**
	 * Volume patches: a box of {@link #patchDepth} planes in one of 16 orientations (8 in the
	 * plane, each also reversed in z), damaged in 3-D, masked in 3-D, or cut from its partner.
	 */
	private BatchProducer volumeBatches(final long seed) {
		final int c = network.channels, voxels = patchDepth * patch * patch;
		return new BatchProducer(() -> Batch.volumes(settings.batchSize, patchDepth, patch, patch, c,
			c), (batch, random) -> {
				for (int i = 0; i < batch.size; i++) {
					final int k = random.nextInt(training.size());
					final FloatImage volume = training.get(k);
					final int x = random.nextInt(volume.width - patch + 1), y = random.nextInt(volume.height -
						patch + 1), z = random.nextInt(volume.depth - patchDepth + 1), orientation = random
							.nextInt(16);
					final FloatImage clean = volume.cropVolume(x, y, z, patch, patch, patchDepth)
						.orientedVolume(orientation);
					final float[] input;
					if (blindSpots != null) {
						input = clean.pixels.clone();
						final float[] mask = new float[voxels];
						blindSpots.mask(input, mask, patch, patch, patchDepth, c, random);
						System.arraycopy(mask, 0, batch.weights, i * voxels, voxels);
					}
					else {
						input = (trainingInputs == null ? crappifier.applyVolume(clean, random,
							network.anisotropy) : trainingInputs.get(k).cropVolume(x, y, z, patch, patch,
								patchDepth).orientedVolume(orientation)).pixels;
						java.util.Arrays.fill(batch.weights, i * voxels, (i + 1) * voxels, 1f);
					}
					copyNormalised(input, batch.inputs, i * voxels * c);
					copyNormalised(clean.pixels, batch.targets, i * voxels * c);
				}
			}, seed);
	}

	@Override
	public int automaticStepsPerEpoch() {
		long pixels = 0;
		for (final FloatImage image : training)
			pixels += (long) image.width * image.height * image.depth;
		final long perStep = (long) settings.batchSize * patch * patch * patchDepth * network.scale *
			network.scale;
		return (int) Math.max(10, Math.min(500, pixels / perStep + 1));
	}

	@Override
	public Map<String, Object> validate(final TrainingGraph graph) {
		double loss = 0, psnr = 0, ssim = 0;
		for (int i = 0; i < validationTruth.size(); i++) {
			final FloatImage truth = validationTruth.get(i), input = validationInput.get(i);
			final Batch batch = volumes ? Batch.volumes(1, truth.depth, truth.height, truth.width,
				truth.channels, truth.channels) : new Batch(1, input.height, input.width, input.channels,
					truth.height, truth.width, truth.channels);
			copyNormalised(input.pixels, batch.inputs, 0);
			copyNormalised(truth.pixels, batch.targets, 0);
			if (blindSpots != null) System.arraycopy(validationMasks.get(i), 0, batch.weights, 0,
				batch.weights.length);
			else java.util.Arrays.fill(batch.weights, 1f);
			final float[] restored = new float[batch.targets.length];
			loss += graph.evaluate(batch, restored);
			// Noise2Void has no clean image: it is scored at its blind spots, against the noisy value.
			psnr += blindSpots != null ? maskedPsnr(restored, batch.targets, batch.weights,
				truth.channels) : ImageQuality.psnr(restored, batch.targets, 1);
			ssim += ssim(restored, batch.targets, truth);
		}
		final int n = validationTruth.size();
		final Map<String, Object> row = new LinkedHashMap<>();
		row.put("val_loss", Trainer.round(loss / n));
		row.put("val_psnr", Trainer.round(psnr / n));
		row.put("val_ssim", Trainer.round(ssim / n));
		return row;
	}

	private double bicubicPsnr = Double.NaN;

	/** PSNR and SSIM of bicubic upscaling on the validation images, the baseline to beat. */
	public Map<String, Object> bicubicScores() {
		double psnr = 0, ssim = 0;
		for (int i = 0; i < validationTruth.size(); i++) {
			final FloatImage truth = validationTruth.get(i);
			// Volumes are restored at their own size: the baseline is the input itself.
			final FloatImage upscaled = volumes ? validationInput.get(i) : Downscale.resize(
				validationInput.get(i), truth.width, truth.height);
			final float[] a = normalised(upscaled.pixels), b = normalised(truth.pixels);
			// For Noise2Void the baseline is the neighbour each blind spot was given.
			psnr += blindSpots != null ? maskedPsnr(a, b, validationMasks.get(i), truth.channels)
				: ImageQuality.psnr(a, b, 1);
			ssim += ssim(a, b, truth);
		}
		final Map<String, Object> scores = new LinkedHashMap<>();
		scores.put("psnr", Trainer.round(psnr / validationTruth.size()));
		scores.put("ssim", Trainer.round(ssim / validationTruth.size()));
		return scores;
	}

	/**
	 * Chooses the best checkpoint by the lowest validation loss instead of PSNR: for style
	 * transfer, where PSNR against the content image rewards changing nothing.
	 */
	public void chooseBestByLoss() {
		bestByLoss = true;
	}

	private boolean bestByLoss;

	@Override
	public String scoreName() {
		return bestByLoss ? "val_loss" : "val_psnr";
	}

	@Override
	public double baselineScore() {
		if (Double.isNaN(bicubicPsnr)) bicubicPsnr = ((Number) bicubicScores().get("psnr"))
			.doubleValue();
		return bicubicPsnr;
	}

	@Override
	public Map<String, Object> facts() {
		final Map<String, Object> facts = new LinkedHashMap<>();
		facts.put("patch_size", patch);
		if (volumes) facts.put("patch_slices", patchDepth);
		facts.put("loss", featureFacts == null ? objective.loss.toString() : "feature (pixel L1 + " +
			"features and Gram matrices of a frozen network, layer weights " + objective.features
				.layerWeights().values() + ", Gram factor " +
			gramFactor + ")");
		if (featureFacts != null) facts.put("feature_network", featureFacts);
		facts.put("degradation", degradation());
		if (startedFrom != null) facts.put("started_from", startedFrom);
		facts.put("training_images", training.size());
		facts.put("validation_images", validationTruth.size());
		facts.put("bicubic_val", bicubicScores());
		return facts;
	}

	@Override
	public void save(final Path folder, final TrainingGraph graph, final Map<String, Object> training,
		final List<Map<String, Object>> history, final org.pixelwise.files.AtomicFolder.Content state)
		throws IOException
	{
		if (folder.getFileName().toString().equals(ModelFolder.BEST)) bestWeights = graph
			.inferenceWeights();
		else latestWeights = graph.inferenceWeights();
		final Map<String, Object> description = new LinkedHashMap<>();
		description.put("format", RestorationModel.FORMAT);
		description.put("name", name);
		description.put("network", network.toMap());
		description.put("value_range", valueRange);
		description.put("degradation", degradation());
		description.put("training", training);
		description.put("history", new ArrayList<>(history));
		final org.pixelwise.files.AtomicFolder.Content extras = state != null ? tmp -> {
			featureFiles.writeTo(tmp);
			state.writeTo(tmp);
		} : featureFiles;
		ModelFolder.write(folder, description, objective, graph.inferenceWeights(), device,
			validationInput.isEmpty() ? this.training.get(0) : validationInput.get(0), extras);
	}

	private String degradation() {
		return blindSpots != null ? NOISE2VOID : crappifier == null ? PAIRS : crappifier.toString();
	}

	/** Mean SSIM of an image, or of a volume's planes averaged (SSIM's windows are 2-D). */
	private static double ssim(final float[] a, final float[] b, final FloatImage shape) {
		if (shape.depth == 1) return ImageQuality.meanSsim(a, b, shape.width, shape.height,
			shape.channels);
		final int n = shape.width * shape.height * shape.channels;
		double sum = 0;
		for (int z = 0; z < shape.depth; z++)
			sum += ImageQuality.meanSsim(java.util.Arrays.copyOfRange(a, z * n, (z + 1) * n), java.util.Arrays
				.copyOfRange(b, z * n, (z + 1) * n), shape.width, shape.height, shape.channels);
		return sum / shape.depth;
	}

	/** PSNR (peak 1) over the pixels whose weight is not 0. */
	static double maskedPsnr(final float[] a, final float[] b, final float[] weights,
		final int channels)
	{
		double sum = 0;
		long n = 0;
		for (int p = 0; p < weights.length; p++) {
			if (weights[p] == 0) continue;
			for (int c = 0; c < channels; c++) {
				final double d = a[p * channels + c] - b[p * channels + c];
				sum += d * d;
				n++;
			}
		}
		return n == 0 ? Double.NaN : 10 * Math.log10(1 / Math.max(sum / n, 1e-12));
	}

	private void copyNormalised(final float[] from, final float[] to, final int offset) {
		for (int i = 0; i < from.length; i++)
			to[offset + i] = from[i] / valueRange;
	}

	private float[] normalised(final float[] values) {
		final float[] out = new float[values.length];
		copyNormalised(values, out, 0);
		return out;
	}
}
