package org.pixelwise.metrics;

/**
 * How much fine detail an image has, as the variance of its Laplacian (4-neighbour, interior
 * pixels): blur lowers it, noise and sharp edges raise it. A restoration's sharpness relative
 * to the ground truth (1 = as sharp as the truth) shows what PSNR and SSIM hide: pixel losses
 * score well by averaging plausible answers into blur.
 */
public final class Sharpness {

	private Sharpness() {}

	/** Variance of the Laplacian of a grey image, row by row, over pixels with 4 neighbours. */
	public static double laplacianVariance(final float[] grey, final int width, final int height) {
		if (width < 3 || height < 3) throw new IllegalArgumentException("an image of " + width + "x" +
			height + " has no interior pixels to measure sharpness on; give at least 3x3");
		double sum = 0, sumSq = 0;
		long n = 0;
		for (int y = 1; y < height - 1; y++)
			for (int x = 1; x < width - 1; x++) {
				final int i = y * width + x;
				final double l = grey[i - 1] + grey[i + 1] + grey[i - width] + grey[i + width] - 4.0 *
					grey[i];
				sum += l;
				sumSq += l * l;
				n++;
			}
		final double mean = sum / n;
		return sumSq / n - mean * mean;
	}

	/** The Laplacian variance of {@code image} over that of {@code truth}: 1 is as sharp. */
	public static double relative(final float[] image, final float[] truth, final int width,
		final int height)
	{
		final double reference = laplacianVariance(truth, width, height);
		return reference > 0 ? laplacianVariance(image, width, height) / reference : Double.NaN;
	}
}
