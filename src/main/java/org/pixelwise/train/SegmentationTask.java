package org.pixelwise.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pixelwise.data.Augmenter;
import org.pixelwise.data.BatchProducer;
import org.pixelwise.data.PatchSampler;
import org.pixelwise.data.TrainingImage;
import org.pixelwise.data.TrainingSet;
import org.pixelwise.data.FloatImage;
import org.pixelwise.device.Device;
import org.pixelwise.head.Head;
import org.pixelwise.head.Heads;
import org.pixelwise.head.PixelClassHead;
import org.pixelwise.model.ModelDescription;
import org.pixelwise.model.ModelFolder;
import org.pixelwise.net.UNetConfig;

/**
 * Training a U-Net to segment: annotated images split into training and validation, patches
 * with rare-class focus and augmentation, validation by Dice and IoU, and checkpoints that
 * describe the labels and normalisation, so that prediction needs no guesswork.
 */
public final class SegmentationTask implements TrainingTask {

	private final TrainingSet data;
	private final UNetConfig network;
	private final TrainingSettings settings;
	private final String name;
	private final Device device;
	private final Head head;
	private final SegmentationObjective objective;
	private final int patch;
	/** Planes per patch: 1 for images. */
	private final int patchDepth;
	private final TrainingSet.Split split;
	private final PatchSampler sampler;
	private final Validation validation;
	private WeightSource startFrom;
	/** The model fine-tuned from, for the record, or null. */
	private String startedFrom;
	/** The probability threshold of the latest validation, kept with the model. */
	private double threshold = 0.5;

	/** A task for the pixel-class head of the data's label mode. */
	public SegmentationTask(final TrainingSet data, final UNetConfig network,
		final TrainingSettings settings, final String name, final Device device)
	{
		this(data, network, Heads.forTraining(PixelClassHead.KEY, data.labels.mode, data
			.outputChannels(), settings.loss), settings, name, device);
	}

	public SegmentationTask(final TrainingSet data, final UNetConfig network, final Head head,
		final TrainingSettings settings, final String name, final Device device)
	{
		settings.check(); // before any sizes derived from the settings are allocated
		if (data.channels != network.inputChannels) throw new IllegalArgumentException("the images have " +
			data.channels + " channels but the network takes " + network.inputChannels +
			"; give images with " + network.inputChannels + " channels");
		if (data.dimensions == 2 && network.dimensions == 3) throw new IllegalArgumentException(
			"the training data are 2-D images but the network is 3-D; give z-stacks with label stacks " +
				"and dimensions=3 (a model to fine-tune keeps its dimensions)");
		if (data.dimensions == 3 && network.dimensions == 2) throw new IllegalArgumentException(
			"the training data are z-stacks (3-D) but the network is 2-D; train a new model with " +
				"dimensions=3, or train the 2-D model on the stacks' slices (dimensions=2)");
		if (network.dimensions == 3 && !(head instanceof PixelClassHead)) throw new IllegalArgumentException(
			"the " + head.key() + " head is 2-D only; train volumes with head=" + PixelClassHead.KEY);
		if (head.outputChannels() != network.outputChannels) throw new IllegalArgumentException(
			"the labels make " + head.outputChannels() + " outputs but the model has " +
				network.outputChannels + "; use the same label mode, classes and head as the saved model");
		this.head = head;
		this.data = data;
		this.network = network;
		this.settings = settings;
		this.name = name;
		this.device = device;
		objective = new SegmentationObjective(network, head);
		patch = patchSize(data.images, network, settings.patchSize);
		patchDepth = patchDepth(data.images, network, settings.patchDepth);
		split = data.split(settings.validationFraction, settings.seed, patch, network.sizeMultiple(),
			settings.validationBands);
		sampler = new PatchSampler(split.training, patch, patchDepth, data.classCount,
			settings.classFocus);
		validation = new Validation(split.validation, patchSize(split.validation, network, patch),
			patchDepth, settings.batchSize, settings.maxValidationPatches, head, 0.5);
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
		return BatchProducer.segmentation(sampler, new Augmenter(settings.augmentation), head,
			settings.batchSize, patch, patchDepth, data.channels, network.outputChannels, seed);
	}

	@Override
	public int automaticStepsPerEpoch() {
		long pixels = 0;
		for (final TrainingImage image : split.training)
			pixels += image.annotatedPixels();
		return (int) Math.max(10, Math.min(500, pixels / ((long) settings.batchSize * patch * patch *
			patchDepth) + 1));
	}

