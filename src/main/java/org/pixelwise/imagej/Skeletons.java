package org.pixelwise.imagej;

import ij.process.ByteProcessor;

import org.pixelwise.metrics.SegmentationScores;

/**
 * Thins boundary masks to lines one pixel wide with ImageJ's own skeletonize, the thinning
 * that Fiji's Trainable Weka Segmentation metrics and the ISBI 2012 scoring script apply before
 * V_rand and V_info.
 */
public final class Skeletons {

	private static final int FRAME = 8;

	private Skeletons() {}

	public static SegmentationScores.Thinning of(final int width, final int height) {
		return mask -> thin(mask, width, height);
	}

	/**
	 * ImageJ's skeletonize leaves the outermost pixels of the image alone, which opens every
	 * boundary line that reaches the edge; thinning inside a frame of boundary keeps them closed.
	 */
	static boolean[] thin(final boolean[] mask, final int width, final int height) {
		final int w = width + 2 * FRAME, h = height + 2 * FRAME;
		final byte[] pixels = new byte[w * h];
		java.util.Arrays.fill(pixels, (byte) 255);
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++)
				pixels[(y + FRAME) * w + x + FRAME] = (byte) (mask[y * width + x] ? 255 : 0);
		new ByteProcessor(w, h, pixels).skeletonize(255);
		final boolean[] thin = new boolean[mask.length];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++)
				thin[y * width + x] = (pixels[(y + FRAME) * w + x + FRAME] & 0xff) == 255;
		return thin;
	}
}
