package org.pixelwise.data;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.Type;
import net.imglib2.view.Views;

/**
 * Walks the 2-D slices of a stack or hyperstack: the axes from {@code first} on (Z, T, ...)
 * are flattened into one slice index, the first of them fastest, as ImageJ orders its planes.
 * Networks here are 2-D, so stacks and time series are processed one slice at a time.
 */
public final class StackSlices {

	private StackSlices() {}

	/** The number of slices: the product of the lengths of the axes from {@code first} on. */
	public static long count(final RandomAccessibleInterval<?> stack, final int first) {
		long count = 1;
		for (int a = first; a < stack.numDimensions(); a++)
			count *= stack.dimension(a);
		return count;
	}

	/** Slice {@code index}: the view with the axes from {@code first} on fixed. */
	public static <T> RandomAccessibleInterval<T> slice(final RandomAccessibleInterval<T> stack,
		final int first, final long index)
	{
		final int extra = stack.numDimensions() - first;
		final long[] position = new long[extra];
		long rest = index;
		for (int a = 0; a < extra; a++) {
			position[a] = rest % stack.dimension(first + a);
			rest /= stack.dimension(first + a);
		}
		RandomAccessibleInterval<T> slice = stack;
		for (int a = extra - 1; a >= 0; a--)
			slice = Views.hyperSlice(slice, first + a, stack.min(first + a) + position[a]);
		return slice;
	}

	/** Copies one image into another of the same size, in flat iteration order. */
	public static <T extends Type<T>> void copy(final RandomAccessibleInterval<T> from,
		final RandomAccessibleInterval<T> to)
	{
		final Cursor<T> source = Views.flatIterable(from).cursor();
		final Cursor<T> target = Views.flatIterable(to).cursor();
		while (source.hasNext())
			target.next().set(source.next());
	}

	/** The dimensions of a per-slice result of {@code sliceDims} stacked along the stack's extra axes. */
	public static long[] stacked(final long[] sliceDims, final RandomAccessibleInterval<?> stack,
		final int first)
	{
		final long[] dims = new long[sliceDims.length + stack.numDimensions() - first];
		System.arraycopy(sliceDims, 0, dims, 0, sliceDims.length);
		for (int a = first; a < stack.numDimensions(); a++)
			dims[sliceDims.length + a - first] = stack.dimension(a);
		return dims;
	}
}
