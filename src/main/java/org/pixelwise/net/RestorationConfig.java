package org.pixelwise.net;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The shape of a restoration / super-resolution network: which architecture, the upscaling
 * factor, the image channels, the width and depth, and whether it learns a residual over the
 * bicubic upsampling. Stored with every restoration model so it can be rebuilt.
 */
public final class RestorationConfig {

	public enum Architecture {
		/** Shi et al. 2016: three convolutions and a sub-pixel (pixel-shuffle) layer. */
		ESPCN,
		/** Lim et al. 2017: residual blocks without batch norm, residual scaling, pixel shuffle. */
		EDSR,
		/** A U-Net whose head is a sub-pixel layer, for denoising (x1) and upscaling. */
		UNET
	}

	public final Architecture architecture;
	public final int scale;
	public final int channels;
	/** Feature maps per layer (ESPCN's first layer, EDSR's blocks, the U-Net's base filters). */
	public final int features;
	/** EDSR residual blocks, or U-Net depth. */
	public final int blocks;
	public final boolean residualOverBicubic;

	public RestorationConfig(final Architecture architecture, final int scale, final int channels,
		final int features, final int blocks, final boolean residualOverBicubic)
	{
		if (scale < 1 || scale > 4) throw new IllegalArgumentException("scale " + scale +
			" is not supported; use 1 (restore without resizing), 2, 3 or 4");
		if (channels < 1) throw new IllegalArgumentException("channels must be positive");
		if (features < 1 || blocks < 0) throw new IllegalArgumentException(
			"features must be positive and blocks not negative");
		if (architecture == Architecture.ESPCN && scale == 1) throw new IllegalArgumentException(
			"ESPCN only upscales; use scale 2, 3 or 4, or the unet architecture to restore at x1");
		this.architecture = architecture;
		this.scale = scale;
		this.channels = channels;
		this.features = features;
		this.blocks = blocks;
		this.residualOverBicubic = residualOverBicubic;
	}

	/** Sensible sizes for a CPU: ESPCN 64 features; EDSR-baseline-like 32 x 8; U-Net 32 x 3. */
	public static RestorationConfig defaults(final Architecture architecture, final int scale,
		final int channels)
	{
		switch (architecture) {
			case ESPCN:
				return new RestorationConfig(architecture, scale, channels, 64, 0, false);
			case EDSR:
				return new RestorationConfig(architecture, scale, channels, 32, 8, false);
			default:
				return new RestorationConfig(architecture, scale, channels, 32, 3, scale > 1);
		}
	}

	/** Input sizes must be a multiple of this (the U-Net pools; the others take any size). */
	public int sizeMultiple() {
		return architecture == Architecture.UNET ? 1 << blocks : 1;
	}

	/**
	 * How far, in input pixels, an output pixel can see; tiles with this much context
	 * reproduce whole-image restoration.
	 */
	public int receptiveFieldRadius() {
		final int bicubic = residualOverBicubic ? 2 : 0;
		switch (architecture) {
			case ESPCN:
				return 2 + 1 + 1 + bicubic;
			case EDSR:
				return 1 + 2 * blocks + 1 + (scale == 4 ? 2 : 1) + 1 + bicubic;
			default:
				return new UNetConfig(Math.max(1, blocks), features, false, 0, UNetConfig.Upsampling.RESIZE,
					channels, features).receptiveFieldRadius() + 1 + bicubic;
		}
	}

	public Map<String, Object> toMap() {
		final Map<String, Object> map = new LinkedHashMap<>();
		map.put("architecture", architecture.name().toLowerCase(Locale.ROOT));
		map.put("scale", scale);
		map.put("channels", channels);
		map.put("features", features);
		map.put("blocks", blocks);
		map.put("residual_over_bicubic", residualOverBicubic);
		return map;
	}

	public static RestorationConfig fromMap(final Map<?, ?> map) {
		return new RestorationConfig(Architecture.valueOf(String.valueOf(map.get("architecture"))
			.toUpperCase(Locale.ROOT)), ((Number) map.get("scale")).intValue(), ((Number) map.get(
				"channels")).intValue(), ((Number) map.get("features")).intValue(), ((Number) map.get(
					"blocks")).intValue(), Boolean.TRUE.equals(map.get("residual_over_bicubic")));
	}

	@Override
	public String toString() {
		return architecture.name() + " x" + scale + ", " + channels + " channel(s), " + features +
			" features" + (architecture == Architecture.ESPCN ? "" : ", " + blocks + (architecture ==
				Architecture.EDSR ? " residual blocks" : " levels")) + (residualOverBicubic
					? ", residual over bicubic" : "");
	}
}
