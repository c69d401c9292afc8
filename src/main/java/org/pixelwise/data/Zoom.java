package org.pixelwise.data;

import org.pixelwise.data.FloatImage;

/**
 * Magnifies or shrinks a training patch about its centre, keeping its size, so that a model
 * learns objects at sizes other than those annotated: nuclei imaged with another objective
 * are the commonest reason a segmentation model fails on a new lab's images.
 *
 * <p>Intensities and weights are interpolated bilinearly, labels and instance ids take the
 * nearest pixel. When shrinking, what lies beyond the original patch is unknown: the image
 * continues as its mirror image (so the network sees no artificial edge) but those pixels are
 * unannotated, so they teach nothing false.
 */
public final class Zoom {

	private Zoom() {
	}

	/** The patch magnified {@code factor} times (below 1: shrunk). */
	public static Patch apply(final Patch patch, final double factor) {
		if (!(factor > 0)) throw new IllegalArgumentException("zoom factor " + factor +
			" must be positive");
		final int w = patch.width, h = patch.height, c = patch.channels;
		final double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
		final float[] pixels = new float[w * h * c];
		final int[] labels = new int[w * h];
		final float[] weights = new float[w * h];
		final int[] instances = patch.instances == null ? null : new int[w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				final int i = y * w + x;
				final double sx = cx + (x - cx) / factor, sy = cy + (y - cy) / factor;
				final boolean inside = sx >= -0.5 && sx <= w - 0.5 && sy >= -0.5 && sy <= h - 0.5;
				final double mx = ElasticDeformation.mirror(sx, w), my = ElasticDeformation.mirror(sy, h);
				final int x0 = Math.min((int) mx, Math.max(w - 2, 0)), y0 = Math.min((int) my, Math.max(h -
					2, 0));
				final int x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
				final double fx = mx - x0, fy = my - y0;
				final int i00 = y0 * w + x0, i10 = y0 * w + x1, i01 = y1 * w + x0, i11 = y1 * w + x1;
				for (int ch = 0; ch < c; ch++)
					pixels[i * c + ch] = (float) ((1 - fx) * (1 - fy) * patch.pixels[i00 * c + ch] + fx *
						(1 - fy) * patch.pixels[i10 * c + ch] + (1 - fx) * fy * patch.pixels[i01 * c + ch] +
						fx * fy * patch.pixels[i11 * c + ch]);
				if (!inside) {
					labels[i] = Patch.IGNORE;
					if (instances != null) instances[i] = Patch.IGNORE;
					continue;
				}
				weights[i] = (float) ((1 - fx) * (1 - fy) * patch.weights[i00] + fx * (1 - fy) *
					patch.weights[i10] + (1 - fx) * fy * patch.weights[i01] + fx * fy * patch.weights[i11]);
				final int nearest = (int) Math.floor(my + 0.5) * w + (int) Math.floor(mx + 0.5);
				labels[i] = patch.labels[nearest];
				if (instances != null) instances[i] = patch.instances[nearest];
			}
		}
		return new Patch(w, h, c, pixels, labels, weights, instances);
	}

	/** Intensities (height, width, channels) blurred with a Gaussian of {@code sigma} pixels. */
	public static float[] blur(final float[] pixels, final int width, final int height,
		final int channels, final double sigma)
	{
		if (sigma <= 0) return pixels;
		return SeparableFilter.gaussian(new FloatImage(width, height, channels, pixels, 1f), sigma)
			.pixels;
	}
}
