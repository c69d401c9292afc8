package org.pixelwise.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import net.imglib2.RandomAccessibleInterval;

/**
 * The user's annotated images, checked and converted into training arrays: labels become
 * targets in the chosen {@link LabelMode}, unannotated pixels are marked, weight maps are
 * computed, and all images are normalised with percentiles fitted on them (kept with the model
 * so prediction normalises the same way). Bad input fails here, before any training, with a
 * message that names the image and the fix.
 */
public final class TrainingSet {

	public final List<TrainingImage> images;
	public final PercentileNormalisation normalisation;
	public final LabelSettings labels;
	public final int channels;
	/** Number of target classes, which is the network's output channels except for binary (1). */
	public final int classCount;
	public final double lowPercentile, highPercentile;
	/**
	 * Whether each image was normalised by its own percentiles (so a model meets any camera's
	 * range the same way) rather than all by those of the whole set.
	 */
	public final boolean perImage;
	/** 2 for images, 3 for volumes (z-stacks); a set holds one kind. */
	public final int dimensions;

	private TrainingSet(final List<TrainingImage> images, final PercentileNormalisation normalisation,
		final LabelSettings labels, final int channels, final int classCount,
		final double lowPercentile, final double highPercentile, final boolean perImage,
		final boolean volume)
	{
		this.perImage = perImage;
		this.dimensions = images.get(0).depth > 1 || volume ? 3 : 2;
		this.lowPercentile = lowPercentile;
		this.highPercentile = highPercentile;
		this.images = Collections.unmodifiableList(images);
		this.normalisation = normalisation;
		this.labels = labels;
		this.channels = channels;
		this.classCount = classCount;
	}

	/** Network output channels for these targets. */
	public int outputChannels() {
		return labels.mode == LabelMode.BINARY ? 1 : classCount;
	}

	public static TrainingSet prepare(final List<AnnotatedImage> annotated, final LabelSettings labels,
		final double lowPercentile, final double highPercentile)
	{
		return prepare(annotated, labels, lowPercentile, highPercentile, false);
	}

	/** @param perImage normalise each image by its own percentiles, not by the whole set's */
	public static TrainingSet prepare(final List<AnnotatedImage> annotated, final LabelSettings labels,
		final double lowPercentile, final double highPercentile, final boolean perImage)
	{
		if (annotated.isEmpty()) throw new IllegalArgumentException(
			"no training images; give at least one image with its label image");
		final List<float[]> pixels = new ArrayList<>();
		final List<int[]> raw = new ArrayList<>();
		int channels = -1;
		int maxLabel = 0;
		final boolean volumes = annotated.get(0).volume;
		for (final AnnotatedImage a : annotated) {
			if (a.volume != volumes) throw new IllegalArgumentException("'" + a.name + "' is " + (a.volume
				? "a volume" : "an image") + " but '" + annotated.get(0).name + "' is not; train on " +
				"z-stacks (dimensions=3) or on images (dimensions=2), not both");
			final int c = a.volume ? checkVolumeShapes(a) : checkShapes(a);
			if (channels >= 0 && c != channels) throw new IllegalArgumentException("image '" + a.name +
				"' has " + c + " channels but '" + annotated.get(0).name + "' has " + channels +
				"; give all training images the same channels");
			channels = c;
			pixels.add(a.volume ? Planes.volumePixels(a.image, a.hasChannelAxis, "z-stack '" + a.name +
				"'") : Planes.pixels(a.image, a.hasChannelAxis, "image '" + a.name + "'"));
			final int[] values = Planes.labels(a.labels, "label image '" + a.name + "'");
			for (int i = 0; i < values.length; i++) {
				if (labels.hasIgnoreValue() && values[i] == labels.ignoreValue) values[i] = Patch.IGNORE;
				else if (values[i] < 0) throw new IllegalArgumentException("label image '" + a.name +
					"' has the negative label " + values[i] +
					"; use 0 for background and 1..K for classes, or set it as the ignore value");
				else maxLabel = Math.max(maxLabel, values[i]);
			}
			raw.add(values);
		}
		final int classCount = labels.mode == LabelMode.BINARY ? 2 : labels.mode == LabelMode.INSTANCES
			? BoundaryTarget.CLASS_COUNT : Math.max(2, maxLabel + 1);
		final PercentileNormalisation normalisation = PercentileNormalisation.fit(pixels,
			lowPercentile, highPercentile);
		final List<TrainingImage> images = new ArrayList<>();
		long foreground = 0;
		for (int i = 0; i < annotated.size(); i++) {
			final AnnotatedImage a = annotated.get(i);
			final Grid grid = new Grid((int) a.image.dimension(0), (int) a.image.dimension(1), a.volume
				? (int) a.image.dimension(2) : 1);
			(perImage ? PercentileNormalisation.fit(pixels.get(i), lowPercentile, highPercentile)
				: normalisation).normaliseInPlace(pixels.get(i));
			final TrainingImage image = target(a.name, grid, channels, pixels.get(i), raw.get(i), labels,
				classCount);
			if (image.annotatedPixels() == 0) throw new IllegalArgumentException("label image '" +
				a.name + "' has no annotated pixels (all are the ignore value " + labels.ignoreValue +
				"); annotate some pixels or leave the image out");
			for (int c = 1; c < classCount; c++)
				foreground += image.classPositions[c].length;
			images.add(image);
		}
		if (foreground == 0) throw new IllegalArgumentException(
			"the label images are empty: no pixel is foreground (every annotated pixel is 0); " +
				"mark objects with values above 0");
		return new TrainingSet(images, normalisation, labels, channels, classCount, lowPercentile,
			highPercentile, perImage, volumes);
	}

