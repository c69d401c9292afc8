package org.pixelwise.data;

/**
 * One training example for a segmentation network: an image or volume crop, the class of each of
 * its pixels and how much each pixel counts in the loss. Pixels are stored row by row with the
 * channels of a pixel side by side (height, width, channels; planes one after another in a
 * volume), the order TensorFlow expects, so a batch of patches can be copied into a tensor
 * without reordering.
 *
 * <p>The arrays are shared, not copied: code that changes a patch makes a new one instead of
 * writing into these arrays.
 */
public final class Patch {

	/** Label of a pixel nobody annotated; it takes no part in training. */
	public static final int IGNORE = -1;

	public final int width;
	public final int height;
	/** 1 for an image; the number of planes of a volume patch. */
	public final int depth;
	public final int channels;
	/** Intensities, length {@code width * height * channels}, index {@code (y * width + x) * channels + c}. */
	public final float[] pixels;
	/** Class index 0..K-1 of each pixel, or {@link #IGNORE}; length {@code width * height}. */
	public final int[] labels;
	/** Loss weight of each pixel; length {@code width * height}. */
	public final float[] weights;
	/**
	 * The object id of each pixel (0 background, {@link #IGNORE} unannotated), for heads that
	 * learn object shapes; null when the labels are not instances.
	 */
	public final int[] instances;

	public Patch(final int width, final int height, final int channels, final float[] pixels,
			final int[] labels, final float[] weights) {
		this(width, height, channels, pixels, labels, weights, null);
	}

	public Patch(final int width, final int height, final int channels, final float[] pixels,
			final int[] labels, final float[] weights, final int[] instances) {
		this(plane(width, height, channels), channels, pixels, labels, weights, instances);
	}

	private static Grid plane(final int width, final int height, final int channels) {
		if (width <= 0 || height <= 0 || channels <= 0) {
			throw new IllegalArgumentException("patch size " + width + "x" + height + " with "
					+ channels + " channel(s) is empty; give a positive width, height and channel count");
		}
		return Grid.plane(width, height);
	}

	/** A patch of an image or a volume. */
	public Patch(final Grid grid, final int channels, final float[] pixels, final int[] labels,
			final float[] weights, final int[] instances) {
		if (channels <= 0) {
			throw new IllegalArgumentException("patch size " + grid + " with "
					+ channels + " channel(s) is empty; give a positive width, height and channel count");
		}
		final long area = grid.size();
		requireLength("pixels", pixels == null ? -1 : pixels.length, area * channels, grid);
		requireLength("labels", labels == null ? -1 : labels.length, area, grid);
		requireLength("weights", weights == null ? -1 : weights.length, area, grid);
		if (instances != null) requireLength("instances", instances.length, area, grid);
		this.width = grid.width;
		this.height = grid.height;
		this.depth = grid.depth;
		this.channels = channels;
		this.pixels = pixels;
		this.labels = labels;
		this.weights = weights;
		this.instances = instances;
	}

	public Grid grid() {
		return new Grid(width, height, depth);
	}

	/** Plane {@code z} of a volume patch, as an image patch (copied). */
	public Patch plane(final int z) {
		final int n = width * height;
		return new Patch(width, height, channels, java.util.Arrays.copyOfRange(pixels, z * n *
			channels, (z + 1) * n * channels), java.util.Arrays.copyOfRange(labels, z * n, (z + 1) * n),
			java.util.Arrays.copyOfRange(weights, z * n, (z + 1) * n), instances == null ? null
				: java.util.Arrays.copyOfRange(instances, z * n, (z + 1) * n));
	}

	/** Image patches of one size stacked into a volume patch, first plane first. */
	public static Patch stack(final java.util.List<Patch> planes) {
		final Patch first = planes.get(0);
		final Grid grid = new Grid(first.width, first.height, planes.size());
		final int n = first.width * first.height, c = first.channels;
		final float[] p = new float[grid.size() * c];
		final int[] l = new int[grid.size()];
		final float[] w = new float[grid.size()];
		final int[] ids = first.instances == null ? null : new int[grid.size()];
		for (int z = 0; z < planes.size(); z++) {
			final Patch plane = planes.get(z);
			System.arraycopy(plane.pixels, 0, p, z * n * c, n * c);
			System.arraycopy(plane.labels, 0, l, z * n, n);
			System.arraycopy(plane.weights, 0, w, z * n, n);
			if (ids != null) System.arraycopy(plane.instances, 0, ids, z * n, n);
		}
		return new Patch(grid, c, p, l, w, ids);
	}

	/** Pixels (voxels) of the patch, channels not counted. */
	public int voxels() {
		return width * height * depth;
	}

	/** A patch in which every pixel has loss weight 1. */
	public Patch(final int width, final int height, final int channels, final float[] pixels,
			final int[] labels) {
		this(width, height, channels, pixels, labels, onesOrNull(labels, width, height));
	}

	private static float[] onesOrNull(final int[] labels, final int width, final int height) {
		if (labels == null || width <= 0 || height <= 0) {
			// Let the main constructor report what is wrong.
			return null;
		}
		final float[] ones = new float[labels.length];
		java.util.Arrays.fill(ones, 1f);
		return ones;
	}

	private static void requireLength(final String name, final int actual, final long expected,
			final Grid grid) {
		if (actual < 0) {
			throw new IllegalArgumentException("patch " + name + " are missing (null); give an array of "
					+ expected + " values");
		}
		if (actual != expected) {
			throw new IllegalArgumentException("patch " + name + " have " + actual + " values but a "
					+ grid + " patch needs " + expected + "; check the patch size and channel count");
		}
	}
}
