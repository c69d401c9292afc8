package org.pixelwise.data;

/**
 * The eight flips and quarter turns of a patch, the one place that says where a pixel comes
 * from after them: segmentation patches (with their labels and weights) and restoration
 * patches are turned by the same rule.
 */
public final class Orientation {

	private Orientation() {}

	/**
	 * The input pixel (index {@code y * w + x}) that ends up at ({@code x}, {@code y}) after
	 * {@code quarterTurns} quarter turns, then the flips. Odd turns need a square patch.
	 */
	public static int source(final int x, final int y, final int w, final int h,
		final int quarterTurns, final boolean flipX, final boolean flipY)
	{
		int sx = flipX ? w - 1 - x : x;
		int sy = flipY ? h - 1 - y : y;
		if (quarterTurns == 2) {
			sx = w - 1 - sx;
			sy = h - 1 - sy;
		}
		else {
			if (quarterTurns % 2 == 1 && w != h) throw new IllegalArgumentException("a " + w + "x" +
				h + " patch cannot be turned a quarter; only square ones can");
			for (int t = 0; t < quarterTurns; t++) {
				final int turnedX = w - 1 - sy;
				sy = sx;
				sx = turnedX;
			}
		}
		return sy * w + sx;
	}

	/**
	 * As above for orientation {@code k} = 0..7 of a square: bit 0 flips X, bit 1 flips Y, bit 2
	 * swaps X and Y (a quarter turn with the Y flip undone). Together the eight are all the
	 * symmetries of a square; this numbering is the one restoration training has always drawn.
	 */
	public static int source(final int x, final int y, final int side, final int k) {
		final boolean swap = (k & 4) != 0;
		return source(x, y, side, side, swap ? 1 : 0, (k & 1) != 0, ((k & 2) != 0) ^ swap);
	}
}
