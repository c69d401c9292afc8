package org.pixelwise.data;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Copies 2-D ImgLib2 images (X, Y and an optional channel axis), and z-stacks (X, Y, Z and an
 * optional channel axis) plane by plane, into the flat row-major, channel-interleaved float
 * arrays that TensorFlow reads, checking for NaN on the way.
 */
public final class Planes {

	private Planes() {}

	/** Pixels as [y][x][c] floats; {@code what} names the image in error messages. */
	public static float[] pixels(final RandomAccessibleInterval<? extends RealType<?>> image,
		final boolean hasChannelAxis, final String what)
	{
		final int width = (int) image.dimension(0);
		final int height = (int) image.dimension(1);
		final int channels = hasChannelAxis ? (int) image.dimension(2) : 1;
		final float[] values = new float[width * height * channels];
		for (int c = 0; c < channels; c++) {
			final RandomAccessibleInterval<? extends RealType<?>> plane = hasChannelAxis ? Views
				.hyperSlice(image, 2, image.min(2) + c) : image;
			final Cursor<? extends RealType<?>> cursor = Views.flatIterable(plane).cursor();
			for (int i = 0; i < width * height; i++) {
				final float v = cursor.next().getRealFloat();
				if (Float.isNaN(v)) throw new IllegalArgumentException(what + " contains NaN pixels (first at x=" +
					i % width + ", y=" + i / width + (channels > 1 ? ", channel " + c : "") +
					"); replace NaN with a number, e.g. with Process > Math > NaN Background or by masking them as unannotated");
				values[i * channels + c] = v;
			}
		}
		return values;
	}

	/** Voxels of a z-stack (X, Y, Z, channels last if any) as [z][y][x][c] floats. */
	public static float[] volumePixels(final RandomAccessibleInterval<? extends RealType<?>> stack,
		final boolean hasChannelAxis, final String what)
	{
		final int depth = (int) stack.dimension(2);
		final java.util.List<float[]> planes = new java.util.ArrayList<>();
		int total = 0;
		for (int z = 0; z < depth; z++) {
			final RandomAccessibleInterval<? extends RealType<?>> plane = Views.hyperSlice(stack, 2, stack
				.min(2) + z);
			final float[] values = pixels(plane, hasChannelAxis, what + " (plane " + (z + 1) + ")");
			planes.add(values);
			total += values.length;
		}
		final float[] all = new float[total];
		int offset = 0;
		for (final float[] plane : planes) {
			System.arraycopy(plane, 0, all, offset, plane.length);
			offset += plane.length;
		}
		return all;
	}

	/** Label values as ints, in raster order (x fastest, then y, then z for a stack). */
	public static int[] labels(final RandomAccessibleInterval<? extends RealType<?>> labels,
		final String what)
	{
		final int width = (int) labels.dimension(0), height = (int) labels.dimension(1);
		final int[] values = new int[(int) net.imglib2.util.Intervals.numElements(labels)];
		final Cursor<? extends RealType<?>> cursor = Views.flatIterable(labels).cursor();
		for (int i = 0; i < values.length; i++) {
			final double v = cursor.next().getRealDouble();
			if (Double.isNaN(v) || v != Math.rint(v)) throw new IllegalArgumentException(what +
				" has a non-integer value " + v + " at x=" + i % width + ", y=" + i / width % height +
				(i >= width * height ? ", z=" + i / (width * height) : "") +
				"; labels must be whole numbers (0 = background, 1..K = classes)");
			values[i] = (int) v;
		}
		return values;
	}

	/**
	 * Voxels [z][y][x][c], as a network gives them, as an image (X, Y, C, Z): ImageJ's plane
	 * order, x fastest, then y, channel, z.
	 */
	public static Img<FloatType> byPlane(final float[] voxels, final Grid grid,
		final int channels)
	{
		final int plane = grid.width * grid.height;
		final float[] planes = new float[voxels.length];
		for (int z = 0; z < grid.depth; z++)
			for (int i = 0; i < plane; i++)
				for (int c = 0; c < channels; c++)
					planes[(z * channels + c) * plane + i] = voxels[(z * plane + i) * channels + c];
		return ArrayImgs.floats(planes, grid.width, grid.height, channels, grid.depth);
	}

	/**
	 * As {@link #byPlane}, reordering {@code voxels} in place: each plane's values occupy the
	 * same stretch of the array in both orders, so one plane of scratch suffices, and the
	 * probabilities of a 128 x 1024 x 1024 stack (1.5 GB for three classes) are not held twice.
	 * {@code voxels} is the image's storage afterwards.
	 */
	public static Img<FloatType> byPlaneInPlace(final float[] voxels, final Grid grid,
		final int channels)
	{
		final int plane = grid.width * grid.height;
		final float[] scratch = new float[plane * channels];
		for (int z = 0; z < grid.depth; z++) {
			final int start = z * plane * channels;
			System.arraycopy(voxels, start, scratch, 0, scratch.length);
			for (int i = 0; i < plane; i++)
				for (int c = 0; c < channels; c++)
					voxels[start + c * plane + i] = scratch[i * channels + c];
		}
		return ArrayImgs.floats(voxels, grid.width, grid.height, channels, grid.depth);
	}

	/** The inverse of {@link #byPlane}: an image (X, Y, C, Z) as voxels [z][y][x][c]. */
	public static float[] interleaved(final RandomAccessibleInterval<? extends RealType<?>> image) {
		final int w = (int) image.dimension(0), h = (int) image.dimension(1);
		final int channels = (int) image.dimension(2), d = (int) image.dimension(3);
		final int plane = w * h;
		final float[] voxels = new float[plane * channels * d];
		final Cursor<? extends RealType<?>> cursor = Views.flatIterable(image).cursor();
		for (int z = 0; z < d; z++)
			for (int c = 0; c < channels; c++)
				for (int i = 0; i < plane; i++)
					voxels[(z * plane + i) * channels + c] = cursor.next().getRealFloat();
		return voxels;
	}
}
