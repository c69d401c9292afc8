package org.pixelwise.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;

/** Tiles read straight from ImageJ's plane arrays equal those read through ImgLib2. */
class TileReaderTest {

	@Test
	void planeArraysGiveTheTilesThatGenericAccessGives() {
		final Random random = new Random(2);
		final List<RandomAccessibleInterval<? extends RealType<?>>> images = List.of(PlanarImgs
			.unsignedBytes(13, 9), PlanarImgs.unsignedShorts(13, 9, 3), PlanarImgs.floats(13, 9));
		for (final RandomAccessibleInterval<? extends RealType<?>> image : images) {
			for (final RealType<?> v : Views.iterable(image))
				v.setReal(random.nextInt(60000) % (v.getMaxValue() + 1));
			final int channels = image.numDimensions() > 2 ? 3 : 1;
			final TileReader planes = new TileReader(image, v -> v / 7 - 1, channels);
			final TileReader generic = new TileReader(Views.interval(image, image), v -> v / 7 - 1,
				channels);
			// Windows past every border, mirrored, as the second of two tiles.
			for (final long[] at : new long[][] { { -5, -4 }, { 6, 3 }, { -20, 10 } }) {
				final float[] a = new float[2 * 16 * 11 * channels], b = new float[a.length];
				planes.readWindow(at[0], at[1], 16, 11, a, 1);
				generic.readWindow(at[0], at[1], 16, 11, b, 1);
				assertArrayEquals(b, a, image.getClass().getSimpleName() + " at " + at[0] + "," + at[1]);
				assertTrue(a[a.length - 1] != 0 || a[a.length - 2] != 0, "the second tile is filled");
			}
		}
	}

	@Test
	void aNaNInAFloatPlaneIsNamedWithItsPosition() {
		final net.imglib2.img.planar.PlanarImg<FloatType, ?> image = PlanarImgs.floats(8, 6);
		final net.imglib2.RandomAccess<FloatType> pixel = image.randomAccess();
		pixel.setPosition(new int[] { 5, 4 });
		pixel.get().set(Float.NaN);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new TileReader(image, v -> v, 1).readWindow(0, 0, 8, 6, new float[48], 0));
		assertTrue(e.getMessage().contains("NaN pixels (one at x=5, y=4)"), e.getMessage());
	}
}
