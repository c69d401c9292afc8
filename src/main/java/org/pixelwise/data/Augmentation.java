package org.pixelwise.data;

/**
 * The random changes made to training patches so that a network trained on a few annotated images
 * copes with the variety of real ones: mirror images and quarter turns, smooth elastic warps as in
 * the U-Net paper (Ronneberger et al. 2015), and changes of brightness, contrast and noise.
 *
 * <p>Settings are immutable; each {@code with...} method returns a changed copy, so a user can
 * start from {@link #defaults()} or {@link #none()} and change only what they care about.
 */
public final class Augmentation {

	/** Mirror patches left-right and top-bottom, each with probability 1/2. */
	public final boolean flips;
	/** Turn square patches by a random multiple of 90 degrees (others by 0 or 180 degrees). */
	public final boolean rot90;
	/** Warp patches with a smooth random displacement field. */
	public final boolean elastic;
	/** Standard deviation, in pixels, of the displacements on the coarse 3x3 grid. */
	public final double elasticSigma;
	/** Chance that a patch is warped when {@link #elastic} is on. */
	public final double elasticProbability;
	/** Intensities are multiplied by a factor drawn uniformly from this range. */
	public final double scaleMin;
	public final double scaleMax;
	/** Then a value drawn uniformly from this range is added. */
	public final double shiftMin;
	public final double shiftMax;
	/** Gaussian noise is added with a standard deviation drawn uniformly from [0, noiseStdMax]. */
	public final double noiseStdMax;
	/**
	 * Patches are magnified by a factor drawn log-uniformly from [zoomMin, zoomMax], so that a
	 * model meets objects larger and smaller than those annotated (1, 1: no zoom).
	 */
	public final double zoomMin;
	public final double zoomMax;
	/** Patches are blurred with a Gaussian of sigma drawn uniformly from [0, blurSigmaMax] pixels. */
	public final double blurSigmaMax;

	public Augmentation(final boolean flips, final boolean rot90, final boolean elastic,
			final double elasticSigma, final double elasticProbability, final double scaleMin,
			final double scaleMax, final double shiftMin, final double shiftMax,
			final double noiseStdMax) {
		this(flips, rot90, elastic, elasticSigma, elasticProbability, scaleMin, scaleMax, shiftMin,
				shiftMax, noiseStdMax, 1, 1, 0);
	}

	public Augmentation(final boolean flips, final boolean rot90, final boolean elastic,
			final double elasticSigma, final double elasticProbability, final double scaleMin,
			final double scaleMax, final double shiftMin, final double shiftMax,
			final double noiseStdMax, final double zoomMin, final double zoomMax,
			final double blurSigmaMax) {
		require(zoomMin > 0 && zoomMin <= zoomMax && zoomMax <= 4,
				"zoom range " + zoomMin + ".." + zoomMax + " is not valid; give 0 < min <= max <= 4");
		require(blurSigmaMax >= 0 && blurSigmaMax <= 5,
				"blur sigma " + blurSigmaMax + " is out of range; give 0 to 5 pixels");
		require(elasticSigma >= 0, "elastic sigma " + elasticSigma + " is negative; give 0 or more pixels");
		require(elasticProbability >= 0 && elasticProbability <= 1,
				"elastic probability " + elasticProbability + " is not between 0 and 1");
		require(scaleMin > 0 && scaleMin <= scaleMax,
				"intensity scale range " + scaleMin + ".." + scaleMax + " is not valid; give 0 < min <= max");
		require(shiftMin <= shiftMax,
				"intensity shift range " + shiftMin + ".." + shiftMax + " is not valid; give min <= max");
		require(noiseStdMax >= 0, "noise standard deviation " + noiseStdMax + " is negative; give 0 or more");
		this.flips = flips;
		this.rot90 = rot90;
		this.elastic = elastic;
		this.elasticSigma = elasticSigma;
		this.elasticProbability = elasticProbability;
		this.scaleMin = scaleMin;
		this.scaleMax = scaleMax;
		this.shiftMin = shiftMin;
		this.shiftMax = shiftMax;
		this.noiseStdMax = noiseStdMax;
		this.zoomMin = zoomMin;
		this.zoomMax = zoomMax;
		this.blurSigmaMax = blurSigmaMax;
	}

