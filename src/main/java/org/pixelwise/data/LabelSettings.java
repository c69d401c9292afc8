package org.pixelwise.data;

/**
 * How to turn label images into training targets: the label mode, which value marks
 * unannotated pixels, and whether to weight the gaps between touching objects (the U-Net
 * paper's border weight map, w0 = 10, sigma = 5 px).
 */
public final class LabelSettings {
	/** No ignore value: every pixel is annotated. */
	public static final int NO_IGNORE = Integer.MIN_VALUE;

	public final LabelMode mode;
	public final int ignoreValue;
	public final boolean borderWeights;
	public final double w0;
	public final double sigma;

	public LabelSettings(final LabelMode mode, final int ignoreValue, final boolean borderWeights,
		final double w0, final double sigma)
	{
		this.mode = mode;
		this.ignoreValue = ignoreValue;
		this.borderWeights = borderWeights;
		this.w0 = w0;
		this.sigma = sigma;
	}

	public static LabelSettings of(final LabelMode mode) {
		return new LabelSettings(mode, NO_IGNORE, mode != LabelMode.CLASSES, BorderWeightMap.DEFAULT_W0,
			BorderWeightMap.DEFAULT_SIGMA);
	}

	public LabelSettings withIgnoreValue(final int value) {
		return new LabelSettings(mode, value, borderWeights, w0, sigma);
	}

	public LabelSettings withBorderWeights(final boolean on) {
		return new LabelSettings(mode, ignoreValue, on, w0, sigma);
	}

	public boolean hasIgnoreValue() {
		return ignoreValue != NO_IGNORE;
	}
}
