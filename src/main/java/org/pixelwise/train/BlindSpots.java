package org.pixelwise.train;

import org.pixelwise.data.Grid;
import java.util.Random;

/**
 * Noise2Void's blind-spot masking (Krull et al. 2019): a few pixels of a noisy patch are
 * replaced by the value of a random neighbour, and the network is trained to predict the
 * original noisy value there, and only there. Since the noise of a pixel is independent of its
 * neighbours', the best such prediction is the clean value: the network learns to denoise from
 * noisy images alone.
 *
 * <p>Pixels are chosen one per cell of a grid (stratified, as N2V does), so they spread over the
 * patch; each takes the value, all channels, of a pixel drawn uniformly from the 5 x 5
 * neighbourhood around it, never itself (mirrored at the patch border).
 */
public final class BlindSpots {

	/** Neighbourhood radius the replacement is drawn from (N2V's 5 x 5). */
	static final int RADIUS = 2;

	/** Share of a patch's pixels masked. */
	public final double fraction;

	public BlindSpots(final double fraction) {
		if (!(fraction > 0 && fraction <= 0.25)) throw new IllegalArgumentException(
			"masked fraction " + fraction + " must be in (0, 0.25]; N2V uses about 0.002-0.02");
		this.fraction = fraction;
	}

	/**
	 * Masks a patch in place: {@code pixels} (height, width, channels) get replacements and
	 * {@code weights} (height, width) become 1 at masked pixels and 0 elsewhere.
	 */
	public void mask(final float[] pixels, final float[] weights, final int width,
		final int height, final int channels, final Random random)
	{
		mask(pixels, weights, width, height, 1, channels, random);
	}

	/**
	 * As above for a volume patch (depth, height, width, channels): one voxel per 3-D cell, its
	 * replacement from the 5 x 5 x 5 neighbourhood (N2V's 3-D masking). With one plane it draws
	 * exactly what the 2-D masking draws.
	 */
	public void mask(final float[] pixels, final float[] weights, final int width,
		final int height, final int depth, final int channels, final Random random)
	{
		java.util.Arrays.fill(weights, 0f);
		final float[] original = pixels.clone();
		final boolean volume = depth > 1;
		final int cell = Math.max(1, (int) Math.round(volume ? Math.cbrt(1 / fraction) : Math.sqrt(
			1 / fraction)));
		final int cellZ = volume ? cell : 1;
		for (int z0 = 0; z0 < depth; z0 += cellZ)
			for (int y0 = 0; y0 < height; y0 += cell)
				for (int x0 = 0; x0 < width; x0 += cell) {
					final int x = Math.min(width - 1, x0 + random.nextInt(cell));
					final int y = Math.min(height - 1, y0 + random.nextInt(cell));
					final int z = volume ? Math.min(depth - 1, z0 + random.nextInt(cellZ)) : 0;
					int sx, sy, sz;
					do { // mirrored at the border, a neighbour can fold back onto the pixel itself
						sx = Grid.mirror(x + random.nextInt(2 * RADIUS + 1) - RADIUS, width);
						sy = Grid.mirror(y + random.nextInt(2 * RADIUS + 1) - RADIUS, height);
						sz = volume ? Grid.mirror(z + random.nextInt(2 * RADIUS + 1) - RADIUS, depth) : 0;
					}
					while (sx == x && sy == y && sz == z && (long) width * height * depth > 1);
					final int plane = width * height;
					System.arraycopy(original, (sz * plane + sy * width + sx) * channels, pixels, (z *
						plane + y * width + x) * channels, channels);
					weights[z * plane + y * width + x] = 1f;
				}
	}
}
