package org.pixelwise.imagej;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import ij.ImagePlus;

import org.pixelwise.data.Planes;
import org.pixelwise.metrics.SegmentationScores;
import org.pixelwise.head.Segmentation;
import org.pixelwise.model.Segmenter;

/**
 * Scores label images against true label images of the same names, image by image, with
 * {@link SegmentationScores}: predictions read from a folder (Segment Folder's
 * {@code NAME_instances.tif} / {@code NAME_labels.tif}, or any tool's {@code NAME.*}), or made
 * by a model from a folder of images.
 */
public final class SegmentationEvaluation {

	/** Per image, its scores by name; the last row, "mean", averages each score over images. */
	public final Map<String, Map<String, Double>> rows = new LinkedHashMap<>();

	private SegmentationEvaluation() {}

	public static SegmentationEvaluation ofFolder(final File predictions, final File labels,
		final String mode, final BooleanSupplier stop, final Consumer<String> progress)
		throws IOException
	{
		final Map<String, File> predicted = byName(predictions, "predictions");
		final SegmentationEvaluation e = new SegmentationEvaluation();
		for (final File truth : truthFiles(labels)) {
			if (stop.getAsBoolean()) break;
			final String name = ImageFiles.baseName(truth);
			final File p = match(predicted, name, mode);
			if (p == null) throw new IOException("the predictions folder '" + predictions +
				"' has no label image for '" + truth.getName() + "' (looked for " + name + ", " + name +
				"_instances and " + name + "_labels, any image extension)");
			e.score(truth.getName(), labelsOf(ImageFiles.open(p)), ImageFiles.open(truth), mode);
			progress.accept("scored " + truth.getName());
		}
		return e.withMean();
	}

	public static SegmentationEvaluation ofModel(final Segmenter segmenter, final File images,
		final File labels, final String mode, final BooleanSupplier stop,
		final Consumer<String> progress) throws IOException
	{
		final Map<String, File> inputs = byName(images, "images");
		final SegmentationEvaluation e = new SegmentationEvaluation();
		for (final File truth : truthFiles(labels)) {
			if (stop.getAsBoolean()) break;
			final File image = inputs.get(ImageFiles.baseName(truth));
			if (image == null) throw new IOException("the images folder '" + images +
				"' has no image named like '" + truth.getName() + "'");
			final ImagePlus opened = ImageFiles.open(image);
			final Segmentation s = segmenter.segment(ImagePlusImages.wrap(opened), HyperstackAxes.of(
				opened).hasChannelAxis);
			final int[] predicted = mode.equals("instances") ? ints(s.instances != null ? s.instances
				: s.labels) : ints(s.labels);
			e.score(truth.getName(), predicted, ImageFiles.open(truth), mode);
			progress.accept("segmented and scored " + truth.getName());
		}
		return e.withMean();
	}

	private void score(final String name, final int[] predicted, final ImagePlus truth,
		final String mode)
	{
		final int[] t = labelsOf(truth);
		if (t.length != predicted.length) throw new IllegalArgumentException("'" + name +
			"': the prediction has " + predicted.length + " pixels but the label image " + truth
				.getWidth() + "x" + truth.getHeight() + "; give 2-D label images of the images' size");
		rows.put(name, SegmentationScores.of(mode, predicted, t, truth.getWidth(), truth.getHeight(),
			Skeletons.of(truth.getWidth(), truth.getHeight())));
	}

	private SegmentationEvaluation withMean() {
		if (rows.isEmpty()) return this;
		final Map<String, Double> sums = new LinkedHashMap<>();
		final Map<String, Integer> counts = new HashMap<>();
		for (final Map<String, Double> row : rows.values())
			for (final Map.Entry<String, Double> e : row.entrySet())
				if (!Double.isNaN(e.getValue())) {
					sums.merge(e.getKey(), e.getValue(), Double::sum);
					counts.merge(e.getKey(), 1, Integer::sum);
				}
		final Map<String, Double> mean = new LinkedHashMap<>();
		for (final Map.Entry<String, Double> e : sums.entrySet())
			mean.put(e.getKey(), e.getValue() / counts.get(e.getKey()));
		rows.put("mean", mean);
		return this;
	}

	/** The mean of one score over the images, NaN when no image has it. */
	public double mean(final String score) {
		final Map<String, Double> mean = rows.get("mean");
		final Double v = mean == null ? null : mean.get(score);
		return v == null ? Double.NaN : v;
	}

	/** All columns that any row has, in first-seen order. */
	public List<String> columns() {
		final List<String> columns = new ArrayList<>();
		for (final Map<String, Double> row : rows.values())
			for (final String c : row.keySet())
				if (!columns.contains(c)) columns.add(c);
		return columns;
	}

	/** The table as CSV (comma separated, one row per image, then the mean). */
	public String csv() {
		return table(",");
	}

	public String tabs() {
		return table("\t");
	}

	private String table(final String separator) {
		final List<String> columns = columns();
		final StringBuilder text = new StringBuilder("image");
		for (final String c : columns)
			text.append(separator).append(c);
		text.append('\n');
		for (final Map.Entry<String, Map<String, Double>> row : rows.entrySet()) {
			text.append(row.getKey().contains(separator) ? "\"" + row.getKey() + "\"" : row.getKey());
			for (final String c : columns) {
				final Double v = row.getValue().get(c);
				text.append(separator).append(v == null || v.isNaN() ? "" : String.format(Locale.ROOT,
					"%.4f", v));
			}
			text.append('\n');
		}
		return text.toString();
	}

	private static List<File> truthFiles(final File labels) throws IOException {
		final List<File> files = ImageFiles.list(labels, "labels");
		if (files.isEmpty()) throw new IOException("the labels folder '" + labels +
			"' holds no label images");
		return files;
	}

	private static Map<String, File> byName(final File folder, final String what)
		throws IOException
	{
		final Map<String, File> byName = new HashMap<>();
		for (final File f : ImageFiles.list(folder, what))
			byName.put(ImageFiles.baseName(f), f);
		return byName;
	}

	/** Instance scores prefer the instance image; the others the label image. */
	private static File match(final Map<String, File> predicted, final String name,
		final String mode)
	{
		final String[] order = mode.equals("instances") ? new String[] { name + "_instances", name,
			name + "_labels" } : new String[] { name + "_labels", name, name + "_instances" };
		for (final String candidate : order)
			if (predicted.containsKey(candidate)) return predicted.get(candidate);
		return null;
	}

	private static int[] labelsOf(final ImagePlus image) {
		if (image.getStackSize() > 1) throw new IllegalArgumentException("'" + image.getTitle() +
			"' is a stack; Evaluate Segmentation scores 2-D label images");
		return Planes.labels(ImagePlusImages.wrap(image), "label image '" + image.getTitle() + "'");
	}

	private static int[] ints(final net.imglib2.img.Img<? extends net.imglib2.type.numeric.IntegerType<?>> image) {
		final int[] values = new int[(int) image.size()];
		int i = 0;
		for (final net.imglib2.type.numeric.IntegerType<?> t : net.imglib2.view.Views.flatIterable(
			image))
			values[i++] = t.getInteger();
		return values;
	}
}
