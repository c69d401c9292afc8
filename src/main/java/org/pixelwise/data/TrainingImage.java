package org.pixelwise.data;

import java.util.Random;

/**
 * One annotated image or volume made ready for training: normalised pixels, class targets (with
 * {@link Patch#IGNORE} for unannotated pixels) and loss weights, as flat arrays, plus a sample
 * of pixel positions per class so that rare classes can be drawn on purpose.
 */
public final class TrainingImage {
	private static final int POSITIONS_PER_CLASS = 20_000;

	public final String name;
	public final int width, height, channels;
	/** 1 for an image, the number of planes of a volume (arrays hold plane after plane). */
	public final int depth;
	public final float[] pixels;
	public final int[] classes;
	public final float[] weights;
	/** Object ids (0 background, {@link Patch#IGNORE} unannotated), or null. */
	public final int[] instances;
	/** For each class, up to 20 000 pixel indices where it occurs. */
	final int[][] classPositions;
	final long annotatedPixels;

	public TrainingImage(final String name, final int width, final int height, final int channels,
		final float[] pixels, final int[] classes, final float[] weights, final int classCount)
	{
		this(name, width, height, channels, pixels, classes, weights, null, classCount);
	}

	public TrainingImage(final String name, final int width, final int height, final int channels,
		final float[] pixels, final int[] classes, final float[] weights, final int[] instances,
		final int classCount)
	{
		this(name, Grid.plane(width, height), channels, pixels, classes, weights, instances,
			classCount);
	}

	/** An annotated image or volume. */
	public TrainingImage(final String name, final Grid grid, final int channels,
		final float[] pixels, final int[] classes, final float[] weights, final int[] instances,
		final int classCount)
	{
		this.instances = instances;
		this.name = name;
		this.width = grid.width;
		this.height = grid.height;
		this.depth = grid.depth;
		this.channels = channels;
		this.pixels = pixels;
		this.classes = classes;
		this.weights = weights;
		classPositions = samplePositions(classes, classCount);
		long annotated = 0;
		for (final int c : classes)
			if (c != Patch.IGNORE) annotated++;
		annotatedPixels = annotated;
	}

	public Grid grid() {
		return new Grid(width, height, depth);
	}

	/** Copies a volume patch size x size x {@code planes} with its first corner at (x0, y0, z0). */
	public Patch crop(final int x0, final int y0, final int z0, final int size, final int planes) {
		if (planes == 1 && depth == 1) return crop(x0, y0, size);
		final Grid patch = new Grid(size, size, planes);
		final float[] p = new float[patch.size() * channels];
		final int[] l = new int[patch.size()];
		final float[] w = new float[patch.size()];
		final int[] ids = instances == null ? null : new int[patch.size()];
		for (int z = 0; z < planes; z++)
			for (int y = 0; y < size; y++) {
				final int row = ((z0 + z) * height + y0 + y) * width + x0;
				final int to = (z * size + y) * size;
				System.arraycopy(pixels, row * channels, p, to * channels, size * channels);
				System.arraycopy(classes, row, l, to, size);
				System.arraycopy(weights, row, w, to, size);
				if (ids != null) System.arraycopy(instances, row, ids, to, size);
			}
		return new Patch(patch, channels, p, l, w, ids);
	}

	/** Copies a patch with its top-left corner at (x0, y0). */
	public Patch crop(final int x0, final int y0, final int size) {
		final float[] p = new float[size * size * channels];
		final int[] l = new int[size * size];
		final float[] w = new float[size * size];
		final int[] ids = instances == null ? null : new int[size * size];
		for (int y = 0; y < size; y++) {
			final int row = (y0 + y) * width + x0;
			System.arraycopy(pixels, row * channels, p, y * size * channels, size * channels);
			System.arraycopy(classes, row, l, y * size, size);
			System.arraycopy(weights, row, w, y * size, size);
			if (ids != null) System.arraycopy(instances, row, ids, y * size, size);
		}
		return new Patch(size, size, channels, p, l, w, ids);
	}

	/** The rows [y0, y1) as an image of their own, for splitting one image into train and validation. */
	public TrainingImage rows(final int y0, final int y1, final String suffix, final int classCount) {
		if (depth > 1) return volumeRows(y0, y1, suffix, classCount);
		final int n = (y1 - y0) * width;
		final float[] p = new float[n * channels];
		final int[] c = new int[n];
		final float[] w = new float[n];
		System.arraycopy(pixels, y0 * width * channels, p, 0, n * channels);
		System.arraycopy(classes, y0 * width, c, 0, n);
		System.arraycopy(weights, y0 * width, w, 0, n);
		final int[] ids = instances == null ? null : java.util.Arrays.copyOfRange(instances, y0 *
			width, y1 * width);
		return new TrainingImage(name + suffix, width, y1 - y0, channels, p, c, w, ids, classCount);
	}

	/** The rows [y0, y1) of every plane of a volume. */
	private TrainingImage volumeRows(final int y0, final int y1, final String suffix,
		final int classCount)
	{
		final Grid band = new Grid(width, y1 - y0, depth);
		final float[] p = new float[band.size() * channels];
		final int[] c = new int[band.size()];
		final float[] w = new float[band.size()];
		final int[] ids = instances == null ? null : new int[band.size()];
		final int n = (y1 - y0) * width;
		for (int z = 0; z < depth; z++) {
			final int from = (z * height + y0) * width;
			System.arraycopy(pixels, from * channels, p, z * n * channels, n * channels);
			System.arraycopy(classes, from, c, z * n, n);
			System.arraycopy(weights, from, w, z * n, n);
			if (ids != null) System.arraycopy(instances, from, ids, z * n, n);
		}
		return new TrainingImage(name + suffix, band, channels, p, c, w, ids, classCount);
	}

	public boolean hasClass(final int c) {
		return c < classPositions.length && classPositions[c].length > 0;
	}

	public long annotatedPixels() {
		return annotatedPixels;
	}

	private static int[][] samplePositions(final int[] classes, final int classCount) {
		final int[] seen = new int[classCount];
		final int[][] reservoir = new int[classCount][POSITIONS_PER_CLASS];
		// A fixed seed keeps sampling reproducible; reservoir sampling keeps memory bounded.
		final Random random = new Random(classes.length);
		for (int i = 0; i < classes.length; i++) {
			final int c = classes[i];
			if (c == Patch.IGNORE || c >= classCount) continue;
			final int k = seen[c]++;
			if (k < POSITIONS_PER_CLASS) reservoir[c][k] = i;
			else {
				final int j = random.nextInt(k + 1);
				if (j < POSITIONS_PER_CLASS) reservoir[c][j] = i;
			}
		}
		final int[][] positions = new int[classCount][];
		for (int c = 0; c < classCount; c++)
			positions[c] = java.util.Arrays.copyOf(reservoir[c], Math.min(seen[c], POSITIONS_PER_CLASS));
		return positions;
	}
}
