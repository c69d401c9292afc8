package org.pixelwise.command;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.WindowManager;
import ij.plugin.frame.RoiManager;

import org.pixelwise.data.AnnotatedImage;
import org.pixelwise.data.Augmentation;
import org.pixelwise.data.LabelMode;
import org.pixelwise.data.LabelSettings;
import org.pixelwise.data.PercentileNormalisation;
import org.pixelwise.data.TrainingSet;
import org.pixelwise.device.Device;
import org.pixelwise.imagej.Annotations;
import org.pixelwise.head.Head;
import org.pixelwise.head.Heads;
import org.pixelwise.head.PixelClassHead;
import org.pixelwise.head.StarConvexHead;
import org.pixelwise.model.ModelDescription;
import org.pixelwise.model.ModelFolder;
import org.pixelwise.model.SegmentationModel;
import org.pixelwise.train.SegmentationTask;
import org.pixelwise.net.UNetConfig;
import org.pixelwise.train.Loss;
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
 * Trains a U-Net segmentation model on the user's annotations: folders of images and label
 * images matched by name, the open image with a label image, or the open image with ROI
 * Manager scribbles. Writes the model folder (best/ and latest/) with the training curve.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Pixelwise>Pixelwise Train Segmentation",
	label = "Pixelwise Train Segmentation")
public class TrainSegmentation extends PixelwiseCommand {

	static final String DATASET = "dataset", PER_IMAGE = "per-image";
	static final String FOLDERS = "folders", LABEL_IMAGE = "open image + label image",
		ROIS = "open image + ROI Manager";

	@Parameter(label = "Annotations from", choices = { FOLDERS, LABEL_IMAGE, ROIS })
	private String training_data = FOLDERS;

	@Parameter(label = "Images folder", style = FileWidget.DIRECTORY_STYLE, required = false)
	private File images;

	@Parameter(label = "Labels folder (same file names)", style = FileWidget.DIRECTORY_STYLE,
		required = false)
	private File labels;

	@Parameter(label = "Label image title (for 'open image + label image')", required = false)
	private String label_title = "";

	@Parameter(label = "Model folder (output)", style = FileWidget.DIRECTORY_STYLE)
	private File model;

	@Parameter(label = "Labels are", choices = { "binary", "classes", "instances" })
	private String label_mode = "binary";

	@Parameter(label = "Network head", choices = { PixelClassHead.KEY, StarConvexHead.KEY },
		description = "pixel-classes: one class per pixel (instances via a boundary class); " +
			"star-convex: object probability and ray distances, for nuclei and other round objects")
	private String head = PixelClassHead.KEY;

	@Parameter(label = "Normalise intensities", choices = { DATASET, PER_IMAGE },
		description = "per-image: each image by its own 1st and 99.8th percentiles, so the model " +
			"copes with other cameras and exposures; dataset: all by the training set's")
	private String normalisation = DATASET;

	// Not remembered: a macro that leaves it out must train from scratch.
	@Parameter(label = "Start from model (fine-tune; optional)", required = false, persist = false,
		style = FileWidget.DIRECTORY_STYLE)
	private File start_from;

	@Parameter(label = "Ignore value (-1 = none)")
	private int ignore_value = -1;

	@Parameter(label = "Epochs", min = "1")
	private int epochs = 20;

	@Parameter(label = "Steps per epoch (0 = automatic)", min = "0")
	private int steps_per_epoch = 0;

	@Parameter(label = "Batch size", min = "1")
	private int batch_size = 4;

	@Parameter(label = "Patch size", min = "16")
	private int patch_size = 256;

	// Not remembered: a macro that leaves it out must get the default, not the last run's choice.
	@Parameter(label = "Dimensions (2 = images, 3 = z-stacks as volumes)", choices = { "2", "3" },
		description = "3 trains a 3-D U-Net on z-stacks with label stacks", persist = false)
	private String dimensions = "2";

	@Parameter(label = "Patch slices (z planes per patch, 3-D only)", min = "1")
	private int patch_slices = 16;

