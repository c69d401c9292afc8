package org.pixelwise.head;

import org.pixelwise.data.Patch;

/**
 * The training targets of star-convex objects (Schmidt et al. 2018, StarDist): for each object
 * pixel, the distance to the object's edge along {@code rays} directions evenly spread around
 * the circle, and an object probability that is 1 at the object's centre and falls to 0 at its
 * edge, so that pixels near the centre, whose distances describe the object best, are the
 * ones that propose it at prediction time.
 *
 * <p>Ray k points along angle 2 pi k / rays from the x axis towards y. A ray ends where it
 * first meets another id, background, an unannotated pixel or the image edge; its length is
 * taken halfway between the last pixel inside and the first outside.
 */
public final class StarDistances {

	private StarDistances() {
	}

	/** The unit direction of each ray: {@code {dx[], dy[]}}. */
	public static double[][] directions(final int rays) {
		final double[][] d = new double[2][rays];
		for (int k = 0; k < rays; k++) {
			final double angle = 2 * Math.PI * k / rays;
			d[0][k] = Math.cos(angle);
			d[1][k] = Math.sin(angle);
		}
		return d;
	}

	/**
	 * Distances of every pixel, {@code distances[pixel * rays + k]}; 0 outside objects.
	 *
	 * @param instances object ids, 0 background, {@link Patch#IGNORE} unannotated
	 */
	public static float[] distances(final int[] instances, final int width, final int height,
		final int rays)
	{
		final double[][] d = directions(rays);
		final float[] out = new float[instances.length * rays];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				final int id = instances[y * width + x];
				if (id <= 0) continue;
				for (int k = 0; k < rays; k++)
					out[(y * width + x) * rays + k] = rayLength(instances, width, height, x, y, id, d[0][k],
						d[1][k]);
			}
		return out;
	}

	private static float rayLength(final int[] instances, final int width, final int height,
		final int x, final int y, final int id, final double dx, final double dy)
	{
		for (int t = 1;; t++) {
			final int px = (int) Math.round(x + t * dx), py = (int) Math.round(y + t * dy);
			if (px < 0 || py < 0 || px >= width || py >= height || instances[py * width + px] != id)
				return t - 0.5f;
		}
	}

	/**
	 * The object probability: each object pixel's shortest ray, divided by the largest such
	 * value in its object, so every object peaks at 1 whatever its size. Background is 0.
	 */
	public static float[] probability(final int[] instances, final float[] distances,
		final int rays)
	{
		final float[] shortest = new float[instances.length];
		// Ids may be any positive int (a 32-bit label image), so peaks are kept by id, not index.
		final java.util.Map<Integer, Float> peak = new java.util.HashMap<>();
		for (int i = 0; i < instances.length; i++) {
			if (instances[i] <= 0) continue;
			float s = Float.MAX_VALUE;
			for (int k = 0; k < rays; k++)
				s = Math.min(s, distances[i * rays + k]);
			shortest[i] = s;
			peak.merge(instances[i], s, Math::max);
		}
		for (int i = 0; i < instances.length; i++)
			if (instances[i] > 0) shortest[i] /= peak.get(instances[i]);
		return shortest;
	}
}
