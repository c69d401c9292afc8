package org.pixelwise.data;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * One training example as the user gives it: an image (X, Y, optionally a channel axis last)
 * and a label image of the same X/Y size, both any ImgLib2 real type (8/16-bit or float); or a
 * volume: a z-stack (X, Y, Z, optionally channels last) with a label stack (X, Y, Z).
 */
public final class AnnotatedImage {
	public final String name;
	public final RandomAccessibleInterval<? extends RealType<?>> image;
	public final RandomAccessibleInterval<? extends RealType<?>> labels;
	/** True when the image's last axis holds channels. */
	public final boolean hasChannelAxis;
	/** True for a z-stack trained as one volume (axes X, Y, Z), false for an image. */
	public final boolean volume;

	public AnnotatedImage(final String name, final RandomAccessibleInterval<? extends RealType<?>> image,
		final RandomAccessibleInterval<? extends RealType<?>> labels, final boolean hasChannelAxis)
	{
		this(name, image, labels, hasChannelAxis, false);
	}

	private AnnotatedImage(final String name,
		final RandomAccessibleInterval<? extends RealType<?>> image,
		final RandomAccessibleInterval<? extends RealType<?>> labels, final boolean hasChannelAxis,
		final boolean volume)
	{
		this.volume = volume;
		this.name = name;
		this.image = image;
		this.labels = labels;
		this.hasChannelAxis = hasChannelAxis;
	}

	/** A z-stack (X, Y, Z, and channels last when {@code hasChannelAxis}) with its label stack. */
	public static AnnotatedImage volume(final String name,
		final RandomAccessibleInterval<? extends RealType<?>> image,
		final RandomAccessibleInterval<? extends RealType<?>> labels, final boolean hasChannelAxis)
	{
		return new AnnotatedImage(name, image, labels, hasChannelAxis, true);
	}

	public AnnotatedImage(final String name, final RandomAccessibleInterval<? extends RealType<?>> image,
		final RandomAccessibleInterval<? extends RealType<?>> labels)
	{
		this(name, image, labels, image.numDimensions() == 3);
	}
}
