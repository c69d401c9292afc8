package org.pixelwise.command;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.pixelwise.degrade.Crappifier;
import org.pixelwise.data.FloatImage;
import org.pixelwise.device.Device;
import org.pixelwise.imagej.ChannelMatch;
import org.pixelwise.imagej.FloatImages;
import org.pixelwise.imagej.ImageFiles;
import org.pixelwise.imagej.StylePicture;
import org.pixelwise.model.ModelFolder;
import org.pixelwise.net.RestorationConfig;
import org.pixelwise.train.FeatureLoss;
import org.pixelwise.train.FeatureNetwork;
import org.pixelwise.train.RestorationLoss;
import org.pixelwise.train.RestorationTask;
import org.pixelwise.train.StylePatches;
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
 * Trains a feed-forward network that renders images in the look of style images (Johnson et
 * al. 2016): the U-Net restorer at x1, learning a residual over its input, with the feature
 * loss of a frozen feature network comparing its output's features with the content image's
 * (content) and its Gram matrices with the style images' (style), plus total variation. The
 * result is a restoration model: Stylize Image and Stylize Folder apply it (and Restore Image,
 * Export Model... work on it as on any model). The best checkpoint is the one with the lowest
 * validation loss, since PSNR against the content would reward changing nothing.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Pixelwise>Pixelwise Train Style Transfer",
	label = "Pixelwise Train Style Transfer")
public class TrainStyleTransfer extends PixelwiseCommand {

	@Parameter(label = "Content images folder (the images to restyle)",
		style = FileWidget.DIRECTORY_STYLE)
	private File images;

	@Parameter(label = "Style images folder (one or more images in the wanted look)",
		style = FileWidget.DIRECTORY_STYLE)
	private File style;

	@Parameter(label = "Model folder (output)", style = FileWidget.DIRECTORY_STYLE)
	private File model;

	@Parameter(label = "Content weight (feature terms against the content image)", min = "0")
	private double content_weight = 1;

	@Parameter(label = "Style weight (squared Gram differences against the style images)",
		min = "0")
	private double style_weight = 1e4;

	@Parameter(label = "Total-variation weight (smoothness)", min = "0")
	private double tv_weight = 0.1;

	// Short on purpose: on nuclei, 300 steps gave the look; 800 saturated (see README).
	@Parameter(label = "Epochs", min = "1")
	private int epochs = 3;

	@Parameter(label = "Steps per epoch (0 = automatic)", min = "0")
	private int steps_per_epoch = 100;

	@Parameter(label = "Batch size", min = "1")
	private int batch_size = 4;

	@Parameter(label = "Patch size", min = "16")
	private int patch_size = 96;

	@Parameter(label = "Max learning rate", min = "0")
	private double learning_rate = 3e-4;

	@Parameter(label = "Feature network: steps to train it on the content and style images " +
		"(0 = random weights)", min = "0")
	private int feature_steps = 300;

	// The feature_* keys mean what they mean for Train Restoration's feature loss.
	@Parameter(label = "Feature network: yours (SavedModel folder or frozen .pb; empty = train " +
		"one)", required = false, persist = false)
	private File feature_network;

	@Parameter(label = "Feature network: input placeholder", required = false)
	private String feature_input = "input_1";

	@Parameter(label = "Feature network: layers to compare (comma-separated tensor names)",
		required = false)
	private String feature_layers = "block2_conv2/Relu,block3_conv3/Relu,block4_conv3/Relu";

	@Parameter(label = "Feature network: multiply [0,1] images by", required = false)
	private double feature_range = 255;

	@Parameter(label = "Feature network: per-channel mean to subtract (comma-separated; empty = " +
		"none)", required = false)
	private String feature_mean = "";

	@Parameter(label = "Seed")
	private long seed = 42;

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

