package org.pixelwise.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PercentileNormalisationTest {

	/** 0, 1, ..., n-1 in shuffled order, so sorting matters. */
	private static float[] shuffledRamp(final int n, final long seed) {
		final float[] values = new float[n];
		for (int i = 0; i < n; i++) {
			values[i] = i;
		}
		final Random random = new Random(seed);
		for (int i = n - 1; i > 0; i--) {
			final int j = random.nextInt(i + 1);
			final float t = values[i];
			values[i] = values[j];
			values[j] = t;
		}
		return values;
	}

	@Test
	void percentilesInterpolateBetweenSortedValues() {
		final PercentileNormalisation norm = PercentileNormalisation.fit(shuffledRamp(101, 1), 1, 99.8);
		assertEquals(1.0, norm.low, 1e-9);
		assertEquals(99.8, norm.high, 1e-9);
	}

	@Test
	void lowPercentileMapsToZeroAndHighToOne() {
		final PercentileNormalisation norm = PercentileNormalisation.fit(shuffledRamp(1001, 2), 10, 90);
		assertEquals(0f, norm.normalise(100f), 1e-6);
		assertEquals(1f, norm.normalise(900f), 1e-6);
		final float[] values = {100f, 500f, 900f};
		norm.normaliseInPlace(values);
		assertArrayEquals(new float[] {0f, 0.5f, 1f}, values, 1e-6f);
	}

	@Test
	void imageWithNaNIsRejected() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> PercentileNormalisation.fit(new float[] {1, Float.NaN, 3}));
		assertTrue(e.getMessage().startsWith("image contains NaN pixels"), e.getMessage());
	}

	@Test
	void constantImageIsShiftedNotDividedByZero() {
		final PercentileNormalisation norm = PercentileNormalisation.fit(new float[] {7, 7, 7, 7});
		assertEquals(0f, norm.normalise(7f), 0);
		assertEquals(1f, norm.normalise(8f), 0);
	}

	@Test
	void severalImagesArePooled() {
		final float[] dark = new float[50];
		final float[] bright = new float[51];
		Arrays.fill(bright, 10f);
		final PercentileNormalisation norm = PercentileNormalisation.fit(Arrays.asList(dark, new float[0], bright), 0, 100);
		assertEquals(0, norm.low, 0);
		assertEquals(10, norm.high, 0);
		final PercentileNormalisation median = PercentileNormalisation.fit(Arrays.asList(dark, bright), 50, 50);
		assertEquals(10, median.low, 0, "101 values, the 51st is the first bright one");
	}

	@Test
	void subsampledPercentilesAreCloseAndRepeatable() {
		final float[] a = shuffledRamp(30_000, 3);
		final float[] b = shuffledRamp(20_000, 4);
		final PercentileNormalisation first = PercentileNormalisation.fit(Arrays.asList(a, b), 1, 99, 5_000);
		final PercentileNormalisation again = PercentileNormalisation.fit(Arrays.asList(a, b), 1, 99, 5_000);
		final PercentileNormalisation exact = PercentileNormalisation.fit(Arrays.asList(a, b), 1, 99);
		assertEquals(first.low, again.low, 0);
		assertEquals(first.high, again.high, 0);
		// Pooled values: 0..19999 twice and 20000..29999 once; the 1st percentile is about 250.
		assertEquals(exact.low, first.low, 250);
		assertEquals(exact.high, first.high, 250);
	}

	@Test
	void eightAndSixteenBitImagesGetTheSortedValuesPercentilesFromTheirHistogram() {
		final Random random = new Random(6);
		final net.imglib2.img.Img<net.imglib2.type.numeric.integer.UnsignedShortType> shorts =
				net.imglib2.img.array.ArrayImgs.unsignedShorts(301, 207);
		final net.imglib2.img.Img<net.imglib2.type.numeric.integer.UnsignedByteType> bytes =
				net.imglib2.img.array.ArrayImgs.unsignedBytes(129, 77, 3);
		shorts.forEach(v -> v.set(random.nextInt(65536) / (1 + random.nextInt(40))));
		bytes.forEach(v -> v.set(random.nextInt(256)));
		for (final double[] p : new double[][] { {1, 99.8}, {0, 100}, {3.7, 42.25} }) {
			for (final net.imglib2.img.Img<? extends net.imglib2.type.numeric.RealType<?>> image
					: Arrays.asList(shorts, bytes)) {
				final float[] values = new float[(int) net.imglib2.util.Intervals.numElements(image)];
				int i = 0;
				for (final net.imglib2.type.numeric.RealType<?> v : image) {
					values[i++] = v.getRealFloat();
				}
				final PercentileNormalisation sorted = PercentileNormalisation.fit(values, p[0], p[1]);
				final PercentileNormalisation counted = PercentileNormalisation.fit(image, p[0], p[1]);
				assertEquals(sorted.low, counted.low, 0);
				assertEquals(sorted.high, counted.high, 0);
			}
		}
	}

	@Test
	void aLargeSixteenBitImageIsCountedWholeNotSampled() {
		// Over 4 M pixels a float image is sampled at every other pixel; this one's odd pixels
		// are the only bright ones, which such a sample would never see.
		final net.imglib2.img.Img<net.imglib2.type.numeric.integer.UnsignedShortType> image =
				net.imglib2.img.array.ArrayImgs.unsignedShorts(2501, 2000);
		final long[] index = { 0 };
		image.forEach(v -> v.set(index[0]++ % 2 == 1 ? 1000 : 0));
		assertEquals(1000, PercentileNormalisation.fit(image, 1, 99.8).high, 0);
	}

	@Test
	void percentilesOutOfOrderAreRejected() {
		assertThrows(IllegalArgumentException.class,
				() -> PercentileNormalisation.fit(new float[] {1, 2}, 99, 1));
	}
}
