package org.pixelwise.degrade;

import org.pixelwise.data.FloatImage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The Poisson-Gaussian noise of a camera, in the image's own grey levels: a pixel that reads
 * {@code v} above the {@code offset} holds {@code (v - offset) / gain} photo-electrons, whose
 * Poisson noise has variance {@code gain * (v - offset)}, plus read noise of standard deviation
 * {@code readNoise}. So the noise variance grows linearly with the signal:
 * {@code var = gain * (mean - offset) + readNoise²}.
 *
 * <p>{@link #estimate} measures it from noisy images alone, after Foi et al. (2008, "Practical
 * Poissonian-Gaussian noise modeling and fitting for single-image raw-data"): in 8 x 8 blocks,
 * the local level is the block mean and the noise variance is that of a high-pass residual
 * (each pixel minus the mean of its four neighbours, which removes smooth signal); blocks are
 * grouped by level, each group's median variance (robust to the blocks that hold edges) is
 * taken, and a line is fitted through them, weighted by group size over variance squared.
 */
public final class NoiseModel {

	/** Block side for local statistics. */
	static final int BLOCK = 8;
	/** Variance of the residual p - mean(4 neighbours) per unit of i.i.d. noise variance. */
	static final double RESIDUAL_GAIN = 1.25;
	/** Level groups for the fit. */
	static final int GROUPS = 24;

	public final double gain;
	public final double readNoise;
	public final double offset;

	public NoiseModel(final double gain, final double readNoise, final double offset) {
		if (!(gain >= 0) || !(readNoise >= 0) || !Double.isFinite(offset))
			throw new IllegalArgumentException(String.format(Locale.ROOT, "a noise model needs gain " +
				">= 0 and read noise >= 0, not gain %g and read noise %g", gain, readNoise));
		this.gain = gain;
		this.readNoise = readNoise;
		this.offset = offset;
	}

	/**
	 * Measures gain and read noise from noisy images (each {@code width * height} grey values,
	 * one channel), given the camera's offset (black level; 0 for images whose black is 0).
	 *
	 * @throws IllegalArgumentException when the images hold too few flat blocks or too narrow a
	 *           range of levels to fit a line
	 */
	public static NoiseModel estimate(final List<FloatImage> images, final double offset) {
		final List<double[]> blocks = new ArrayList<>();
		for (final FloatImage image : images)
			collect(image, blocks);
		if (blocks.size() < 4 * GROUPS) throw new IllegalArgumentException("the images hold only " +
			blocks.size() + " blocks of 8 x 8 pixels; give at least " + 4 * GROUPS + " (e.g. one " +
			"image of 128 x 128)");
		blocks.sort((a, b) -> Double.compare(a[0], b[0]));
		// Equal-count groups by level: each group's median variance and mean level.
		final int per = blocks.size() / GROUPS;
		double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
		for (int g = 0; g < GROUPS; g++) {
			final List<double[]> group = blocks.subList(g * per, g == GROUPS - 1 ? blocks.size() : (g +
				1) * per);
			final double[] variances = new double[group.size()];
			double level = 0;
			for (int i = 0; i < group.size(); i++) {
				level += group.get(i)[0];
				variances[i] = group.get(i)[1];
			}
			level /= group.size();
			Arrays.sort(variances);
			final double variance = variances[variances.length / 2] / medianOfSampleVariance();
			// The error of a variance estimate grows with the variance: weight by its inverse square,
			// so the dark groups that fix the read noise are not swamped by the bright ones.
			final double w = group.size() / Math.max(variance * variance, 1e-12);
			sw += w;
			sx += w * level;
			sy += w * variance;
			sxx += w * level * level;
			sxy += w * level * variance;
		}
		final double spread = sxx - sx * sx / sw;
		if (!(spread > 1e-9 * sw)) throw new IllegalArgumentException("the images hold too " +
			"narrow a range of brightness to tell signal noise from read noise; give images " +
			"with dark and bright regions");
		final double slope = (sxy - sx * sy / sw) / spread;
		final double intercept = (sy - slope * sx) / sw;
		final double gain = Math.max(0, slope);
		// var = gain * (level - offset) + read²
		final double read = Math.sqrt(Math.max(0, intercept + gain * offset));
		return new NoiseModel(gain, read, offset);
	}

	/** Adds [level, residual variance / RESIDUAL_GAIN] for every whole block of the image. */
	private static void collect(final FloatImage image, final List<double[]> blocks) {
		if (image.channels != 1) throw new IllegalArgumentException("noise is measured on grey " +
			"images; this one has " + image.channels + " channels");
		final int w = image.width;
		final float[] p = image.pixels;
		for (int by = 1; by + BLOCK < image.height; by += BLOCK)
			for (int bx = 1; bx + BLOCK < w; bx += BLOCK) {
				double sum = 0, rs = 0, rss = 0;
				for (int y = by; y < by + BLOCK; y++)
					for (int x = bx; x < bx + BLOCK; x++) {
						final int i = y * w + x;
						sum += p[i];
						final double r = p[i] - (p[i - 1] + p[i + 1] + p[i - w] + p[i + w]) / 4.0;
						rs += r;
						rss += r * r;
					}
				final int n = BLOCK * BLOCK;
				final double variance = (rss - rs * rs / n) / (n - 1);
				blocks.add(new double[] { sum / n, variance / RESIDUAL_GAIN });
			}
	}

	/**
	 * The median of a sample variance over a block, as a fraction of the true variance
	 * (Wilson-Hilferty for chi-square with n - 1 degrees of freedom).
	 */
	private static double medianOfSampleVariance() {
		final double k = BLOCK * BLOCK - 1;
		final double c = 1 - 2 / (9 * k);
		return c * c * c;
	}

	/** The degradation that adds this noise to clean images: {@code camera=GAIN:READ:OFFSET}. */
	public String degradation() {
		return "camera=" + number(gain) + ":" + number(readNoise) + ":" + number(offset);
	}

	/** Four significant digits, without trailing zeros. */
	private static String number(final double value) {
		return new java.math.BigDecimal(value).round(new java.math.MathContext(4))
			.stripTrailingZeros().toPlainString();
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "gain %.3f grey levels per electron, read noise %.2f " +
			"grey levels, offset %.1f", gain, readNoise, offset);
	}
}