	@Parameter(label = "Anisotropy (z step / pixel size, 3-D only; 0 = from the calibration)",
		min = "0", max = "16")
	private double anisotropy = 0;

	@Parameter(label = "Validation fraction", min = "0.01", max = "0.9")
	private double validation_fraction = 0.2;

	@Parameter(label = "Seed")
	private long seed = 42;

	@Parameter(label = "Loss (ce, dice, ce+dice)")
	private String loss = "ce+dice";

	@Parameter(label = "Max learning rate (0 = find it)", min = "0")
	private double learning_rate = 1e-3;

	// 0 picks 4 for images and 3 for volumes: a 3-D net of depth 4 needs twice the context
	// (120 px and 62 planes at anisotropy 2), so its tiles need several times the memory.
	@Parameter(label = "U-Net depth (0 = 4 for images, 3 for z-stacks)", min = "0", max = "6")
	private int depth = 0;

	@Parameter(label = "Base filters", min = "1")
	private int base_filters = 16;

	@Parameter(label = "Augment (flips, turns, elastic, intensity)")
	private boolean augment = true;

	@Parameter(label = "Zoom augmentation (1 = off; 2 = from half to double size)", min = "1",
		max = "4")
	private double zoom_augmentation = 1;

	@Parameter(label = "Blur augmentation (largest sigma, pixels; 0 = off)", min = "0", max = "5")
	private double blur_augmentation = 0;

	@Parameter(label = "Early stopping patience (0 = off)", min = "0")
	private int early_stopping = 0;

	// Not remembered: a macro that leaves it out must start a new run, not resume an old one.
	@Parameter(label = "Resume from the model folder's latest checkpoint", persist = false)
	private boolean resume = false;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	private String device = "auto";

	@Parameter(required = false, label = "Image (for open-image sources)")
	private ImagePlus image;

	@Parameter(type = ItemIO.OUTPUT)
	private String summary;

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private StatusService status;

	@Override
	public void run() {
		try {
			final LabelMode mode = LabelMode.parse(label_mode);
			int ignore = ignore_value < 0 ? LabelSettings.NO_IGNORE : ignore_value;
			final List<AnnotatedImage> annotated;
			final boolean volumes = "3".equals(dimensions);
			if (training_data.equals(FOLDERS)) annotated = Annotations.fromFolders(images, labels,
				volumes);
			else if (training_data.equals(LABEL_IMAGE)) annotated = Annotations.fromImages(openImage(),
				labelImage(), volumes);
			else if (training_data.equals(ROIS) && volumes) throw new IllegalArgumentException(
				"ROI annotations are 2-D; train z-stacks (dimensions=3) from label stacks " +
					"(training_data=folders or 'open image + label image')");
			else if (training_data.equals(ROIS)) {
				final RoiManager manager = RoiManager.getInstance();
				annotated = Annotations.fromRois(openImage(), manager == null ? null : manager
					.getRoisAsArray(), mode == LabelMode.INSTANCES);
				ignore = Annotations.UNANNOTATED;
			}
			else throw new IllegalArgumentException("unknown training_data '" + training_data + "'; use " + FOLDERS +
				", " + LABEL_IMAGE + " or " + ROIS);
			final ModelDescription base = start_from == null ? null : ModelFolder.readDescription(
				ModelFolder.resolve(start_from.toPath()));
			final boolean perImage = base != null ? base.perImageNormalisation : PER_IMAGE.equals(
				normalisation);
			final TrainingSet data = TrainingSet.prepare(annotated, LabelSettings.of(mode)
				.withIgnoreValue(ignore), PercentileNormalisation.DEFAULT_LOW_PERCENTILE,
				PercentileNormalisation.DEFAULT_HIGH_PERCENTILE, perImage);
			final TrainingSettings settings = settings();
			final Path folder = model.toPath();
			final List<Map<String, Object>> earlier = resume ? ModelFolder.readDescription(
				Trainer.latest(folder)).history : new ArrayList<>();
			final CurveReport curve = new CurveReport(folder, log, earlier);
			final Trainer trainer = new Trainer(Device.parse(device), new ProgressReport(status, log,
				curve), this::stopRequested);
			final Trainer.Result result;
			if (resume) result = trainer.resume(data, settings, folder);
			else {
				final Head chosen = base != null ? base.head(settings.loss) : Heads.forTraining(head, mode,
					data.outputChannels(), settings.loss);
				final int levels = depth > 0 ? depth : volumes ? UNetConfig.VOLUME_DEPTH
					: UNetConfig.IMAGE_DEPTH;
				final UNetConfig network = base != null ? base.network : new UNetConfig(levels,
					base_filters, true, 0, UNetConfig.Upsampling.TRANSPOSED, data.channels, chosen
						.outputChannels(), volumes ? 3 : 2, volumes ? anisotropy() : 1);
				final SegmentationTask task = new SegmentationTask(data, network, chosen, settings, folder
					.getFileName().toString(), Device.parse(device));
				if (base != null) {
					log.info("Pixelwise: fine-tuning '" + base.name + "' (" + network + ", " + chosen.key() +
						" head); its network, head and normalisation replace those options");
					final Path from = start_from.toPath();
					task.startFrom(names -> SegmentationModel.weights(from, names, Device.parse(device)),
						base.name + " (" + from + ")");
				}
				result = trainer.train(task, settings, folder);
			}
			summary = String.format(java.util.Locale.ROOT, "%s; best validation %s %.4f; model in %s",
				result.message, result.scoreName.equals("val_ap50") ? "AP@0.5" : "Dice", result.bestScore,
				folder);
			log.info("Pixelwise: " + summary);
			if (result.outcome == Trainer.Outcome.DIVERGED) cancel(result.message);
		}
		catch (final Exception e) {
			cancel(Failures.describe(e));
		}
	}

