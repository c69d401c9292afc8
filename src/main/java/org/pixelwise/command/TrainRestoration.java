package org.pixelwise.command;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.pixelwise.degrade.Crappifier;
import org.pixelwise.data.FloatImage;
import org.pixelwise.device.Device;
import org.pixelwise.imagej.FloatImages;
import org.pixelwise.imagej.ImageFiles;
import org.pixelwise.net.RestorationConfig;
import org.pixelwise.train.RestorationTraining;
import org.pixelwise.train.Trainer;
import org.pixelwise.train.TrainingSettings;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Trains a restoration / super-resolution model from a folder of high-quality images alone:
 * the crappifier degrades them on the fly into training inputs, and the network learns to undo
 * it. Writes the model folder (best/ and latest/) and reports PSNR/SSIM against bicubic.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Pixelwise>Pixelwise Train Restoration",
	label = "Pixelwise Train Restoration")
public class TrainRestoration extends PixelwiseCommand {

	static final String CRAPPIFY = "crappify", PAIRS = "pairs", NOISE2VOID = "noise2void";
	/** Share of pixels masked per patch: N2V's 0.2% is slow on a CPU; 1.5% learns faster. */
	private static final double BLIND_SPOT_FRACTION = 0.015;


	// Not remembered: a macro that leaves it out must get the default, not the last run's choice.
	@Parameter(label = "Training from", choices = { CRAPPIFY, PAIRS, NOISE2VOID },
		persist = false,
		description = "crappify: clean images, degraded on the fly; pairs: the images with their " +
			"real low-quality partners (low_resolution); noise2void: noisy images alone")
	private String training_data = CRAPPIFY;

	@Parameter(label = "Images folder (clean; the noisy ones for noise2void)",
		style = FileWidget.DIRECTORY_STYLE)
	private File images;

	@Parameter(label = "Model folder (output)", style = FileWidget.DIRECTORY_STYLE)
	private File model;

	@Parameter(label = "Scale", choices = { "1", "2", "3", "4" })
	private String scale = "2";

	@Parameter(label = "Degradation (microscopy, photo, or e.g. downscale=area:2, poisson=50-500)")
	private String degradation = "microscopy";

	@Parameter(label = "Real low-resolution partners (optional folder, same file names)",
		style = FileWidget.DIRECTORY_STYLE, required = false)
	private File low_resolution;

	// Not remembered: a macro that leaves it out must train from scratch.
	@Parameter(label = "Start from model (fine-tune; optional)", required = false, persist = false,
		style = FileWidget.DIRECTORY_STYLE)
	private File start_from;

	@Parameter(label = "Architecture", choices = { "espcn", "edsr", "unet" })
	private String architecture = "edsr";

	@Parameter(label = "Learn the residual over bicubic")
	private boolean residual = true;

	// The same three keys, with the same meanings, as in Train Segmentation.
	// Not remembered: a macro that leaves it out must get the default, not the last run's choice.
	@Parameter(label = "Dimensions (2 = images, 3 = z-stacks as volumes)", choices = { "2", "3" },
		description = "3 trains a 3-D U-Net on z-stacks at scale 1 (denoising, deblurring)",
		required = false, persist = false)
	private String dimensions = "2";

	@Parameter(label = "Patch slices (z planes per patch, 3-D only)", min = "1", required = false)
	private int patch_slices = 16;

	@Parameter(label = "Anisotropy (z step / pixel size, 3-D only; 0 = from the calibration)",
		min = "0", max = "16", required = false)
	private double anisotropy = 0;

	@Parameter(label = "Epochs", min = "1")
	private int epochs = 10;

	@Parameter(label = "Steps per epoch (0 = automatic)", min = "0")
	private int steps_per_epoch = 0;

	@Parameter(label = "Batch size", min = "1")
	private int batch_size = 16;

	@Parameter(label = "Input patch size", min = "8")
	private int patch_size = 48;