	@Override
	public Map<String, Object> validate(final TrainingGraph graph) {
		final Validation.Scores scores = validation.score(graph);
		final Map<String, Object> row = new LinkedHashMap<>();
		row.put("val_loss", Trainer.round(scores.loss));
		row.put("val_dice", Trainer.round(scores.dice));
		row.put("val_iou", Trainer.round(scores.iou));
		if (!Double.isNaN(scores.ap50)) {
			row.put("val_ap50", Trainer.round(scores.ap50));
			row.put("threshold", scores.threshold);
		}
		threshold = scores.threshold;
		return row;
	}

	@Override
	public String scoreName() {
		// Objects are what a star-convex head is for; its probability alone says little.
		return head instanceof org.pixelwise.head.StarConvexHead ? "val_ap50" : "val_dice";
	}

	@Override
	public Map<String, Object> facts() {
		final Map<String, Object> facts = new LinkedHashMap<>();
		facts.put("patch_size", patch);
		if (patchDepth > 1) facts.put("patch_depth", patchDepth);
		facts.put("head", head.key());
		if (startedFrom != null) facts.put("started_from", startedFrom);
		facts.put("augmentation", settings.augmentation.toString());
		facts.put("loss", settings.loss.toString());
		facts.put("validation_fraction", settings.validationFraction);
		facts.put("validation", settings.validationBands ? "bottom band of every image"
			: "held-out images");
		facts.put("training_images", names(split.training));
		facts.put("validation_images", names(split.validation));
		return facts;
	}

	@Override
	public void save(final Path folder, final TrainingGraph graph, final Map<String, Object> training,
		final List<Map<String, Object>> history, final org.pixelwise.files.AtomicFolder.Content state)
		throws IOException
	{
		final ModelDescription description = new ModelDescription(name, network, data.labels.mode,
			data.classCount, data.labels.ignoreValue, data.lowPercentile, data.highPercentile,
			data.normalisation, threshold, head.toMap(), training, new ArrayList<>(history))
				.withPerImageNormalisation(data.perImage);
		ModelFolder.write(folder, description.toMap(), objective, graph.inferenceWeights(), device,
			sample(), state != null ? state : tmp -> {});
	}

	/** A validation image (else a training image) in raw intensities, for the package's tests. */
	FloatImage sample() {
		final TrainingImage image = split.validation.isEmpty() ? split.training.get(0) : split
			.validation.get(0);
		final float[] raw = new float[image.pixels.length];
		final double low = data.normalisation.low;
		final double range = data.normalisation.high > low ? data.normalisation.high - low : 1;
		for (int i = 0; i < raw.length; i++)
			raw[i] = (float) (image.pixels[i] * range + low);
		final float max = (float) Math.max(1, data.normalisation.high);
		return image.depth > 1 ? FloatImage.volume(image.width, image.height, image.depth,
			image.channels, raw, max) : new FloatImage(image.width, image.height, image.channels, raw,
				max);
	}

	/** The patch size: the requested one, made a multiple of 2^depth and no larger than any image. */
	static int patchSize(final List<TrainingImage> images, final UNetConfig network,
		final int requested)
	{
		final int m = network.sizeMultiple();
		TrainingImage smallest = null;
		for (final TrainingImage image : images)
			if (smallest == null || Math.min(image.width, image.height) < Math.min(smallest.width,
				smallest.height)) smallest = image;
		final int side = Math.min(smallest.width, smallest.height);
		if (side < m) throw new IllegalArgumentException("image '" + smallest.name + "' is " +
			smallest.width + "x" + smallest.height + " pixels, smaller than the " + m + "x" + m +
			" this network needs (depth " + network.depth + "); give larger images or a shallower network");
		return Math.max(m, Math.min(requested, side) / m * m);
	}

	/**
	 * Planes per patch for volumes: the requested number, made a multiple of the network's z
	 * step and no more than any volume has; 1 for images.
	 */
	static int patchDepth(final List<TrainingImage> images, final UNetConfig network,
		final int requested)
	{
		if (network.dimensions == 2) return 1;
		final int m = network.zSizeMultiple();
		TrainingImage thinnest = images.get(0);
		for (final TrainingImage image : images)
			if (image.depth < thinnest.depth) thinnest = image;
		if (thinnest.depth < m) throw new IllegalArgumentException("z-stack '" + thinnest.name +
			"' has " + thinnest.depth + " planes, fewer than the " + m + " this network pools in z " +
			"(anisotropy " + network.anisotropy + ", depth " + network.depth + "); give thicker stacks, " +
			"a larger anisotropy or a shallower network");
		return Math.max(m, Math.min(requested, thinnest.depth) / m * m);
	}

	private static List<String> names(final List<TrainingImage> images) {
		final List<String> names = new ArrayList<>();
		for (final TrainingImage image : images)
			names.add(image.name);
		return names;
	}
}
