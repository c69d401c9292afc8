package org.pixelwise.data;

/**
 * The shape of a flat pixel or voxel array, index {@code (z * height + y) * width + x}: an
 * image is a grid of depth 1, a volume (z-stack) one of several planes. Neighbours share a
 * face: 4 in an image, 6 in a volume, so objects that touch only at an edge or corner stay
 * apart, in 2-D and 3-D alike.
 */
public final class Grid {

	public final int width, height, depth;

	public Grid(final int width, final int height, final int depth) {
		if (width <= 0 || height <= 0 || depth <= 0) throw new IllegalArgumentException("grid " +
			width + "x" + height + "x" + depth + " is empty; give a positive width, height and depth");
		if ((long) width * height * depth > Integer.MAX_VALUE) throw new IllegalArgumentException(
			"grid " + width + "x" + height + "x" + depth + " has more than 2^31 voxels; " +
				"process it in tiles");
		this.width = width;
		this.height = height;
		this.depth = depth;
	}

	/** A 2-D image. */
	public static Grid plane(final int width, final int height) {
		return new Grid(width, height, 1);
	}

	public int size() {
		return width * height * depth;
	}

	/** Checks that an array of {@code length} values fills this grid; {@code what} names it. */
	public void require(final int length, final String what) {
		if (length != size()) throw new IllegalArgumentException(what + " has " + length +
			" values but a " + this + " grid needs " + size());
	}

	/** Writes the face neighbours of {@code i} into {@code out} (room for 6) and returns how many. */
	public int neighbours(final int i, final int[] out) {
		int n = 0;
		final int x = i % width;
		final int row = i / width;
		final int y = row % height;
		final int z = row / height;
		if (x > 0) out[n++] = i - 1;
		if (x < width - 1) out[n++] = i + 1;
		if (y > 0) out[n++] = i - width;
		if (y < height - 1) out[n++] = i + width;
		final int plane = width * height;
		if (z > 0) out[n++] = i - plane;
		if (z < depth - 1) out[n++] = i + plane;
		return n;
	}

	/**
	 * Position {@code i} of an axis of {@code size} reflected into it without repeating the edge
	 * (..., 2, 1, 0, 1, 2, ..., size - 2, size - 1, size - 2, ...): how tiles, patches and test
	 * images read beyond an image's or volume's border.
	 */
	public static int mirror(final int i, final int size) {
		if (size == 1) return 0;
		final int period = 2 * (size - 1);
		final int m = Math.floorMod(i, period);
		return m < size ? m : period - m;
	}

	@Override
	public String toString() {
		return depth == 1 ? width + "x" + height : width + "x" + height + "x" + depth;
	}
}