	@Parameter(label = "Loss (pixel = l1; mse, ssim, msssim, sums like 0.84*ssim+0.16*l1; " +
		"feature: perceptual + Gram)")
	private String loss = "l1";

	@Parameter(label = "Feature loss: steps to train the feature network on the images (0 = " +
		"random weights)", min = "0", required = false)
	private int feature_steps = 1000;

	@Parameter(label = "Feature loss: Gram factor (-1 = 5000 for an imported network as fast.ai, " +
		"1 for Pixelwise's own)", min = "-1", required = false)
	private double gram_factor = -1;

	// Not remembered: a stale network from an earlier run must never slip into a macro's run.
	@Parameter(label = "Feature loss: your feature network (SavedModel folder or frozen .pb; " +
		"empty = train one)", required = false, persist = false)
	private File feature_network;

	@Parameter(label = "Feature network: input placeholder", required = false)
	private String feature_input = "input_1";

	@Parameter(label = "Feature network: layers to compare (comma-separated tensor names)",
		required = false)
	private String feature_layers = "block2_conv2/Relu,block3_conv3/Relu,block4_conv3/Relu";

	@Parameter(label = "Feature network: multiply [0,1] images by", required = false)
	private double feature_range = 255;

	@Parameter(label = "Feature network: per-channel mean to subtract (comma-separated; empty = none)",
		required = false)
	private String feature_mean = "";

	@Parameter(label = "GAN: critic pretraining steps", min = "0", required = false)
	private int critic_steps = 200;

	@Parameter(label = "GAN: adversarial steps (critic and generator turns)", min = "1",
		required = false)
	private int gan_steps = 400;

	@Parameter(label = "GAN: adversarial loss weight (content loss = 1)", min = "0", required = false)
	private double adversarial_weight = 0.5;

	@Parameter(label = "Max learning rate (0 = find it)", min = "0")
	private double learning_rate = 1e-4;

	@Parameter(label = "Gradient clipping (global norm; 0 = off)", min = "0")
	private double gradient_clip = 1;

	@Parameter(label = "Validation fraction", min = "0.01", max = "0.9")
	private double validation_fraction = 0.1;

	@Parameter(label = "Seed")
	private long seed = 42;

	// Not remembered: a macro that leaves it out must start a new run, not resume an old one.
	@Parameter(label = "Resume from the model folder's latest checkpoint", persist = false)
	private boolean resume = false;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	private String device = "auto";

	@Parameter(type = ItemIO.OUTPUT)
	private String summary;

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private StatusService status;

	/** The low-resolution partners once read; see {@link #partners()}. */
	private List<FloatImage> lowResolutionImages;

