package org.pixelwise.imagej;

import java.util.Arrays;

import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The engine's outputs (probabilities as floats, labels as unsigned bytes, instances as ints,
 * each one ArrayImg) turned into ImageJ planes straight from their arrays. Read through
 * ImgLib2's generic cursors, the range scan and the plane copies of one 1024² segmentation
 * took about 60 ms, as much as a third of what Segment Folder spends outside the network.
 */
final class ArrayPixels {

	private ArrayPixels() {}

	/**
	 * The one array behind {@code image} in ImgLib2's flat order (x fastest), when it is an
	 * ArrayImg of FloatType (float[]), UnsignedByteType (byte[]) or IntType (int[]); else null.
	 */
	static Object of(final RandomAccessibleInterval<?> image) {
		if (!(image instanceof ArrayImg)) return null;
		final Object type = ((ArrayImg<?, ?>) image).firstElement();
		final Object data = ((ArrayImg<?, ?>) image).update(null);
		if (!(data instanceof ArrayDataAccess)) return null;
		final Object pixels = ((ArrayDataAccess<?>) data).getCurrentStorageArray();
		final boolean known = type instanceof FloatType && pixels instanceof float[] ||
			type instanceof UnsignedByteType && pixels instanceof byte[] || type instanceof IntType &&
				pixels instanceof int[];
		return known ? pixels : null;
	}

	/** Smallest and largest value, ignoring NaN; {+inf, -inf} when there is none. */
	static double[] range(final Object pixels) {
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		if (pixels instanceof float[]) for (final float v : (float[]) pixels) {
			if (v < min) min = v;
			if (v > max) max = v;
		}
		else if (pixels instanceof byte[]) for (final byte b : (byte[]) pixels) {
			final int v = b & 0xff;
			if (v < min) min = v;
			if (v > max) max = v;
		}
		else for (final int v : (int[]) pixels) {
			if (v < min) min = v;
			if (v > max) max = v;
		}
		return new double[] { min, max };
	}

	/**
	 * A processor on the array itself when it is one plane of floats or unsigned bytes, so that
	 * a large result is not held twice (an 8192² probability map is 268 MB); else null.
	 */
	static ImageProcessor whole(final Object pixels, final int width, final int height) {
		if (pixels instanceof float[] && ((float[]) pixels).length == width * height)
			return new FloatProcessor(width, height, (float[]) pixels);
		if (pixels instanceof byte[] && ((byte[]) pixels).length == width * height)
			return new ByteProcessor(width, height, (byte[]) pixels);
		return null;
	}

	/**
	 * Plane {@code p} of {@code width} x {@code height} pixels, copied: floats and bytes as
	 * they are, ints as 16-bit ({@code bitDepth} 16, values in 0..65535) or 32-bit.
	 */
	static ImageProcessor plane(final Object pixels, final int p, final int width,
		final int height, final int bitDepth)
	{
		final int size = width * height, from = p * size;
		if (pixels instanceof float[]) return new FloatProcessor(width, height, Arrays.copyOfRange(
			(float[]) pixels, from, from + size));
		if (pixels instanceof byte[]) return new ByteProcessor(width, height, Arrays.copyOfRange(
			(byte[]) pixels, from, from + size));
		final int[] ints = (int[]) pixels;
		if (bitDepth == 16) {
			final short[] values = new short[size];
			for (int i = 0; i < size; i++)
				values[i] = (short) ints[from + i];
			return new ShortProcessor(width, height, values, null);
		}
		final float[] values = new float[size];
		for (int i = 0; i < size; i++)
			values[i] = ints[from + i];
		return new FloatProcessor(width, height, values);
	}
}
