package org.pixelwise.data;

import java.util.Random;

/**
 * Smooth random warps of a patch, as used to train the original U-Net (Ronneberger et al. 2015):
 * random displacements on a coarse 3x3 grid, drawn from a Gaussian with a standard deviation of
 * {@code sigma} pixels, are interpolated to every pixel with a cubic spline, and the patch is
 * resampled at the displaced positions. Few annotated cells teach a network more when it also
 * sees them gently bent and stretched.
 *
 * <p>Intensities and loss weights are interpolated bilinearly; labels take the value of the
 * nearest pixel, so they stay whole class indices (and unannotated pixels stay
 * {@link Patch#IGNORE}). Positions that fall outside the patch are mirrored back into it.
 */
public final class ElasticDeformation {

	/** Nodes per side of the coarse displacement grid. */
	private static final int GRID = 3;

	private ElasticDeformation() {
	}

	/** Warps {@code patch} with a fresh random displacement field of spread {@code sigma} pixels. */
	public static Patch apply(final Patch patch, final double sigma, final Random random) {
		final float[][] field = randomDisplacement(patch.width, patch.height, sigma, random);
		return deform(patch, field[0], field[1]);
	}

	/**
	 * A smooth random displacement field: {@code {dx, dy}}, each of length {@code width * height},
	 * in pixels.
	 */
	public static float[][] randomDisplacement(final int width, final int height, final double sigma,
			final Random random) {
		final double[] coarseX = new double[GRID * GRID];
		final double[] coarseY = new double[GRID * GRID];
		for (int i = 0; i < GRID * GRID; i++) {
			coarseX[i] = sigma * random.nextGaussian();
			coarseY[i] = sigma * random.nextGaussian();
		}
		return new float[][] {upsample(coarseX, width, height), upsample(coarseY, width, height)};
	}

	/**
	 * Resamples a patch so that output pixel {@code (x, y)} shows the input at
	 * {@code (x + dx, y + dy)}.
	 */
	public static Patch deform(final Patch patch, final float[] dx, final float[] dy) {
		final int w = patch.width;
		final int h = patch.height;
		final int c = patch.channels;
		if (dx.length != w * h || dy.length != w * h) {
			throw new IllegalArgumentException("displacement field has " + dx.length + " and " + dy.length
					+ " values but the " + w + "x" + h + " patch needs " + (w * h) + " each");
		}
		final float[] pixels = new float[w * h * c];
		final int[] labels = new int[w * h];
		final float[] weights = new float[w * h];
		final int[] instances = patch.instances == null ? null : new int[w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				final int i = y * w + x;
				final double sx = mirror(x + dx[i], w);
				final double sy = mirror(y + dy[i], h);
				final int x0 = Math.min((int) sx, Math.max(w - 2, 0));
				final int y0 = Math.min((int) sy, Math.max(h - 2, 0));
				final int x1 = Math.min(x0 + 1, w - 1);
				final int y1 = Math.min(y0 + 1, h - 1);
				final double fx = sx - x0;
				final double fy = sy - y0;
				final double w00 = (1 - fx) * (1 - fy);
				final double w10 = fx * (1 - fy);
				final double w01 = (1 - fx) * fy;
				final double w11 = fx * fy;
				final int i00 = y0 * w + x0;
				final int i10 = y0 * w + x1;
				final int i01 = y1 * w + x0;
				final int i11 = y1 * w + x1;
				for (int ch = 0; ch < c; ch++) {
					pixels[i * c + ch] = (float) (w00 * patch.pixels[i00 * c + ch] + w10 * patch.pixels[i10 * c + ch]
							+ w01 * patch.pixels[i01 * c + ch] + w11 * patch.pixels[i11 * c + ch]);
				}
				weights[i] = (float) (w00 * patch.weights[i00] + w10 * patch.weights[i10]
						+ w01 * patch.weights[i01] + w11 * patch.weights[i11]);
				// sx, sy lie in [0, n-1], so rounding half up stays inside the patch.
				final int nearest = (int) Math.floor(sy + 0.5) * w + (int) Math.floor(sx + 0.5);
				labels[i] = patch.labels[nearest];
				if (instances != null) instances[i] = patch.instances[nearest];
			}
		}
		return new Patch(w, h, c, pixels, labels, weights, instances);
	}

	/**
	 * Folds a coordinate back into {@code [0, n-1]} by reflecting it at the outermost pixel
	 * centres, so that the image continues as its mirror image without repeating the edge pixel.
	 */
	static double mirror(final double t, final int n) {
		if (n == 1) {
			return 0;
		}
		final double period = 2.0 * (n - 1);
		double folded = t % period;
		if (folded < 0) {
			folded += period;
		}
		return folded > n - 1 ? period - folded : folded;
	}

	/** Interpolates a GRID x GRID array of node values, spread evenly over the patch, to every pixel. */
	private static float[] upsample(final double[] coarse, final int width, final int height) {
		final double[][] wx = nodeWeights(width);
		final double[][] wy = nodeWeights(height);
		final double[] rows = new double[GRID];
		final float[] fine = new float[width * height];
		for (int x = 0; x < width; x++) {
			for (int j = 0; j < GRID; j++) {
				double sum = 0;
				for (int i = 0; i < GRID; i++) {
					sum += wx[x][i] * coarse[j * GRID + i];
				}
				rows[j] = sum;
			}
			for (int y = 0; y < height; y++) {
				double sum = 0;
				for (int j = 0; j < GRID; j++) {
					sum += wy[y][j] * rows[j];
				}
				fine[y * width + x] = (float) sum;
			}
		}
		return fine;
	}

	/**
	 * For each of {@code n} pixels, the weight of each grid node in a Catmull-Rom cubic spline
	 * through the nodes; missing neighbours beyond the end nodes repeat the end nodes.
	 */
	private static double[][] nodeWeights(final int n) {
		final double[][] weights = new double[n][GRID];
		for (int p = 0; p < n; p++) {
			final double u = n == 1 ? 0 : p * (GRID - 1.0) / (n - 1);
			final int seg = Math.min((int) u, GRID - 2);
			final double f = u - seg;
			final double f2 = f * f;
			final double f3 = f2 * f;
			final double[] basis = {
				0.5 * (-f + 2 * f2 - f3),
				0.5 * (2 - 5 * f2 + 3 * f3),
				0.5 * (f + 4 * f2 - 3 * f3),
				0.5 * (-f2 + f3)
			};
			for (int k = 0; k < 4; k++) {
				final int node = Math.max(0, Math.min(GRID - 1, seg - 1 + k));
				weights[p][node] += basis[k];
			}
		}
		return weights;
	}
}
