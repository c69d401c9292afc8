package org.pixelwise.head;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * What segmenting one 2-D image gives: class probabilities (X, Y, class), the label image
 * (class per pixel) and, for binary and instance models, instance labels (one id per object).
 */
public final class Segmentation {
	public final Img<FloatType> probabilities;
	/** The class of each pixel; bytes, since models have at most 255 classes. */
	public final Img<UnsignedByteType> labels;
	/** Null for multi-class models, which have no notion of objects. */
	public final Img<IntType> instances;

	public Segmentation(final Img<FloatType> probabilities, final Img<UnsignedByteType> labels,
		final Img<IntType> instances)
	{
		this.probabilities = probabilities;
		this.labels = labels;
		this.instances = instances;
	}
}