	/** Settings that suit most microscopy images normalised to about 0..1. */
	public static Augmentation defaults() {
		return new Augmentation(true, true, true, 10, 0.5, 0.9, 1.1, -0.1, 0.1, 0.02);
	}

	/** Settings that leave patches as they are. */
	public static Augmentation none() {
		return new Augmentation(false, false, false, 10, 0.5, 1, 1, 0, 0, 0);
	}

	public Augmentation withFlips(final boolean on) {
		return new Augmentation(on, rot90, elastic, elasticSigma, elasticProbability, scaleMin,
				scaleMax, shiftMin, shiftMax, noiseStdMax, zoomMin, zoomMax, blurSigmaMax);
	}

	public Augmentation withRot90(final boolean on) {
		return new Augmentation(flips, on, elastic, elasticSigma, elasticProbability, scaleMin,
				scaleMax, shiftMin, shiftMax, noiseStdMax, zoomMin, zoomMax, blurSigmaMax);
	}

	public Augmentation withElastic(final boolean on) {
		return new Augmentation(flips, rot90, on, elasticSigma, elasticProbability, scaleMin,
				scaleMax, shiftMin, shiftMax, noiseStdMax, zoomMin, zoomMax, blurSigmaMax);
	}

	public Augmentation withElasticSigma(final double sigma) {
		return new Augmentation(flips, rot90, elastic, sigma, elasticProbability, scaleMin,
				scaleMax, shiftMin, shiftMax, noiseStdMax, zoomMin, zoomMax, blurSigmaMax);
	}

	public Augmentation withElasticProbability(final double probability) {
		return new Augmentation(flips, rot90, elastic, elasticSigma, probability, scaleMin,
				scaleMax, shiftMin, shiftMax, noiseStdMax, zoomMin, zoomMax, blurSigmaMax);
	}

	public Augmentation withIntensityScale(final double min, final double max) {
		return new Augmentation(flips, rot90, elastic, elasticSigma, elasticProbability, min, max,
				shiftMin, shiftMax, noiseStdMax, zoomMin, zoomMax, blurSigmaMax);
	}

	public Augmentation withIntensityShift(final double min, final double max) {
		return new Augmentation(flips, rot90, elastic, elasticSigma, elasticProbability, scaleMin,
				scaleMax, min, max, noiseStdMax, zoomMin, zoomMax, blurSigmaMax);
	}

	public Augmentation withNoiseStdMax(final double max) {
		return new Augmentation(flips, rot90, elastic, elasticSigma, elasticProbability, scaleMin,
				scaleMax, shiftMin, shiftMax, max, zoomMin, zoomMax, blurSigmaMax);
	}

	public Augmentation withZoom(final double min, final double max) {
		return new Augmentation(flips, rot90, elastic, elasticSigma, elasticProbability, scaleMin,
				scaleMax, shiftMin, shiftMax, noiseStdMax, min, max, blurSigmaMax);
	}

	public Augmentation withBlurSigmaMax(final double max) {
		return new Augmentation(flips, rot90, elastic, elasticSigma, elasticProbability, scaleMin,
				scaleMax, shiftMin, shiftMax, noiseStdMax, zoomMin, zoomMax, max);
	}

	@Override
	public String toString() {
		final java.util.List<String> parts = new java.util.ArrayList<>();
		if (flips) parts.add("flips");
		if (rot90) parts.add("quarter turns");
		if (zoomMin != 1 || zoomMax != 1) parts.add(String.format(java.util.Locale.ROOT,
				"zoom %.2f-%.2f", zoomMin, zoomMax));
		if (elastic) parts.add(String.format(java.util.Locale.ROOT, "elastic sigma %.3g (p %.2f)",
				elasticSigma, elasticProbability));
		if (scaleMin != 1 || scaleMax != 1 || shiftMin != 0 || shiftMax != 0) parts.add(String.format(
				java.util.Locale.ROOT, "intensity x%.2f-%.2f %+.2f..%+.2f", scaleMin, scaleMax, shiftMin,
				shiftMax));
		if (noiseStdMax > 0) parts.add(String.format(java.util.Locale.ROOT, "noise sd up to %.3g",
				noiseStdMax));
		if (blurSigmaMax > 0) parts.add(String.format(java.util.Locale.ROOT, "blur sigma up to %.3g",
				blurSigmaMax));
		return parts.isEmpty() ? "none" : String.join(", ", parts);
	}

	private static void require(final boolean condition, final String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}
}