	private static int checkShapes(final AnnotatedImage a) {
		final RandomAccessibleInterval<?> image = a.image, labels = a.labels;
		final int expected = a.hasChannelAxis ? 3 : 2;
		if (image.numDimensions() != expected) throw new IllegalArgumentException("image '" + a.name +
			"' has " + image.numDimensions() + " dimensions; give a 2-D image (X, Y)" +
			" or X, Y and channels, and train on stacks one slice at a time");
		if (labels.numDimensions() != 2) throw new IllegalArgumentException("label image '" + a.name +
			"' has " + labels.numDimensions() + " dimensions; give a 2-D label image (X, Y)");
		if (image.dimension(0) != labels.dimension(0) || image.dimension(1) != labels.dimension(1))
			throw new IllegalArgumentException("label image " + labels.dimension(0) + "x" + labels
				.dimension(1) + " does not match image " + image.dimension(0) + "x" + image.dimension(1) +
				" ('" + a.name + "'); give labels the same size as their images");
		return a.hasChannelAxis ? (int) image.dimension(2) : 1;
	}

	private static int checkVolumeShapes(final AnnotatedImage a) {
		final RandomAccessibleInterval<?> image = a.image, labels = a.labels;
		final int expected = a.hasChannelAxis ? 4 : 3;
		if (image.numDimensions() != expected) throw new IllegalArgumentException("z-stack '" +
			a.name + "' has " + image.numDimensions() + " dimensions; give X, Y, Z" + (a.hasChannelAxis
				? " and channels" : "") + " (a 2-D image trains with dimensions=2)");
		if (labels.numDimensions() != 3) throw new IllegalArgumentException("label stack '" + a.name +
			"' has " + labels.numDimensions() + " dimensions; give one label plane per z plane (X, Y, Z)");
		for (int d = 0; d < 3; d++)
			if (image.dimension(d) != labels.dimension(d)) throw new IllegalArgumentException(
				"label stack " + labels.dimension(0) + "x" + labels.dimension(1) + "x" + labels.dimension(
					2) + " does not match z-stack " + image.dimension(0) + "x" + image.dimension(1) + "x" +
					image.dimension(2) + " ('" + a.name + "'); give labels the size of their stack");
		return a.hasChannelAxis ? (int) image.dimension(3) : 1;
	}

