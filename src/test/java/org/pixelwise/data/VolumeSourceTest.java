package org.pixelwise.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.Random;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;

/** A z-stack read in place must give the network exactly what its normalised float copy gave. */
class VolumeSourceTest {

	private static Img<UnsignedShortType> randomStack(final long... dims) {
		final Img<UnsignedShortType> stack = ArrayImgs.unsignedShorts(dims);
		final Random random = new Random(5);
		for (final UnsignedShortType v : stack)
			v.set(200 + random.nextInt(3000));
		return stack;
	}

	@Test
	void aStackReadInPlaceEqualsItsNormalisedCopyChannelsAndMirrorsIncluded() {
		final Img<UnsignedShortType> stack = randomStack(13, 9, 7, 2);
		final float[] copy = Planes.volumePixels(stack, true, "stack");
		final PercentileNormalisation normalisation = PercentileNormalisation.fit(copy, 1, 99.8);
		normalisation.normaliseInPlace(copy);
		final Grid grid = new Grid(13, 9, 7);
		final VolumeSource inPlace = VolumeSource.of(stack, true).normalised(normalisation);
		assertEquals(2, inPlace.channels());
		assertArrayEquals(copy, inPlace.box(0, 0, 0, 13, 9, 7), "the whole stack, bit for bit");
		// A box reaching past every face reads what the float copy read, mirrored.
		final VolumeSource copied = VolumeSource.of(copy, grid, 2);
		final float[] box = inPlace.box(-4, -3, -2, 21, 15, 11);
		assertArrayEquals(copied.box(-4, -3, -2, 21, 15, 11), box);
		final int x = -4 + 2, y = -3 + 1, z = -2 + 10;
		final int expected = ((Grid.mirror(z, 7) * 9 + Grid.mirror(y, 9)) * 13 + Grid.mirror(x, 13)) *
			2 + 1;
		assertEquals(copy[expected], box[((10 * 15 + 1) * 21 + 2) * 2 + 1], 0, "mirrored by hand");
		assertTrue(Math.abs(copy[expected] - copy[expected - 1]) > 0, "channels differ");
	}

	@Test
	void percentilesOfAStackReadInPlaceEqualThoseOfItsCopySortedOrSampled() {
		final Img<UnsignedShortType> stack = randomStack(31, 17, 11);
		final float[] copy = Planes.volumePixels(stack, false, "stack");
		final VolumeSource raw = VolumeSource.of(stack, false);
		final PercentileNormalisation exact = PercentileNormalisation.fit(raw, 2, 99);
		final PercentileNormalisation expected = PercentileNormalisation.fit(copy, 2, 99);
		assertEquals(expected.low, exact.low, 0);
		assertEquals(expected.high, exact.high, 0);
		// Beyond the sample limit both draw the same voxels with the same seed.
		final PercentileNormalisation sampled = PercentileNormalisation.fit(raw, 2, 99, 1000);
		final PercentileNormalisation sampledCopy = PercentileNormalisation.fit(Collections
			.singletonList(copy), 2, 99, 1000);
		assertEquals(sampledCopy.low, sampled.low, 0);
		assertEquals(sampledCopy.high, sampled.high, 0);
		assertTrue(sampled.low != exact.low || sampled.high != exact.high,
			"1000 of 5797 voxels are a sample, not the whole: " + sampled.low + " " + exact.low);
	}

	@Test
	void aNaNVoxelIsNamedWithItsPosition() {
		final Img<FloatType> stack = ArrayImgs.floats(6, 5, 4);
		final RandomAccess<FloatType> voxel = stack.randomAccess();
		voxel.setPosition(new int[] { 3, 2, 1 });
		voxel.get().set(Float.NaN);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> VolumeSource.of(stack, false).box(0, 0, 0, 6, 5,
				4));
		assertTrue(e.getMessage().contains("x=3, y=2, z=1") && e.getMessage().contains("NaN"), e
			.getMessage());
	}
}