	@Override
	public void run() {
		try {
			final int s = Integer.parseInt(scale);
			if (volumes() && s != 1) throw new IllegalArgumentException("z-stacks are restored at " +
				"their own size; use scale=1 with dimensions=3");
			final List<FloatImage> clean = read(ImageFiles.list(images, "images"));
			if (pairs() && clean.size() != partners().size()) throw new IllegalArgumentException(
				"the images folder has " + clean.size() + " image slices but the low_resolution folder " +
					partners().size() + "; give one low-resolution image per high-resolution one");
			if (clean.size() < 2) throw new IllegalArgumentException("the images folder '" + images +
				"' holds " + clean.size() + " image(s); give at least 2 (one is kept for validation)");
			// Images smaller than a training patch cannot be sampled; skip them and say so.
			final int side = patch_size * s;
			final List<FloatImage> usable = new ArrayList<>();
			for (final FloatImage image : clean)
				if (image.width >= side && image.height >= side) usable.add(image);
			if (usable.size() < clean.size()) log.warn("Pixelwise: skipping " + (clean.size() - usable
				.size()) + " image(s) smaller than a " + side + "x" + side + " training patch");
			if (usable.size() >= 2 && !pairs()) clean.retainAll(usable);
			final TrainingSettings settings = new TrainingSettings();
			settings.epochs = epochs;
			settings.stepsPerEpoch = steps_per_epoch;
			settings.batchSize = batch_size;
			settings.maxLearningRate = learning_rate;
			settings.gradientClipNorm = gradient_clip;
			settings.validationFraction = validation_fraction;
			settings.seed = seed;
			settings.patchDepth = patch_slices;
			final Path folder = model.toPath();
			final Device chosenDevice = Device.parse(device);
			RestorationConfig network = RestorationConfig.defaults(RestorationConfig.Architecture.valueOf(
				architecture.toUpperCase(Locale.ROOT)), s, clean.get(0).channels);
			network = new RestorationConfig(network.architecture, s, network.channels, network.features,
				network.blocks, residual);
			if (volumes()) {
				if (architecture.equals("espcn")) throw new IllegalArgumentException("ESPCN only " +
					"upscales; z-stacks are restored by a 3-D U-Net (architecture=unet)");
				network = RestorationConfig.volume(clean.get(0).channels, residual, anisotropy());
				log.info("Pixelwise: z-stacks are restored by " + network);
			}
			final RestorationTraining.Plan plan = new RestorationTraining.Plan();
			plan.route = noise2void() ? RestorationTraining.Route.NOISE2VOID : pairs()
				? RestorationTraining.Route.PAIRS : RestorationTraining.Route.CRAPPIFY;
			plan.images = clean;
			plan.partners = pairs() ? partners() : null;
			plan.network = network;
			plan.crappifier = Crappifier.named(degradation, s);
			plan.loss = loss;
			plan.settings = settings;
			plan.patch = patch_size;
			plan.resume = resume;
			plan.startFrom = start_from == null ? null : start_from.toPath();
			plan.blindSpotFraction = BLIND_SPOT_FRACTION;
			plan.featureSteps = feature_steps;
			plan.gramFactor = gram_factor;
			if (imported()) {
				plan.importedFeatures = importedFeatures(feature_network, feature_input, feature_layers,
					feature_range, feature_mean);
			}
			plan.criticSteps = critic_steps;
			plan.ganSteps = gan_steps;
			plan.adversarialWeight = adversarial_weight;
			final ProgressReport progress = new ProgressReport(status, log, new CurveReport(folder, log,
				resume ? RestorationTraining.savedHistory(folder) : new ArrayList<>()));
			final RestorationTraining.Outcome outcome = new RestorationTraining(chosenDevice, progress,
				this::stopRequested).run(plan, folder);
			summary = outcome.summary;
			log.info("Pixelwise: " + summary);
			if (outcome.result.outcome == Trainer.Outcome.DIVERGED) cancel(outcome.result.message);
		}
		catch (final Exception e) {
			cancel(Failures.describe(e));
		}
	}

	private boolean imported() {
		return feature_network != null && !feature_network.getPath().isEmpty();
	}

	/**
	 * The feature network a user names with the feature_* keys (shared by Train Restoration and
	 * Train Style Transfer, where they mean the same).
	 */
	static org.pixelwise.train.ImportedFeatures importedFeatures(final File network,
		final String input, final String layerList, final double range, final String meanList)
		throws java.io.IOException
	{
		final List<String> layers = new ArrayList<>();
		for (final String layer : layerList.split(","))
			if (!layer.trim().isEmpty()) layers.add(layer.trim());
		float[] mean = null;
		if (meanList != null && !meanList.trim().isEmpty()) {
			final String[] parts = meanList.split(",");
			mean = new float[parts.length];
			for (int i = 0; i < parts.length; i++)
				mean[i] = Float.parseFloat(parts[i].trim());
		}
		return org.pixelwise.train.ImportedFeatures.load(network.toPath(), input, layers, 3,
			(float) range, mean, false);
	}