	private static TrainingImage target(final String name, final Grid grid, final int channels,
		final float[] pixels, final int[] raw, final LabelSettings settings, final int classCount)
	{
		final int width = grid.width, height = grid.height;
		final int n = raw.length;
		final int[] instances;
		final int[] classes;
		if (settings.mode == LabelMode.INSTANCES) {
			instances = raw;
			classes = BoundaryTarget.fromInstances(raw, grid, 1);
		}
		else {
			classes = new int[n];
			final boolean[] foreground = new boolean[n];
			for (int i = 0; i < n; i++) {
				classes[i] = raw[i] == Patch.IGNORE ? Patch.IGNORE : settings.mode == LabelMode.BINARY
					? (raw[i] != 0 ? 1 : 0) : raw[i];
				foreground[i] = raw[i] > 0;
			}
			instances = ConnectedComponents.label(foreground, grid);
			for (int i = 0; i < n; i++)
				if (raw[i] == Patch.IGNORE) instances[i] = Patch.IGNORE;
		}
		final float[] weights;
		if (settings.borderWeights) weights = planeByPlane(instances, grid, settings);
		else {
			weights = new float[n];
			java.util.Arrays.fill(weights, 1f);
		}
		return new TrainingImage(name, grid, channels, pixels, classes, weights, instances,
			classCount);
	}

	/**
	 * The U-Net border weights; in a volume plane by plane, which weighs the gaps between
	 * objects that touch in x and y (the common case in z-stacks with coarse z steps).
	 */
	private static float[] planeByPlane(final int[] instances, final Grid grid,
		final LabelSettings settings)
	{
		if (grid.depth == 1) return BorderWeightMap.compute(instances, grid.width, grid.height,
			settings.w0, settings.sigma);
		final int n = grid.width * grid.height;
		final float[] weights = new float[grid.size()];
		for (int z = 0; z < grid.depth; z++) {
			final float[] plane = BorderWeightMap.compute(java.util.Arrays.copyOfRange(instances, z * n,
				(z + 1) * n), grid.width, grid.height, settings.w0, settings.sigma);
			System.arraycopy(plane, 0, weights, z * n, n);
		}
		return weights;
	}

	/** Training and validation images, split by image, or by rows when there is one image. */
	public static final class Split {
		public final List<TrainingImage> training;
		public final List<TrainingImage> validation;

		Split(final List<TrainingImage> training, final List<TrainingImage> validation) {
			this.training = training;
			this.validation = validation;
		}
	}

	/**
	 * Holds out {@code fraction} of the images for validation, chosen with the seed. With
	 * {@code bands}, or when there is a single image, every image is cut instead into a top part
	 * for training and a bottom band for validation, so that all images are trained on and
	 * validation still sees pixels training never saw. Bands are a multiple of
	 * {@code bandMultiple} rows high; an image too small to cut is used for both, which is all
	 * one can do with it.
	 */
	public Split split(final double fraction, final long seed, final int minRows,
		final int bandMultiple, final boolean bands)
	{
		if (fraction <= 0 || fraction >= 1) throw new IllegalArgumentException("validation fraction " +
			fraction + " must be between 0 and 1 (e.g. 0.2)");
		if (images.size() >= 2 && !bands) {
			final List<TrainingImage> shuffled = new ArrayList<>(images);
			Collections.shuffle(shuffled, new Random(seed));
			final int validation = Math.max(1, Math.min(images.size() - 1, (int) Math.round(fraction *
				images.size())));
			return new Split(new ArrayList<>(shuffled.subList(validation, shuffled.size())),
				new ArrayList<>(shuffled.subList(0, validation)));
		}
		final List<TrainingImage> training = new ArrayList<>(), validation = new ArrayList<>();
		for (final TrainingImage image : images) {
			// A held-out band need only fit the network; training rows must fit a patch.
			final int band = Math.max(bandMultiple, (int) Math.ceil(fraction * image.height /
				bandMultiple) * bandMultiple);
			if (image.height - band < minRows) {
				training.add(image);
				validation.add(image);
				continue;
			}
			training.add(image.rows(0, image.height - band, " (top)", classCount));
			validation.add(image.rows(image.height - band, image.height, " (bottom)", classCount));
		}
		return new Split(training, validation);
	}
}
