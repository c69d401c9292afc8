package org.pixelwise.data;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * One training example as the user gives it: an image (X, Y, optionally a channel axis last)
 * and a label image of the same X/Y size, both any ImgLib2 real type (8/16-bit or float).
 */
public final class AnnotatedImage {
	public final String name;
	public final RandomAccessibleInterval<? extends RealType<?>> image;
	public final RandomAccessibleInterval<? extends RealType<?>> labels;
	/** True when the image's last axis holds channels. */
	public final boolean hasChannelAxis;

	public AnnotatedImage(final String name, final RandomAccessibleInterval<? extends RealType<?>> image,
		final RandomAccessibleInterval<? extends RealType<?>> labels, final boolean hasChannelAxis)
	{
		this.name = name;
		this.image = image;
		this.labels = labels;
		this.hasChannelAxis = hasChannelAxis;
	}

	public AnnotatedImage(final String name, final RandomAccessibleInterval<? extends RealType<?>> image,
		final RandomAccessibleInterval<? extends RealType<?>> labels)
	{
		this(name, image, labels, image.numDimensions() == 3);
	}
}
