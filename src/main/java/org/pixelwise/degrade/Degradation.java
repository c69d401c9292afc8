package org.pixelwise.degrade;

import org.pixelwise.data.FloatImage;

import java.util.Random;

/**
 * One kind of damage done to a good image to make a training input for a restoration or
 * super-resolution network: fewer pixels, blur, noise, compression, overlaid text. Strengths are
 * drawn anew from a range for every image, so the network learns to undo a spread of damage
 * rather than one exact amount; all randomness comes from the {@link Random} passed in, so the
 * same seed gives the same damaged image.
 *
 * <p>An implementation's {@code toString()} is its part of a {@link Crappifier} specification,
 * e.g. {@code jpeg=10-70}, so that {@link Crappifier#parse(String)} can read it back.
 */
public interface Degradation {

	/** A damaged copy of {@code image}; the input is left unchanged. */
	FloatImage apply(FloatImage image, Random random);

	/**
	 * A damaged copy of a volume (z-stack) whose z step is {@code anisotropy} pixel sizes.
	 * Pointwise damage (noise) is drawn once for the whole volume, as one camera's setting;
	 * other damage goes plane by plane unless a degradation knows better (blur also blurs along z).
	 */
	default FloatImage applyVolume(final FloatImage volume, final Random random,
		final double anisotropy)
	{
		if (pointwise()) {
			final FloatImage damaged = apply(volume.tall(), random);
			return FloatImage.volume(volume.width, volume.height, volume.depth, volume.channels,
				damaged.pixels, volume.maxValue);
		}
		final java.util.List<FloatImage> planes = new java.util.ArrayList<>();
		for (int z = 0; z < volume.depth; z++)
			planes.add(apply(volume.plane(z), random));
		return FloatImage.stack(planes);
	}

	/** Whether each pixel is damaged on its own, whatever its neighbours: noise, not blur. */
	default boolean pointwise() {
		return false;
	}

	/** A short phrase for people, e.g. "JPEG compression at quality 10 to 70". */
	String describe();
}
