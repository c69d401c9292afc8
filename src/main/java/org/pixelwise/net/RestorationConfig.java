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
	/** 2 for images, 3 for volumes (z-stacks; U-Net only, at the image's own size). */
	public final int dimensions;
	/** Volumes: z step over pixel size, which decides where the U-Net pools along z. */
	public final double anisotropy;

	public RestorationConfig(final Architecture architecture, final int scale, final int channels,
		final int features, final int blocks, final boolean residualOverBicubic)
	{
		this(architecture, scale, channels, features, blocks, residualOverBicubic, 2, 1);
	}

	public RestorationConfig(final Architecture architecture, final int scale, final int channels,
		final int features, final int blocks, final boolean residualOverBicubic, final int dimensions,
		final double anisotropy)
	{
		if (dimensions == 3 && (architecture != Architecture.UNET || scale != 1))
			throw new IllegalArgumentException("volumes are restored by the unet architecture at " +
				"scale 1 (denoising, deblurring); use architecture=unet and scale=1, or dimensions=2 " +
				"to restore stacks slice by slice");
		if (dimensions == 3 && blocks < 1) throw new IllegalArgumentException(
			"a 3-D U-Net needs at least 1 level (blocks)");
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
		this.dimensions = dimensions;
		// Checked (0.25 to 16) by the U-Net it describes.
		this.anisotropy = dimensions == 3 ? anisotropy : 1;
		if (dimensions == 3) body();
	}

	/**
	 * The default volume restorer, as CSBDeep's CARE uses for stacks: a 3-D U-Net of 2 levels
	 * with 32 base filters, at x1.
	 *
	 * @param anisotropy z step over pixel size
	 */
	public static RestorationConfig volume(final int channels, final boolean residual,
		final double anisotropy)
	{
		return new RestorationConfig(Architecture.UNET, 1, channels, 32, 2, residual, 3, anisotropy);
	}

	/** The U-Net body of the unet architecture: 2-D with resize upsampling, 3-D with transposed. */
	public UNetConfig body() {
		return dimensions == 3 ? new UNetConfig(blocks, features, false, 0,
			UNetConfig.Upsampling.TRANSPOSED, channels, features, 3, anisotropy) : new UNetConfig(Math
				.max(1, blocks), features, false, 0, UNetConfig.Upsampling.RESIZE, channels, features);
	}

	/** Volume depths must be a multiple of this (1 for images). */
	public int zSizeMultiple() {
		return dimensions == 3 ? body().zSizeMultiple() : 1;
	}

	/** As {@link #receptiveFieldRadius()}, along z: the body's and the output convolution's. */
	public int zReceptiveFieldRadius() {
		return dimensions == 3 ? body().zReceptiveFieldRadius() + 1 : 0;
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
				return body().receptiveFieldRadius() + 1 + bicubic;
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
		// Only for volumes, so that the descriptions of image models read as before.
		if (dimensions == 3) {
			map.put("dimensions", dimensions);
			map.put("anisotropy", anisotropy);
		}
		return map;
	}

	public static RestorationConfig fromMap(final Map<?, ?> map) {
		return new RestorationConfig(Architecture.valueOf(String.valueOf(map.get("architecture"))
			.toUpperCase(Locale.ROOT)), ((Number) map.get("scale")).intValue(), ((Number) map.get(
				"channels")).intValue(), ((Number) map.get("features")).intValue(), ((Number) map.get(
					"blocks")).intValue(), Boolean.TRUE.equals(map.get("residual_over_bicubic")), map
						.containsKey("dimensions") ? ((Number) map.get("dimensions")).intValue() : 2, map
							.containsKey("anisotropy") ? ((Number) map.get("anisotropy")).doubleValue() : 1);
	}

	@Override
	public String toString() {
		return (dimensions == 3 ? "3-D " : "") + architecture.name() + " x" + scale + ", " + channels + " channel(s), " + features +
			" features" + (architecture == Architecture.ESPCN ? "" : ", " + blocks + (architecture ==
				Architecture.EDSR ? " residual blocks" : " levels")) + (residualOverBicubic
					? scale == 1 ? ", residual over the input" : ", residual over bicubic" : "");
	}
}
