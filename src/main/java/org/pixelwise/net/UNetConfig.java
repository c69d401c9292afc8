package org.pixelwise.net;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of a U-Net (Ronneberger et al. 2015): how deep it is, how wide, and how it
 * normalises and upsamples. It is everything needed to rebuild the same network, so it is
 * stored with every model.
 */
public final class UNetConfig {

	/** How the decoder doubles the resolution. */
	public enum Upsampling {
		/** A learned 2x2 transposed convolution, as in the original paper. */
		TRANSPOSED,
		/** Bilinear resize followed by a convolution, which avoids checkerboard artefacts. */
		RESIZE
	}

	/** Default depths: 4 levels for images, 3 for volumes (as in Çiçek et al. 2016). */
	public static final int IMAGE_DEPTH = 4, VOLUME_DEPTH = 3;

	public final int depth;
	public final int baseFilters;
	public final boolean batchNorm;
	public final double dropout;
	public final Upsampling upsampling;
	public final int inputChannels;
	/** Network output channels: 1 for a binary (sigmoid) model, K for K-class softmax. */
	public final int outputChannels;
	/** 2 for images, 3 for volumes (z-stacks, Çiçek et al. 2016). */
	public final int dimensions;
	/**
	 * Volumes only: the z step over the pixel size in x and y. Levels pool only in x and y until
	 * the voxel is roughly isotropic, as CSBDeep does, so thin z-stacks keep their z resolution.
	 */
	public final double anisotropy;

	public UNetConfig(final int depth, final int baseFilters, final boolean batchNorm,
		final double dropout, final Upsampling upsampling, final int inputChannels,
		final int outputChannels)
	{
		this(depth, baseFilters, batchNorm, dropout, upsampling, inputChannels, outputChannels, 2, 1);
	}

	public UNetConfig(final int depth, final int baseFilters, final boolean batchNorm,
		final double dropout, final Upsampling upsampling, final int inputChannels,
		final int outputChannels, final int dimensions, final double anisotropy)
	{
		if (dimensions != 2 && dimensions != 3) throw new IllegalArgumentException("dimensions " +
			dimensions + " is out of range; use 2 (images) or 3 (volumes)");
		if (dimensions == 3 && upsampling != Upsampling.TRANSPOSED) throw new IllegalArgumentException(
			"a 3-D U-Net upsamples with transposed convolutions; TensorFlow has no trilinear resize");
		if (!(anisotropy >= 0.25 && anisotropy <= 16)) throw new IllegalArgumentException(
			"anisotropy " + anisotropy + " (z step / pixel size) is out of range; use 0.25 to 16 " +
				"(1 for isotropic voxels)");
		if (depth < 1 || depth > 6) throw new IllegalArgumentException("U-Net depth " + depth +
			" is out of range; use 1 to 6 (4 is typical)");
		if (baseFilters < 1) throw new IllegalArgumentException("base filters must be positive, not " +
			baseFilters);
		if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("dropout " + dropout +
			" must be in [0, 1)");
		if (inputChannels < 1) throw new IllegalArgumentException("input channels must be positive");
		if (outputChannels < 1) throw new IllegalArgumentException("output channels must be positive");
		this.depth = depth;
		this.baseFilters = baseFilters;
		this.batchNorm = batchNorm;
		this.dropout = dropout;
		this.upsampling = upsampling;
		this.inputChannels = inputChannels;
		this.outputChannels = outputChannels;
		this.dimensions = dimensions;
		this.anisotropy = dimensions == 3 ? anisotropy : 1;
	}

	/**
	 * The default 3-D network, as Train Segmentation builds it with dimensions=3: depth 3, 16
	 * base filters, batch norm, transposed convolutions.
	 *
	 * @param anisotropy z step over pixel size
	 */
	public static UNetConfig volume(final int inputChannels, final int outputChannels,
		final double anisotropy)
	{
		return new UNetConfig(VOLUME_DEPTH, 16, true, 0.0, Upsampling.TRANSPOSED, inputChannels,
			outputChannels, 3, anisotropy);
	}

