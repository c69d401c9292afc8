package org.pixelwise.predict;

import java.util.function.Function;
import java.util.function.IntBinaryOperator;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Test-time augmentation: the prediction averaged over the image's eight orientations (four
 * quarter turns, each also mirrored), each turned back before averaging. It costs eight
 * predictions and evens out a network's preference for one orientation; for membranes it
 * closes some of the gaps a single prediction leaves.
 */
public final class TestTimeAugmentation {

	public static final int ORIENTATIONS = 8;

	private TestTimeAugmentation() {}

	/**
	 * The mean of {@code predict} over the eight orientations of {@code image} (X, Y and maybe
	 * further axes such as channels); the prediction has axes X, Y, then its own (classes),
	 * at the image's size or a whole multiple of it.
	 */
	public static Img<FloatType> average(
		final RandomAccessibleInterval<? extends RealType<?>> image,
		final Function<RandomAccessibleInterval<? extends RealType<?>>, Img<FloatType>> predict)
	{
		return average(image, predict, (channel, orientation) -> channel);
	}

	/**
	 * As above, for predictions whose channels depend on orientation, such as distances along
	 * rays: channel c of orientation k's prediction is added to channel {@code channels(c, k)}.
	 */
	public static Img<FloatType> average(
		final RandomAccessibleInterval<? extends RealType<?>> image,
		final Function<RandomAccessibleInterval<? extends RealType<?>>, Img<FloatType>> predict,
		final IntBinaryOperator channels)
	{
		Img<FloatType> sum = null;
		for (int orientation = 0; orientation < ORIENTATIONS; orientation++) {
			final Img<FloatType> turned = predict.apply(orient(image, orientation));
			final RandomAccessibleInterval<FloatType> back = unorient(turned, orientation);
			if (sum == null) sum = ArrayImgs.floats(back.dimensionsAsLongArray());
			final long count = back.numDimensions() > 2 ? back.dimension(2) : 1;
			for (int c = 0; c < count; c++) {
				final int target = channels.applyAsInt(c, orientation);
				final Cursor<FloatType> to = Views.flatIterable(count == 1 && back.numDimensions() == 2
					? sum : Views.hyperSlice(sum, 2, target)).cursor();
				final Cursor<FloatType> from = Views.flatIterable(count == 1 && back.numDimensions() == 2
					? back : Views.hyperSlice(back, 2, c)).cursor();
				while (to.hasNext())
					to.next().add(from.next());
			}
		}
		for (final FloatType v : sum)
			v.mul(1.0 / ORIENTATIONS);
		return sum;
	}

	/** Orientation k: k % 4 quarter turns, then a mirror of X when k >= 4. */
	static <T> RandomAccessibleInterval<T> orient(final RandomAccessibleInterval<T> image,
		final int k)
	{
		RandomAccessibleInterval<T> view = image;
		for (int t = 0; t < k % 4; t++)
			view = Views.rotate(view, 0, 1);
		if (k >= 4) view = Views.invertAxis(view, 0);
		return Views.zeroMin(view);
	}

	/** Undoes {@link #orient}: the mirror first, then the turns back. */
	static <T> RandomAccessibleInterval<T> unorient(final RandomAccessibleInterval<T> image,
		final int k)
	{
		RandomAccessibleInterval<T> view = image;
		if (k >= 4) view = Views.invertAxis(view, 0);
		for (int t = 0; t < k % 4; t++)
			view = Views.rotate(view, 1, 0);
		return Views.zeroMin(view);
	}
}
