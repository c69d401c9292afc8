package org.pixelwise.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.pixelwise.data.FloatImage;

/**
 * The style images as the style loss sees them: up to four square crops of each, all of one
 * size (the patch size, or the smallest image side if smaller), at most {@link #MOST} in all,
 * each the most varied of {@link #CANDIDATES} random places, scaled to [0, 1] by each image's
 * value range. Their Gram matrices, averaged, are the look to
 * match.
 */
public final class StylePatches {

	/** Crops kept in all: enough to average a texture, few enough to stay a small constant. */
	static final int MOST = 16;

	/** Places tried per crop. */
	static final int CANDIDATES = 8;

	private StylePatches() {}

	private static float[] crop(final FloatImage s, final int x, final int y, final int side) {
		final float[] crop = new float[side * side * s.channels];
		for (int py = 0; py < side; py++)
			for (int px = 0; px < side; px++)
				for (int c = 0; c < s.channels; c++)
					crop[(py * side + px) * s.channels + c] = s.pixels[s.index(x + px, y + py, c)] /
						s.maxValue;
		return crop;
	}

	private static double variance(final float[] values) {
		double sum = 0, squares = 0;
		for (final float v : values) {
			sum += v;
			squares += v * v;
		}
		final double mean = sum / values.length;
		return squares / values.length - mean * mean;
	}

	public static FeatureLoss.Style of(final List<FloatImage> styles, final int patchSize,
		final double contentWeight, final double tvWeight, final long seed)
	{
		if (styles.isEmpty()) throw new IllegalArgumentException("give at least one style image");
		int side = patchSize;
		for (final FloatImage s : styles)
			side = Math.min(side, Math.min(s.width, s.height));
		if (side < 16) throw new IllegalArgumentException("a style image is only " + side +
			" pixels on a side; give style images of at least 16 x 16");
		final int channels = styles.get(0).channels;
		final Random random = new Random(seed);
		final List<float[]> crops = new ArrayList<>();
		for (int round = 0; round < 4 && crops.size() < MOST; round++)
			for (final FloatImage s : styles) {
				if (crops.size() >= MOST) break;
				if (s.channels != channels) throw new IllegalArgumentException("the style images have " +
					"different channel counts (" + channels + " and " + s.channels + ")");
				// Of a few random places, the one that varies most: sparse images (a few nuclei on
				// black) would otherwise teach the look of empty background.
				float[] best = null;
				double bestVariance = -1;
				for (int candidate = 0; candidate < CANDIDATES; candidate++) {
					final float[] crop = crop(s, random.nextInt(s.width - side + 1), random.nextInt(s.height -
						side + 1), side);
					final double variance = variance(crop);
					if (variance > bestVariance) {
						bestVariance = variance;
						best = crop;
					}
				}
				crops.add(best);
			}
		final float[] all = new float[crops.size() * side * side * channels];
		for (int i = 0; i < crops.size(); i++)
			System.arraycopy(crops.get(i), 0, all, i * crops.get(i).length, crops.get(i).length);
		return new FeatureLoss.Style(all, new long[] { crops.size(), side, side, channels },
			contentWeight, tvWeight);
	}
}
