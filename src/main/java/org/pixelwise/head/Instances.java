package org.pixelwise.head;

import org.pixelwise.data.ConnectedComponents;
import org.pixelwise.data.Grid;
import org.pixelwise.data.PixelQueue;

/**
 * Turns a network's per-pixel classes into instance labels: one id per object, 0 for
 * background, so that touching nuclei or cells can be counted and measured one by one.
 *
 * <p>Images are flat row-major arrays ({@code index = y * width + x}). Pixels are neighbours
 * when they share an edge (4-connectivity), which keeps objects that touch only at a corner
 * apart. All methods run in time linear in the number of pixels and use an explicit queue
 * rather than recursion, so an 8192 x 8192 image cannot overflow the stack.
 */
public final class Instances {

	/** Class value of background pixels in a three-class output. */
	public static final int BACKGROUND = 0;
	/** Class value of object interiors in a three-class output. */
	public static final int INTERIOR = 1;
	/** Class value of object boundaries in a three-class output. */
	public static final int BOUNDARY = 2;

	private Instances() {
	}

	/**
	 * Labels the objects of a three-class output ({@link #BACKGROUND}, {@link #INTERIOR},
	 * {@link #BOUNDARY}). Each connected patch of interior becomes one object, numbered as in
	 * {@link ConnectedComponents#label}; the boundary class is what keeps touching objects apart. Objects then
	 * grow into boundary pixels, one pixel step at a time from all objects at once, so each
	 * boundary pixel joins the object it is fewest steps from (ties go to the object that
	 * reached it first in scan order). Growth never crosses background, and boundary pixels no
	 * interior can reach, such as a ring with nothing inside, become background.
	 */
	public static int[] fromInteriorAndBoundary(final int[] classes, final int width,
			final int height) {
		checkSize(classes.length, width, height);
		return fromInteriorAndBoundary(classes, Grid.plane(width, height));
	}

	/** As above for an image or a volume (face neighbours: 4 in a plane, 6 in a volume). */
	public static int[] fromInteriorAndBoundary(final int[] classes, final Grid grid) {
		grid.require(classes.length, "class image");
		final byte[] bytes = new byte[classes.length];
		for (int i = 0; i < classes.length; i++)
			bytes[i] = (byte) checkedClass(classes[i], i);
		return fromInteriorAndBoundary(bytes, grid);
	}

	/**
	 * As above with the classes as bytes, as the heads decide them: a 128 x 1024 x 1024 stack
	 * then needs no int copy of its classes (512 MB).
	 */
	public static int[] fromInteriorAndBoundary(final byte[] classes, final Grid grid) {
		grid.require(classes.length, "class image");
		final boolean[] interior = new boolean[classes.length];
		for (int i = 0; i < classes.length; i++)
			interior[i] = checkedClass(classes[i], i) == INTERIOR;
		final int[] labels = ConnectedComponents.label(interior, grid);
		final int[] neighbours = new int[6];

		// Only interior pixels touching unlabelled boundary can grow, so only they start the
		// queue; the queue then holds the growth front, not the whole image.
		final PixelQueue queue = new PixelQueue();
		for (int pixel = 0; pixel < labels.length; pixel++) {
			if (labels[pixel] == 0) continue;
			final int count = grid.neighbours(pixel, neighbours);
			for (int k = 0; k < count; k++)
				if (isOpenBoundary(neighbours[k], classes, labels)) {
					queue.add(pixel);
					break;
				}
		}
		while (!queue.isEmpty()) {
			final int pixel = queue.remove();
			final int label = labels[pixel];
			final int count = grid.neighbours(pixel, neighbours);
			for (int k = 0; k < count; k++)
				if (isOpenBoundary(neighbours[k], classes, labels)) {
					labels[neighbours[k]] = label;
					queue.add(neighbours[k]);
				}
		}
		return labels;
	}

	/**
	 * Removes objects smaller than {@code minSize} pixels, which after thresholding are mostly
	 * noise, and renumbers the rest {@code 1..M} keeping their order. The labels are rewritten
	 * in place, so that an 8192 x 8192 image needs no second copy, and returned for chaining.
	 *
	 * @param labels instance ids, 0 for background, as made by this class
	 * @param minSize smallest object size to keep, in pixels
	 */
	public static int[] removeSmall(final int[] labels, final int minSize) {
		int maxLabel = 0;
		for (int i = 0; i < labels.length; i++) {
			if (labels[i] < 0) {
				throw new IllegalArgumentException("pixel " + i + " has label " + labels[i]
						+ "; instance labels must be 0 (background) or positive");
			}
			maxLabel = Math.max(maxLabel, labels[i]);
		}
		final long[] sizes = new long[maxLabel + 1];
		for (final int label : labels) {
			sizes[label]++;
		}
		final int[] renumbered = new int[maxLabel + 1];
		int next = 1;
		for (int label = 1; label <= maxLabel; label++) {
			if (sizes[label] >= minSize) {
				renumbered[label] = next++;
			}
		}
		for (int i = 0; i < labels.length; i++) {
			labels[i] = renumbered[labels[i]];
		}
		return labels;
	}

	private static int checkedClass(final int c, final int pixel) {
		if (c != BACKGROUND && c != INTERIOR && c != BOUNDARY) throw new IllegalArgumentException(
			"pixel " + pixel + " has class " + c + "; expected 0 (background), 1 (interior) or 2 (boundary)");
		return c;
	}

	private static boolean isOpenBoundary(final int pixel, final byte[] classes,
			final int[] labels) {
		return classes[pixel] == BOUNDARY && labels[pixel] == 0;
	}

	private static void checkSize(final int length, final int width, final int height) {
		if (width <= 0 || height <= 0 || (long) width * height != length) {
			throw new IllegalArgumentException("image of " + length + " pixels does not match "
					+ width + "x" + height + "; give the width and height of the image");
		}
	}
}
