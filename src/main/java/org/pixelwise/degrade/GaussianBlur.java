package org.pixelwise.degrade;

import org.pixelwise.data.FloatImage;
import org.pixelwise.data.SeparableFilter;

import java.util.Random;

/**
 * Blur by a Gaussian point spread function, as an out-of-focus or diffraction-limited optic
 * gives. The kernel is cut off at 3 sigma and borders are mirrored, so edges keep their
 * brightness.
 */
public final class GaussianBlur implements Degradation {

	/** Standard deviation of the blur in pixels; 0 leaves the image sharp. */
	public final Range sigma;

	public GaussianBlur(final Range sigma) {
		if (sigma.min < 0) {
			throw new IllegalArgumentException("blur sigma " + sigma + " is negative; give 0 or more pixels");
		}
		this.sigma = sigma;
	}

	@Override
	public FloatImage apply(final FloatImage image, final Random random) {
		final double s = sigma.draw(random);
		if (s <= 0) return image.copy();
		return SeparableFilter.gaussian(image, s);
	}

	/**
	 * A volume blurred by one sigma drawn for it: in x and y in pixels, along z by sigma /
	 * {@code anisotropy} planes, so the point spread is round in physical units.
	 */
	@Override
	public FloatImage applyVolume(final FloatImage volume, final Random random,
		final double anisotropy)
	{
		final double s = sigma.draw(random);
		if (s <= 0) return volume.copy();
		final java.util.List<FloatImage> planes = new java.util.ArrayList<>();
		for (int z = 0; z < volume.depth; z++)
			planes.add(SeparableFilter.gaussian(volume.plane(z), s));
		final FloatImage blurred = FloatImage.stack(planes);
		final double sz = s / anisotropy;
		if (volume.depth == 1 || sz < 0.1) return blurred;
		final SeparableFilter.Taps alongZ = SeparableFilter.gaussianTaps(volume.depth, sz);
		final int n = volume.width * volume.height * volume.channels;
		final float[] out = new float[blurred.pixels.length];
		for (int z = 0; z < volume.depth; z++)
			for (int k = 0; k < alongZ.positions[z].length; k++) {
				final int from = alongZ.positions[z][k] * n, to = z * n;
				final float w = (float) alongZ.weights[z][k];
				for (int i = 0; i < n; i++)
					out[to + i] += w * blurred.pixels[from + i];
			}
		return blurred.withPixels(out);
	}

	@Override
	public String describe() {
		return "Gaussian blur of sigma " + sigma.describe() + " pixels";
	}

	@Override
	public String toString() {
		return "blur=" + sigma;
	}
}
