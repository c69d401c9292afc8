package org.pixelwise.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;

class TestTimeAugmentationTest {

	/** Every orientation turned back lands each pixel where it came from. */
	@Test
	void aPredictionThatCopiesItsInputComesBackUnchanged() {
		final int w = 5, h = 3;
		final float[] pixels = new float[w * h];
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = i * i;
		final Img<FloatType> image = ArrayImgs.floats(pixels, w, h);
		final List<long[]> shapes = new ArrayList<>();
		final Img<FloatType> averaged = TestTimeAugmentation.average(image, view -> {
			shapes.add(view.dimensionsAsLongArray());
			final Img<FloatType> copy = ArrayImgs.floats(view.dimension(0), view.dimension(1), 1);
			final net.imglib2.Cursor<FloatType> to = Views.flatIterable(copy).cursor();
			for (final net.imglib2.type.numeric.RealType<?> v : Views.flatIterable(view))
				to.next().setReal(v.getRealDouble());
			return copy;
		});
		assertEquals(8, shapes.size());
		final float[] result = new float[w * h];
		int i = 0;
		for (final FloatType v : Views.flatIterable(averaged))
			result[i++] = v.get();
		assertArrayEquals(pixels, result, 1e-3f);
	}

	/** The eight orientations are eight different images. */
	@Test
	void theEightOrientationsDiffer() {
		final Img<FloatType> image = ArrayImgs.floats(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, 3, 3);
		final Set<String> seen = new HashSet<>();
		for (int k = 0; k < TestTimeAugmentation.ORIENTATIONS; k++) {
			final StringBuilder s = new StringBuilder();
			for (final FloatType v : Views.flatIterable(TestTimeAugmentation.orient(image, k)))
				s.append((int) v.get());
			seen.add(s.toString());
		}
		assertEquals(8, seen.size(), seen.toString());
	}
}
