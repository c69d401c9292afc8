package org.pixelwise.command;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import ij.measure.ResultsTable;

import org.pixelwise.device.Device;
import org.pixelwise.imagej.SegmentationEvaluation;
import org.pixelwise.model.ModelCache;
import org.pixelwise.model.SegmentationModel;
import org.pixelwise.model.Segmenter;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Scores segmentations against true label images, per image and on average: label images
 * made by any tool (a predictions folder), or a Pixelwise model run on a folder of images.
 * The scores follow their published definitions (StarDist's AP, panoptic quality, the ISBI
 * 2012 V_rand and V_info after thinning); see {@code SegmentationScores}.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Pixelwise>Pixelwise Evaluate Segmentation",
	label = "Pixelwise Evaluate Segmentation")
public class EvaluateSegmentation extends PixelwiseCommand {

	// Absent from contexts made with only the services a caller names; models then load per use.
	@Parameter(required = false)
	private LoadedModels models;


	@Parameter(label = "True label images folder", style = FileWidget.DIRECTORY_STYLE)
	private File labels;

	@Parameter(label = "Labels are", choices = { "instances", "binary", "classes" })
	private String label_mode = "instances";

	// Not remembered: a macro that gives a model instead must not score yesterday's predictions.
	@Parameter(label = "Predictions folder (label images; or leave empty and give a model)",
		style = FileWidget.DIRECTORY_STYLE, required = false, persist = false)
	private File predictions;

	@Parameter(label = "Model folder (segments the images folder)",
		style = FileWidget.DIRECTORY_STYLE, required = false)
	private File model;

	@Parameter(label = "Images folder (with a model)", style = FileWidget.DIRECTORY_STYLE,
		required = false)
	private File images;

	@Parameter(label = "Probability threshold (binary and star-convex models; -1 = the model's own)", min = "-1", max = "1",
		stepSize = "0.05")
	private double threshold = -1;

	@Parameter(label = "Write the table as CSV to (optional)", style = FileWidget.SAVE_STYLE,
		required = false)
	private File table;

	@Parameter(label = "Test-time augmentation (average of 8 orientations; 8x the time)",
		required = false)
	private boolean test_time_augmentation = false;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	private String device = "auto";

	// As in Segment and Restore, but exact by default: published scores are float32 scores.
	@Parameter(label = "Precision (float32: exact; auto: bfloat16 where the CPU computes it natively)",
		choices = { "float32", "auto", "bfloat16" }, required = false)
	private String precision = "float32";

	@Parameter(type = ItemIO.OUTPUT)
	private String results;

	@Parameter(type = ItemIO.OUTPUT, label = "Mean AP@0.5")
	private double mean_ap;

	@Parameter(type = ItemIO.OUTPUT, label = "Mean foreground Dice (classes: mean Dice)")
	private double mean_dice;

	@Parameter(type = ItemIO.OUTPUT, label = "Mean V_rand (binary)")
	private double mean_vrand;

	@Parameter(type = ItemIO.OUTPUT, label = "Mean V_info (binary)")
	private double mean_vinfo;

	@Parameter
	private LogService log;

	@Override
	public void run() {
		try {
			final SegmentationEvaluation evaluation;
			if (predictions != null && !predictions.getPath().isEmpty()) evaluation =
				SegmentationEvaluation.ofFolder(predictions, labels, label_mode, this::stopRequested,
					line -> log.info("Pixelwise: " + line));
			else if (model != null && images != null && !model.getPath().isEmpty()) try (
				ModelCache.Lease<SegmentationModel> lease = LoadedModels.segmentation(models, model,
					Device.parse(device).withPrecision(precision),
					false))
			{
				final SegmentationModel loaded = lease.model();
				final Segmenter segmenter = new Segmenter(loaded, 1024, 1, threshold < 0 ? Double.NaN
					: threshold, line -> log.info("Pixelwise: " + line));
				segmenter.setTestTimeAugmentation(test_time_augmentation);
				evaluation = SegmentationEvaluation.ofModel(segmenter, images, labels, label_mode,
					this::stopRequested, line -> log.info("Pixelwise: " + line));
			}
			else throw new IllegalArgumentException(
				"give a predictions folder, or a model and an images folder, to compare with the labels");
			if (stopRequested()) return;
			results = evaluation.tabs();
			mean_ap = evaluation.mean("AP@0.5");
			mean_dice = label_mode.equals("classes") ? evaluation.mean("mean Dice") : evaluation.mean(
				"foreground Dice");
			mean_vrand = evaluation.mean("V_rand");
			mean_vinfo = evaluation.mean("V_info");
			if (table != null && !table.getPath().isEmpty()) writeAtomically(table.toPath(), evaluation
				.csv());
			if (!GraphicsEnvironment.isHeadless()) show(evaluation);
			log.info("Pixelwise: " + summary(evaluation.rows.get("mean")));
		}
		catch (final Exception e) {
			cancel(Failures.describe(e));
		}
	}

	/** An ImageJ results table, as Trainable Weka Segmentation shows its metrics. */
	private static void show(final SegmentationEvaluation evaluation) {
		final ResultsTable rt = new ResultsTable();
		final List<String> columns = evaluation.columns();
		for (final Map.Entry<String, Map<String, Double>> row : evaluation.rows.entrySet()) {
			rt.incrementCounter();
			rt.addLabel(row.getKey());
			for (final String c : columns) {
				final Double v = row.getValue().get(c);
				rt.addValue(c, v == null ? Double.NaN : v);
			}
		}
		rt.show("Pixelwise Segmentation Scores");
	}

	private static String summary(final Map<String, Double> mean) {
		final StringBuilder s = new StringBuilder("mean over images:");
		if (mean != null) for (final Map.Entry<String, Double> e : mean.entrySet())
			if (!e.getKey().startsWith("IoU ") && !e.getKey().startsWith("Dice ")) s.append(String
				.format(java.util.Locale.ROOT, " %s %.4f", e.getKey(), e.getValue()));
		return s.toString();
	}

	private static void writeAtomically(final Path target, final String text)
		throws java.io.IOException
	{
		final Path parent = target.toAbsolutePath().getParent();
		Files.createDirectories(parent);
		final Path temporary = Files.createTempFile(parent, "." + target.getFileName(), ".writing");
		try {
			Files.write(temporary, text.getBytes(StandardCharsets.UTF_8));
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}
}