	/** Real pairs: asked for, or implied by a low_resolution folder (as before the choice existed). */
	private boolean pairs() {
		final boolean partners = low_resolution != null && !low_resolution.getPath().isEmpty();
		if (training_data.equals(PAIRS) && !partners) throw new IllegalArgumentException(
			"training_data=pairs needs the low_resolution folder of the images' real partners");
		return !noise2void() && partners;
	}

	private boolean noise2void() {
		if (training_data.equals(NOISE2VOID) && !scale.equals("1")) throw new IllegalArgumentException(
			"Noise2Void denoises at the image's own size; use scale=1");
		return training_data.equals(NOISE2VOID);
	}

	private boolean volumes() {
		return "3".equals(dimensions);
	}

	/**
	 * The images of some files: 2-D slices, or with dimensions=3 z-stacks. A single z-stack is
	 * cut along z into slabs, so that one of them can be held out for validation.
	 */
	private List<FloatImage> read(final List<File> files) throws java.io.IOException {
		final List<FloatImage> all = new ArrayList<>();
		for (final File file : files) {
			final ij.ImagePlus image = ImageFiles.open(file);
			if (volumes() && image.getNSlices() < 2) throw new IllegalArgumentException("'" + file
				.getName() + "' has one slice; dimensions=3 trains on z-stacks (give stacks with " +
				"several slices, or use dimensions=2)");
			all.addAll(volumes() ? FloatImages.volumes(image) : FloatImages.slices(image));
		}
		if (!volumes() || all.size() != 1) return all;
		final FloatImage stack = all.get(0);
		final int slabs = Math.max(2, Math.min(5, stack.depth / Math.max(1, patch_slices)));
		final List<FloatImage> cut = new ArrayList<>();
		for (int k = 0; k < slabs; k++) {
			final int from = k * stack.depth / slabs, to = (k + 1) * stack.depth / slabs;
			cut.add(stack.cropVolume(0, 0, from, stack.width, stack.height, to - from));
		}
		log.info("Pixelwise: one z-stack of " + stack.depth + " slices, cut along z into " + slabs +
			" slabs; one is kept for validation");
		return cut;
	}

	/** The anisotropy option, or when 0 the first stack's z step over its pixel width. */
	private double anisotropy() throws java.io.IOException {
		if (anisotropy > 0) return anisotropy;
		final ij.measure.Calibration c = ImageFiles.open(ImageFiles.list(images, "images").get(0))
			.getCalibration();
		final double ratio = c.pixelWidth > 0 && c.pixelDepth > 0 ? c.pixelDepth / c.pixelWidth : 1;
		final double fromCalibration = Math.max(0.25, Math.min(16, ratio));
		log.info(String.format(Locale.ROOT, "Pixelwise: anisotropy %.3g (z step / pixel size) from " +
			"the calibration; set anisotropy= to override", fromCalibration));
		return fromCalibration;
	}

	/** The low-resolution partners, matched to the images by file name, slice by slice. */
	private List<FloatImage> partners() throws java.io.IOException {
		if (lowResolutionImages != null) return lowResolutionImages;
		final java.util.Map<String, File> byName = new java.util.HashMap<>();
		for (final File f : ImageFiles.list(low_resolution, "low_resolution"))
			byName.put(ImageFiles.baseName(f), f);
		final List<File> partnerFiles = new ArrayList<>();
		final List<String> missing = new ArrayList<>();
		for (final File f : ImageFiles.list(images, "images")) {
			final File partner = byName.get(ImageFiles.baseName(f));
			if (partner == null) missing.add(f.getName());
			else partnerFiles.add(partner);
		}
		if (!missing.isEmpty()) throw new IllegalArgumentException("the low_resolution folder '" +
			low_resolution + "' has no partner for " + missing + "; give each image a low-resolution " +
			"version with the same name");
		lowResolutionImages = read(partnerFiles);
		return lowResolutionImages;
	}
}