	@Override
	public void run() {
		try {
			final List<FloatImage> content = new ArrayList<>();
			for (final File file : ImageFiles.list(images, "images"))
				content.addAll(FloatImages.slices(ImageFiles.open(file)));
			if (content.size() < 2) throw new IllegalArgumentException("the images folder '" + images +
				"' holds " + content.size() + " image(s); give at least 2 (one is kept for validation)");
			final int channels = content.get(0).channels;
			final List<FloatImage> styles = new ArrayList<>();
			for (final File file : ImageFiles.list(style, "style"))
				styles.addAll(FloatImages.slices(ChannelMatch.of(ImageFiles.open(file), channels).image));
			if (styles.isEmpty()) throw new IllegalArgumentException("the style folder '" + style +
				"' holds no images; give one or more images in the look you want");
			final FeatureLoss.Style look = StylePatches.of(styles, patch_size, content_weight,
				tv_weight, seed);
			final TrainingSettings settings = new TrainingSettings();
			settings.epochs = epochs;
			settings.stepsPerEpoch = steps_per_epoch;
			settings.batchSize = batch_size;
			settings.maxLearningRate = learning_rate;
			settings.seed = seed;
			final Path folder = model.toPath();
			final Device chosen = Device.parse(device);
			final RestorationConfig defaults = RestorationConfig.defaults(
				RestorationConfig.Architecture.UNET, 1, channels);
			final RestorationConfig network = new RestorationConfig(defaults.architecture, 1, channels,
				defaults.features, defaults.blocks, true);
			final RestorationTask task = new RestorationTask(content, network, Crappifier.parse("none"),
				RestorationLoss.parse("l1"), settings, patch_size, Float.NaN, folder.getFileName()
					.toString(), chosen);
			task.chooseBestByLoss();
			final ProgressReport progress = new ProgressReport(status, log, new CurveReport(folder, log,
				new ArrayList<>()));
			if (feature_network != null && !feature_network.getPath().isEmpty()) {
				final org.pixelwise.train.ImportedFeatures imported = TrainRestoration.importedFeatures(
					feature_network, feature_input, feature_layers, feature_range, feature_mean);
				task.useFeatureLoss(imported.loss(1).withStyle(look, style_weight, 0), imported.facts(),
					tmp -> {});
			}
			else {
				final FeatureNetwork features = featureNetwork(folder, content, styles, channels, chosen,
					progress);
				task.useFeatureLoss(features.loss(1).withStyle(look, style_weight, 0), features.facts,
					features::write);
			}
			final Trainer trainer = new Trainer(chosen, progress, this::stopRequested);
			final Trainer.Result result = resume ? trainer.resume(task, settings, folder) : trainer.train(
				task, settings, folder);
			final Path picture = folder.resolve("style-transfer.png");
			StylePicture.write(folder, content.get(0), styles.get(0), chosen, picture);
			summary = String.format(Locale.ROOT, "%s; best validation loss %.4f; model in %s; " +
				"content, style and result in %s", result.message, -result.bestScore, folder, picture);
			log.info("Pixelwise: " + summary);
			if (result.outcome == Trainer.Outcome.DIVERGED) cancel(result.message);
		}
		catch (final Exception e) {
			cancel(Failures.describe(e));
		}
	}

	/** Saved with the model when resuming; else trained on content and style images alike. */
	private FeatureNetwork featureNetwork(final Path folder, final List<FloatImage> content,
		final List<FloatImage> styles, final int channels, final Device chosen,
		final ProgressReport progress) throws java.io.IOException
	{
		if (resume) {
			final FeatureNetwork saved = FeatureNetwork.read(Trainer.latest(folder));
			if (saved != null) return saved;
		}
		log.info("Pixelwise: training the feature network (" + feature_steps + " steps)");
		final List<FloatImage> both = new ArrayList<>(content);
		both.addAll(styles);
		return FeatureNetwork.pretrain(both, channels, feature_steps, seed, chosen, progress,
			this::stopRequested, folder.resolve(org.pixelwise.train.RestorationTraining.PRETEXT), resume);
	}
}
