package org.pixelwise.data;

/**
 * Splits a yes/no mask into separate objects: pixels that share a face (4-connectivity in an
 * image, 6 in a volume) belong to the same object. This turns a semantic mask, or the interior
 * class predicted with a {@link BoundaryTarget}, into an instance image with one id per object.
 */
public final class ConnectedComponents {

	private ConnectedComponents() {
	}

	/**
	 * Labels the objects of {@code mask} 1..N in the order their first pixel appears row by row;
	 * pixels outside the mask get 0.
	 */
	public static int[] label(final boolean[] mask, final int width, final int height) {
		return label(mask, Grid.plane(width, height));
	}

	/** As above for an image or a volume, whose objects are face-connected (6-connectivity). */
	public static int[] label(final boolean[] mask, final Grid grid) {
		grid.require(mask.length, "mask");
		final int[] labels = new int[mask.length];
		final int[] neighbours = new int[6];
		// Breadth-first flood fill with a queue that holds only the front, not the image.
		final PixelQueue queue = new PixelQueue();
		int next = 0;
		for (int start = 0; start < mask.length; start++) {
			if (!mask[start] || labels[start] != 0) continue;
			next++;
			labels[start] = next;
			queue.add(start);
			while (!queue.isEmpty()) {
				final int count = grid.neighbours(queue.remove(), neighbours);
				for (int k = 0; k < count; k++) {
					final int i = neighbours[k];
					if (mask[i] && labels[i] == 0) {
						labels[i] = next;
						queue.add(i);
					}
				}
			}
		}
		return labels;
	}
}
