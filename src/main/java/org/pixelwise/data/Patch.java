package org.pixelwise.data;

/**
 * One training example for a segmentation network: an image crop, the class of each of its
 * pixels and how much each pixel counts in the loss. Pixels are stored row by row with the
 * channels of a pixel side by side (height, width, channels), the order TensorFlow expects, so a
 * batch of patches can be copied into a tensor without reordering.
 *
 * <p>The arrays are shared, not copied: code that changes a patch makes a new one instead of
 * writing into these arrays.
 */
public final class Patch {

	/** Label of a pixel nobody annotated; it takes no part in training. */
	public static final int IGNORE = -1;

	public final int width;
	public final int height;
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
		if (width <= 0 || height <= 0 || channels <= 0) {
			throw new IllegalArgumentException("patch size " + width + "x" + height + " with "
					+ channels + " channel(s) is empty; give a positive width, height and channel count");
		}
		final long area = (long) width * height;
		requireLength("pixels", pixels == null ? -1 : pixels.length, area * channels, width, height);
		requireLength("labels", labels == null ? -1 : labels.length, area, width, height);
		requireLength("weights", weights == null ? -1 : weights.length, area, width, height);
		if (instances != null) requireLength("instances", instances.length, area, width, height);
		this.width = width;
		this.height = height;
		this.channels = channels;
		this.pixels = pixels;
		this.labels = labels;
		this.weights = weights;
		this.instances = instances;
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
			final int width, final int height) {
		if (actual < 0) {
			throw new IllegalArgumentException("patch " + name + " are missing (null); give an array of "
					+ expected + " values");
		}
		if (actual != expected) {
			throw new IllegalArgumentException("patch " + name + " have " + actual + " values but a "
					+ width + "x" + height + " patch needs " + expected + "; check the patch size and channel count");
		}
	}
}
