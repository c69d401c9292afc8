package org.pixelwise.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The loss weights of the U-Net paper (Ronneberger et al. 2015), which make the network pay extra
 * attention to the thin background gaps between touching objects and balance background against
 * foreground:
 *
 * <pre>w(x) = wc(x) + w0 * exp(-(d1(x) + d2(x))^2 / (2 sigma^2))</pre>
 *
 * where d1 and d2 are the distances from background pixel x to the nearest and second-nearest
 * object. {@code wc} is the inverse frequency of the pixel's class (background or object) among
 * annotated pixels, scaled so the more frequent class weighs 1. Object pixels get only {@code wc};
 * unannotated pixels ({@link Patch#IGNORE}) get 0.
 *
 * <p>Distances to an object are computed only within its bounding box grown by a margin
 * {@code m = sigma * sqrt(2 ln(w0 / 0.001))}. A pixel farther than {@code m} from its
 * second-nearest object has {@code d1 + d2 > m}, so its gap term is below 0.001 and is dropped;
 * this keeps 512x512 images with hundreds of objects well under a second.
 */
public final class BorderWeightMap {

	public static final double DEFAULT_W0 = 10;
	public static final double DEFAULT_SIGMA = 5;
	/** Gap terms smaller than this are dropped; see the class description. */
	private static final double NEGLIGIBLE = 1e-3;
	private static final double FAR = 1e20;

	private BorderWeightMap() {
	}

	/** Weights with the paper's w0 = 10 and sigma = 5 pixels. */
	public static float[] compute(final int[] instances, final int width, final int height) {
		return compute(instances, width, height, DEFAULT_W0, DEFAULT_SIGMA);
	}

	public static float[] compute(final int[] instances, final int width, final int height,
			final double w0, final double sigma) {
		if (instances.length != width * height) {
			throw new IllegalArgumentException("instance image has " + instances.length + " values but a "
					+ width + "x" + height + " image needs " + (width * height));
		}
		if (w0 < 0 || !(sigma > 0)) {
			throw new IllegalArgumentException("border weight w0 = " + w0 + ", sigma = " + sigma
					+ " is not valid; give w0 >= 0 and sigma > 0 (the paper uses 10 and 5)");
		}
		final Map<Integer, int[]> boxes = boundingBoxes(instances, width);
		final float[] nearest = new float[instances.length];
		final float[] second = new float[instances.length];
		Arrays.fill(nearest, Float.POSITIVE_INFINITY);
		Arrays.fill(second, Float.POSITIVE_INFINITY);
		final int margin = w0 > NEGLIGIBLE ? (int) Math.ceil(sigma * Math.sqrt(2 * Math.log(w0 / NEGLIGIBLE))) : 0;
		if (margin > 0) {
			for (final Map.Entry<Integer, int[]> entry : boxes.entrySet()) {
				addDistances(instances, width, height, entry.getKey(), entry.getValue(), margin, nearest, second);
			}
		}
		return combine(instances, nearest, second, w0, sigma);
	}

	/** For each object id, {minX, minY, maxX, maxY}; checks the ids on the way. */
	private static Map<Integer, int[]> boundingBoxes(final int[] instances, final int width) {
		final Map<Integer, int[]> boxes = new LinkedHashMap<>();
		for (int i = 0; i < instances.length; i++) {
			final int id = instances[i];
			final int x = i % width;
			final int y = i / width;
			if (id < Patch.IGNORE) {
				throw new IllegalArgumentException("instance id " + id + " at (" + x + ", " + y
						+ ") is not valid; use 0 for background, positive ids for objects and -1 for unannotated pixels");
			}
			if (id <= 0) {
				continue;
			}
			final int[] box = boxes.get(id);
			if (box == null) {
				boxes.put(id, new int[] {x, y, x, y});
			} else {
				box[0] = Math.min(box[0], x);
				box[1] = Math.min(box[1], y);
				box[2] = Math.max(box[2], x);
				box[3] = Math.max(box[3], y);
			}
		}
		return boxes;
	}

	/**
	 * Updates the two smallest distances of each annotated background pixel near object {@code id}
	 * with the exact Euclidean distance to that object. Every pixel of the object lies inside the
	 * grown box, so a distance transform restricted to the box is exact there.
	 */
	private static void addDistances(final int[] instances, final int width, final int height, final int id,
			final int[] box, final int margin, final float[] nearest, final float[] second) {
		final int x0 = Math.max(0, box[0] - margin);
		final int y0 = Math.max(0, box[1] - margin);
		final int x1 = Math.min(width - 1, box[2] + margin);
		final int y1 = Math.min(height - 1, box[3] + margin);
		final int bw = x1 - x0 + 1;
		final int bh = y1 - y0 + 1;
		final double[] squared = new double[bw * bh];
		for (int y = 0; y < bh; y++) {
			for (int x = 0; x < bw; x++) {
				squared[y * bw + x] = instances[(y + y0) * width + x + x0] == id ? 0 : FAR;
			}
		}
		squaredDistanceTransform(squared, bw, bh);
		for (int y = 0; y < bh; y++) {
			for (int x = 0; x < bw; x++) {
				final int i = (y + y0) * width + x + x0;
				if (instances[i] != 0) {
					continue;
				}
				final float d = (float) Math.sqrt(squared[y * bw + x]);
				if (d < nearest[i]) {
					second[i] = nearest[i];
					nearest[i] = d;
				} else if (d < second[i]) {
					second[i] = d;
				}
			}
		}
	}

	private static float[] combine(final int[] instances, final float[] nearest, final float[] second,
			final double w0, final double sigma) {
		long background = 0;
		long foreground = 0;
		for (final int id : instances) {
			if (id == 0) {
				background++;
			} else if (id > 0) {
				foreground++;
			}
		}
		final long common = Math.max(background, foreground);
		final double backgroundWeight = background == 0 ? 1 : (double) common / background;
		final double foregroundWeight = foreground == 0 ? 1 : (double) common / foreground;
		final float[] weights = new float[instances.length];
		for (int i = 0; i < instances.length; i++) {
			final int id = instances[i];
			if (id > 0) {
				weights[i] = (float) foregroundWeight;
			} else if (id == 0) {
				final double gap = nearest[i] + second[i];
				final double border = Double.isInfinite(gap) ? 0 : w0 * Math.exp(-gap * gap / (2 * sigma * sigma));
				weights[i] = (float) (backgroundWeight + border);
			}
		}
		return weights;
	}

	/**
	 * Exact squared Euclidean distance transform (Felzenszwalb and Huttenlocher 2012), in place:
	 * each value becomes the smallest {@code f(q) + |p - q|^2} over all pixels q. Done row by row,
	 * then column by column, it takes time linear in the number of pixels.
	 */
	private static void squaredDistanceTransform(final double[] values, final int width, final int height) {
		final int longest = Math.max(width, height);
		final double[] line = new double[longest];
		final double[] result = new double[longest];
		final int[] parabolas = new int[longest];
		final double[] bounds = new double[longest + 1];
		for (int y = 0; y < height; y++) {
			System.arraycopy(values, y * width, line, 0, width);
			transformLine(line, width, result, parabolas, bounds);
			System.arraycopy(result, 0, values, y * width, width);
		}
		for (int x = 0; x < width; x++) {
			for (int y = 0; y < height; y++) {
				line[y] = values[y * width + x];
			}
			transformLine(line, height, result, parabolas, bounds);
			for (int y = 0; y < height; y++) {
				values[y * width + x] = result[y];
			}
		}
	}

	/**
	 * One-dimensional transform: the lower envelope of the parabolas {@code f(q) + (p - q)^2}.
	 * {@code parabolas} holds the q of each envelope piece and {@code bounds} where pieces meet.
	 */
	private static void transformLine(final double[] f, final int n, final double[] out,
			final int[] parabolas, final double[] bounds) {
		int k = 0;
		parabolas[0] = 0;
		bounds[0] = Double.NEGATIVE_INFINITY;
		bounds[1] = Double.POSITIVE_INFINITY;
		for (int q = 1; q < n; q++) {
			double s = intersection(f, q, parabolas[k]);
			while (s <= bounds[k]) {
				k--;
				s = intersection(f, q, parabolas[k]);
			}
			k++;
			parabolas[k] = q;
			bounds[k] = s;
			bounds[k + 1] = Double.POSITIVE_INFINITY;
		}
		k = 0;
		for (int p = 0; p < n; p++) {
			while (bounds[k + 1] < p) {
				k++;
			}
			final int q = parabolas[k];
			out[p] = (p - q) * (double) (p - q) + f[q];
		}
	}

	private static double intersection(final double[] f, final int q, final int r) {
		return ((f[q] + (double) q * q) - (f[r] + (double) r * r)) / (2.0 * (q - r));
	}
}
