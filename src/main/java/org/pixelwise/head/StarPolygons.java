package org.pixelwise.head;

import java.util.Arrays;

/**
 * Turns a star-convex prediction into instances (Schmidt et al. 2018): every pixel whose
 * object probability reaches the threshold proposes the polygon its ray distances describe;
 * proposals are taken from the most to the least probable, and one is dropped when it
 * overlaps an object already kept by more than {@code overlap} (intersection over union).
 * Kept polygons are painted in that order, so where two overlap the more probable one wins.
 *
 * <p>Overlaps are measured against the pixels already painted, so suppression costs one
 * rasterisation per proposal rather than one per pair of proposals.
 */
public final class StarPolygons {

	/** Proposals come from pixels with no more probable pixel this close (a 5 x 5 window). */
	static final int PEAK_RADIUS = 2;

	private StarPolygons() {
	}

	/**
	 * @param probability object probability per pixel (row-major, {@code y * width + x})
	 * @param distances ray lengths, {@code distances[pixel * rays + k]}
	 * @return instance ids 1..N, numbered in order of probability; 0 background
	 */
	public static int[] label(final float[] probability, final float[] distances, final int width,
		final int height, final int rays, final double threshold, final double overlap)
	{
		if (probability.length != width * height || distances.length != probability.length * rays)
			throw new IllegalArgumentException("prediction of " + probability.length + " pixels and " +
				distances.length + " distances does not match " + width + "x" + height + " with " + rays +
				" rays");
		final boolean[] proposes = new boolean[probability.length];
		int count = 0;
		for (int i = 0; i < probability.length; i++)
			if (probability[i] >= threshold && isPeak(probability, width, height, i)) {
				proposes[i] = true;
				count++;
			}
		final long[] order = new long[count];
		int n = 0;
		for (int i = 0; i < probability.length; i++)
			if (proposes[i])
				// Sort by probability (its float bits order like the value for p >= 0), then index.
				order[n++] = ((long) Float.floatToIntBits(probability[i]) << 32) | i;
		Arrays.sort(order);
		final double[][] d = StarDistances.directions(rays);
		final int[] labels = new int[width * height];
		final int[] areas = new int[count + 1];
		final Raster raster = new Raster(width, height, rays);
		int next = 1;
		for (int o = count - 1; o >= 0; o--) {
			final int pixel = (int) order[o];
			raster.polygon(pixel % width, pixel / width, distances, pixel * rays, d);
			if (raster.size == 0) continue;
			if (overlapsKept(raster, labels, areas, overlap)) continue;
			for (int i = 0; i < raster.size; i++)
				if (labels[raster.pixels[i]] == 0) labels[raster.pixels[i]] = next;
			areas[next++] = raster.size;
		}
		return labels;
	}

	/**
	 * Whether no pixel within {@link #PEAK_RADIUS} is more probable. The probability peaks at
	 * an object's centre, so only pixels near centres propose polygons: a network whose
	 * distances are not yet exact off-centre then cannot propose a second, shifted copy of an
	 * object that overlaps the first too little to be suppressed.
	 */
	private static boolean isPeak(final float[] probability, final int width, final int height,
		final int pixel)
	{
		final int x = pixel % width, y = pixel / width;
		final float p = probability[pixel];
		for (int dy = -PEAK_RADIUS; dy <= PEAK_RADIUS; dy++)
			for (int dx = -PEAK_RADIUS; dx <= PEAK_RADIUS; dx++) {
				final int nx = x + dx, ny = y + dy;
				if (nx >= 0 && ny >= 0 && nx < width && ny < height && probability[ny * width + nx] > p)
					return false;
			}
		return true;
	}

	/** Whether the rasterised polygon overlaps a kept object by more than {@code limit} IoU. */
	private static boolean overlapsKept(final Raster raster, final int[] labels, final int[] areas,
		final double limit)
	{
		final java.util.Map<Integer, Integer> shared = new java.util.HashMap<>();
		for (int i = 0; i < raster.size; i++) {
			final int label = labels[raster.pixels[i]];
			if (label != 0) shared.merge(label, 1, Integer::sum);
		}
		for (final java.util.Map.Entry<Integer, Integer> e : shared.entrySet()) {
			final double inter = e.getValue();
			if (inter / (raster.size + areas[e.getKey()] - inter) > limit) return true;
		}
		return false;
	}

	/** The pixels whose centres lie inside a polygon, filled row by row (even-odd rule). */
	static final class Raster {
		final int width, height;
		final double[] vx, vy, crossings;
		int[] pixels = new int[1024];
		int size;

		Raster(final int width, final int height, final int rays) {
			this.width = width;
			this.height = height;
			vx = new double[rays];
			vy = new double[rays];
			crossings = new double[rays];
		}

		void polygon(final int cx, final int cy, final float[] distances, final int offset,
			final double[][] d)
		{
			final int rays = vx.length;
			double minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
			for (int k = 0; k < rays; k++) {
				final double r = Math.max(0, distances[offset + k]);
				vx[k] = cx + r * d[0][k];
				vy[k] = cy + r * d[1][k];
				minY = Math.min(minY, vy[k]);
				maxY = Math.max(maxY, vy[k]);
			}
			size = 0;
			final int y0 = Math.max(0, (int) Math.ceil(minY)), y1 = Math.min(height - 1, (int) Math.floor(
				maxY));
			for (int y = y0; y <= y1; y++) {
				int c = 0;
				for (int k = 0; k < rays; k++) {
					final int j = (k + 1) % rays;
					final double ya = vy[k], yb = vy[j];
					// Half-open rule: a vertex exactly on the row counts for one edge only.
					if ((ya <= y) != (yb <= y)) crossings[c++] = vx[k] + (y - ya) * (vx[j] - vx[k]) / (yb -
						ya);
				}
				Arrays.sort(crossings, 0, c);
				for (int e = 0; e + 1 < c; e += 2) {
					final int xa = Math.max(0, (int) Math.ceil(crossings[e])), xb = Math.min(width - 1,
						(int) Math.floor(crossings[e + 1]));
					for (int x = xa; x <= xb; x++)
						add(y * width + x);
				}
			}
		}

		private void add(final int pixel) {
			if (size == pixels.length) pixels = Arrays.copyOf(pixels, size * 2);
			pixels[size++] = pixel;
		}
	}
}