	/** Whether level {@code level} pools (and upsamples) along z as well as x and y. */
	public boolean poolsZ(final int level) {
		if (dimensions != 3) return false;
		double zVoxel = anisotropy;
		for (int l = 0; l <= level; l++) {
			final boolean pools = zVoxel <= 1.5 * (1 << l);
			if (l == level) return pools;
			if (pools) zVoxel *= 2;
		}
		return false;
	}

	/** Volume depths must be a multiple of this: the product of the z pooling factors. */
	public int zSizeMultiple() {
		int multiple = 1;
		for (int level = 0; level < depth; level++)
			if (poolsZ(level)) multiple *= 2;
		return multiple;
	}

	/** As {@link #receptiveFieldRadius()}, along z (0 for images). */
	public int zReceptiveFieldRadius() {
		if (dimensions != 3) return 0;
		int radius = 0;
		int scale = 1;
		for (int level = 0; level < depth; level++) {
			final int pool = poolsZ(level) ? scale : 0;
			radius += 4 * scale + 2 * pool; // four 3x3x3 convolutions, pooling, upsampling
			if (poolsZ(level)) scale *= 2;
		}
		return radius + 2 * scale;
	}

	/** The default network: depth 4, 16 base filters, batch norm, transposed convolutions. */
	public static UNetConfig defaults(final int inputChannels, final int outputChannels) {
		return new UNetConfig(IMAGE_DEPTH, 16, true, 0.0, Upsampling.TRANSPOSED, inputChannels,
			outputChannels);
	}

	/** Input sizes must be a multiple of this, because each level halves the resolution. */
	public int sizeMultiple() {
		return 1 << depth;
	}

	/**
	 * How far, in input pixels, an output pixel can see. Context beyond this radius cannot change
	 * the output, so tiles that overlap by this much reproduce whole-image prediction exactly.
	 */
	public int receptiveFieldRadius() {
		int radius = 0;
		for (int level = 0; level < depth; level++) {
			final int scale = 1 << level;
			radius += 2 * scale; // two 3x3 convolutions in the encoder
			radius += scale; // 2x2 max pooling
			radius += 2 * scale; // two 3x3 convolutions in the decoder
			radius += upsampling == Upsampling.RESIZE ? 3 * scale : scale; // upsampling step
		}
		radius += 2 * (1 << depth); // the bottleneck's two convolutions
		return radius;
	}

	public Map<String, Object> toMap() {
		final Map<String, Object> map = new LinkedHashMap<>();
		map.put("depth", depth);
		map.put("base_filters", baseFilters);
		map.put("batch_norm", batchNorm);
		map.put("dropout", dropout);
		map.put("upsampling", upsampling.name().toLowerCase());
		map.put("input_channels", inputChannels);
		map.put("output_channels", outputChannels);
		if (dimensions != 2) {
			map.put("dimensions", dimensions);
			map.put("anisotropy", anisotropy);
		}
		return map;
	}

	public static UNetConfig fromMap(final Map<?, ?> map) {
		return new UNetConfig(intOf(map, "depth"), intOf(map, "base_filters"),
			Boolean.TRUE.equals(map.get("batch_norm")), ((Number) require(map, "dropout")).doubleValue(),
			Upsampling.valueOf(String.valueOf(require(map, "upsampling")).toUpperCase()),
			intOf(map, "input_channels"), intOf(map, "output_channels"), map.containsKey("dimensions")
				? intOf(map, "dimensions") : 2, map.containsKey("anisotropy") ? ((Number) map.get(
					"anisotropy")).doubleValue() : 1);
	}

	private static int intOf(final Map<?, ?> map, final String key) {
		return ((Number) require(map, key)).intValue();
	}

	private static Object require(final Map<?, ?> map, final String key) {
		final Object value = map.get(key);
		if (value == null) throw new IllegalArgumentException("network description lacks '" + key +
			"'");
		return value;
	}

	@Override
	public String toString() {
		return "U-Net depth " + depth + ", " + baseFilters + " base filters" + (batchNorm
			? ", batch norm" : "") + (dropout > 0 ? ", dropout " + dropout : "") + ", " + upsampling
				.name().toLowerCase() + " upsampling, " + inputChannels + " in, " + outputChannels +
			" out" + (dimensions == 3 ? ", 3-D (anisotropy " + anisotropy + ")" : "");
	}
}
