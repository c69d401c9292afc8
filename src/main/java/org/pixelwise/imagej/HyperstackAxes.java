package org.pixelwise.imagej;

import ij.ImagePlus;

/**
 * Which axes an ImgLib2 view of an ImageJ image has beyond X and Y, and how long they are.
 * The order is always X, Y, then C (when {@link #hasChannelAxis}), then Z (when there is more
 * than one slice), then T (when there is more than one frame): axes of length one are left
 * out, except a channel axis that a caller asks for explicitly.
 */
public final class HyperstackAxes {
	/** True when axis 2 holds channels (several channels, or the R, G, B of a colour image). */
	public final boolean hasChannelAxis;
	public final int channels;
	public final int slices;
	public final int frames;

	/**
	 * @param hasChannelAxis whether axis 2 holds channels; without one, {@code channels} must be 1
	 * @param channels length of the channel axis
	 * @param slices number of Z slices; a Z axis exists only when this is above 1
	 * @param frames number of time points; a T axis exists only when this is above 1
	 */
	public HyperstackAxes(final boolean hasChannelAxis, final int channels, final int slices,
		final int frames)
	{
		if (channels < 1 || slices < 1 || frames < 1) throw new IllegalArgumentException(
			"channels, slices and frames must each be at least 1, not " + channels + ", " + slices + ", " +
				frames);
		if (!hasChannelAxis && channels != 1) throw new IllegalArgumentException(channels +
			" channels need a channel axis; pass hasChannelAxis = true");
		this.hasChannelAxis = hasChannelAxis;
		this.channels = channels;
		this.slices = slices;
		this.frames = frames;
	}

	/** The axes {@link ImagePlusImages#wrap} gives for this image. */
	public static HyperstackAxes of(final ImagePlus imp) {
		final boolean rgb = imp.getType() == ImagePlus.COLOR_RGB;
		final int channels = rgb ? 3 : imp.getNChannels();
		return new HyperstackAxes(channels > 1, channels, imp.getNSlices(), imp.getNFrames());
	}

	/** The same Z and T with {@code count} channels on a channel axis, e.g. class probabilities. */
	public HyperstackAxes withChannels(final int count) {
		return new HyperstackAxes(true, count, slices, frames);
	}

	/** The same Z and T with no channel axis, e.g. a label image predicted from a multi-channel one. */
	public HyperstackAxes withoutChannels() {
		return new HyperstackAxes(false, 1, slices, frames);
	}

	/** Index of the channel axis, or -1 when there is none. */
	public int channelAxis() {
		return hasChannelAxis ? 2 : -1;
	}

	/** Index of the Z axis, or -1 when there is only one slice. */
	public int sliceAxis() {
		return slices > 1 ? 2 + (hasChannelAxis ? 1 : 0) : -1;
	}

	/** Index of the T axis, or -1 when there is only one frame. */
	public int frameAxis() {
		return frames > 1 ? 2 + (hasChannelAxis ? 1 : 0) + (slices > 1 ? 1 : 0) : -1;
	}

	/** Number of axes of the view, X and Y included. */
	public int numDimensions() {
		return 2 + (hasChannelAxis ? 1 : 0) + (slices > 1 ? 1 : 0) + (frames > 1 ? 1 : 0);
	}

	/** Axis lengths of a view with these axes and the given plane size. */
	public long[] dimensions(final long width, final long height) {
		final long[] dims = new long[numDimensions()];
		dims[0] = width;
		dims[1] = height;
		if (hasChannelAxis) dims[channelAxis()] = channels;
		if (slices > 1) dims[sliceAxis()] = slices;
		if (frames > 1) dims[frameAxis()] = frames;
		return dims;
	}

	/** Number of X-Y planes, which ImageJ stores channel fastest, then slice, then frame. */
	public int planes() {
		return channels * slices * frames;
	}

	@Override
	public String toString() {
		return "XY" + (hasChannelAxis ? "C" + channels : "") + (slices > 1 ? "Z" + slices : "") +
			(frames > 1 ? "T" + frames : "");
	}
}
