package org.pixelwise.bench;

import java.util.Random;

/**
 * Microscopy-like test data made in memory: bright discs (cells) on a darker noisy
 * background, with their mask. Timing does not depend on what the pixels show, but the data
 * pipeline does (class-focused sampling, border weights, connected components), so the
 * benchmark feeds it something that looks like what users train on.
 */
final class SyntheticBlobs {

	/** 16-bit intensities, row-major. */
	final short[] pixels;
	/** 1 inside a disc, 0 outside, row-major. */
	final byte[] mask;
	final int width, height;

	private SyntheticBlobs(final int width, final int height) {
		this.width = width;
		this.height = height;
		pixels = new short[width * height];
		mask = new byte[width * height];
	}

	/** Discs of radius 6..15, about one per 40x40 pixels, on noise. */
	static SyntheticBlobs make(final int width, final int height, final long seed) {
		final SyntheticBlobs blobs = new SyntheticBlobs(width, height);
		final Random random = new Random(seed);
		final long discs = (long) width * height / 1600;
		for (long d = 0; d < discs; d++) {
			final int r = 6 + random.nextInt(10);
			final int cx = random.nextInt(width), cy = random.nextInt(height);
			for (int y = Math.max(0, cy - r); y < Math.min(height, cy + r + 1); y++)
				for (int x = Math.max(0, cx - r); x < Math.min(width, cx + r + 1); x++)
					if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) blobs.mask[y * width + x] = 1;
		}
		// A cheap hash instead of Gaussian noise: an 8192^2 image is made in a second.
		long state = seed * 0x9E3779B97F4A7C15L + 1;
		for (int i = 0; i < blobs.pixels.length; i++) {
			state ^= state << 13;
			state ^= state >>> 7;
			state ^= state << 17;
			final int noise = (int) ((state >>> 40) & 1023) - 512;
			blobs.pixels[i] = (short) ((blobs.mask[i] == 1 ? 3000 : 1000) + noise);
		}
		return blobs;
	}

	/** Intensities scaled to about 0..1, as the network sees them after normalisation. */
	float normalised(final int i) {
		return (pixels[i] & 0xffff) / 4000f;
	}
}