	private TrainingSettings settings() {
		final TrainingSettings s = new TrainingSettings();
		s.epochs = epochs;
		s.stepsPerEpoch = steps_per_epoch;
		s.batchSize = batch_size;
		s.patchSize = patch_size;
		s.patchDepth = patch_slices;
		s.validationFraction = validation_fraction;
		s.seed = seed;
		s.loss = Loss.parse(loss);
		s.maxLearningRate = learning_rate;
		s.earlyStoppingPatience = early_stopping;
		s.augmentation = augment ? Augmentation.defaults().withZoom(1 / zoom_augmentation,
			zoom_augmentation).withBlurSigmaMax(blur_augmentation) : Augmentation.none();
		return s;
	}

	/** The anisotropy option, or when 0 the first stack's z step over its pixel width. */
	private double anisotropy() throws java.io.IOException {
		if (anisotropy > 0) return anisotropy;
		final double fromCalibration = calibrationAnisotropy();
		log.info(String.format(java.util.Locale.ROOT, "Pixelwise: anisotropy %.3g (z step / pixel " +
			"size) from the calibration; set anisotropy= to override", fromCalibration));
		return fromCalibration;
	}

	private double calibrationAnisotropy() throws java.io.IOException {
		final ImagePlus first;
		if (training_data.equals(FOLDERS)) first = org.pixelwise.imagej.ImageFiles.open(
			org.pixelwise.imagej.ImageFiles.list(images, "images").get(0));
		else first = openImage();
		final ij.measure.Calibration c = first.getCalibration();
		final double ratio = c.pixelWidth > 0 && c.pixelDepth > 0 ? c.pixelDepth / c.pixelWidth : 1;
		return Math.max(0.25, Math.min(16, ratio));
	}

	private ImagePlus openImage() {
		final ImagePlus open = image != null ? image : WindowManager.getCurrentImage();
		if (open == null) throw new IllegalArgumentException(
			"there is no open image; open the image to train on, or use training_data=folders");
		return open;
	}

	private ImagePlus labelImage() {
		final ImagePlus labelled = WindowManager.getImage(label_title);
		if (labelled == null) throw new IllegalArgumentException("there is no open image titled '" +
			label_title + "'; open the label image and give its title as label_title");
		return labelled;
	}
}
