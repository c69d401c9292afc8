package org.pixelwise.predict;

import java.lang.management.ManagementFactory;

/**
 * Tile sides chosen from the machine's memory: the largest square tile whose network run fits a
 * share of it. Larger tiles waste less of their context margins (at 8192² with 96 px of context,
 * tiles of 2048 compute 1.22 times the image, tiles of 4096 1.11 times), but TensorFlow holds a
 * tile's feature maps in native memory, outside Java's heap.
 */
public final class TileMemory {

	/** Beyond this, tiles save little more context and one tile's run holds gigabytes. */
	public static final int LARGEST = 4096;
	/** Below this, context margins would take most of a tile. */
	public static final int SMALLEST = 256;
	private static final long MIN_BUDGET = 256L << 20, MAX_BUDGET = 4L << 30;

	private TileMemory() {}

	/**
	 * An eighth of the physical memory, from 256 MB to 4 GB: the rest is left to ImageJ, the
	 * images, the outputs and other programs. 1 GB where the JVM cannot say.
	 */
	public static long budget() {
		long total = 0;
		final Object os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.OperatingSystemMXBean) total =
			((com.sun.management.OperatingSystemMXBean) os).getTotalPhysicalMemorySize();
		return total > 0 ? Math.max(MIN_BUDGET, Math.min(MAX_BUDGET, total / 8)) : 1L << 30;
	}

	/**
	 * The largest tile side, a multiple of {@code multiple}, whose network run needs at most
	 * {@code budget} bytes at {@code bytesPerPixel}; from {@link #SMALLEST} to {@link #LARGEST}.
	 */
	public static int side(final double bytesPerPixel, final long budget, final int multiple) {
		if (!(bytesPerPixel > 0) || budget <= 0 || multiple < 1) throw new IllegalArgumentException(
			"bytes per pixel, budget and size multiple must be positive");
		final double fits = Math.sqrt(budget / bytesPerPixel);
		final int side = (int) Math.max(SMALLEST, Math.min(LARGEST, fits));
		return Math.max(multiple, side / multiple * multiple);
	}
}
