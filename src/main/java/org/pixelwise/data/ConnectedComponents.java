package org.pixelwise.data;

/**
 * Splits a yes/no mask into separate objects: pixels that touch along an edge (4-connectivity)
 * belong to the same object. This turns a semantic mask, or the interior class predicted with a
 * {@link BoundaryTarget}, into an instance image with one id per object.
 */
public final class ConnectedComponents {

	private ConnectedComponents() {
	}

	/**
	 * Labels the objects of {@code mask} 1..N in the order their first pixel appears row by row;
	 * pixels outside the mask get 0.
	 */
	public static int[] label(final boolean[] mask, final int width, final int height) {
		if (mask.length != width * height) {
			throw new IllegalArgumentException("mask has " + mask.length + " values but a " + width + "x"
					+ height + " image needs " + (width * height));
		}
		final int[] labels = new int[mask.length];
		// Breadth-first flood fill with a queue that holds only the front, not the image.
		final PixelQueue queue = new PixelQueue();
		int next = 0;
		for (int start = 0; start < mask.length; start++) {
			if (!mask[start] || labels[start] != 0) {
				continue;
			}
			next++;
			labels[start] = next;
			queue.add(start);
			while (!queue.isEmpty()) {
				final int i = queue.remove();
				final int x = i % width;
				if (x > 0) {
					visit(mask, labels, queue, i - 1, next);
				}
				if (x < width - 1) {
					visit(mask, labels, queue, i + 1, next);
				}
				if (i >= width) {
					visit(mask, labels, queue, i - width, next);
				}
				if (i < mask.length - width) {
					visit(mask, labels, queue, i + width, next);
				}
			}
		}
		return labels;
	}

	private static void visit(final boolean[] mask, final int[] labels, final PixelQueue queue,
			final int i, final int id) {
		if (mask[i] && labels[i] == 0) {
			labels[i] = id;
			queue.add(i);
		}
	}
}
