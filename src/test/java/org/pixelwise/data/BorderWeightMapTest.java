package org.pixelwise.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BorderWeightMapTest {

	/** Draws {@code count} random discs, later ones over earlier ones, on a background of 0. */
	private static int[] discs(final int width, final int height, final int count, final int maxRadius,
			final long seed) {
		final Random random = new Random(seed);
		final int[] instances = new int[width * height];
		for (int id = 1; id <= count; id++) {
			final int cx = random.nextInt(width);
			final int cy = random.nextInt(height);
			final int r = 1 + random.nextInt(maxRadius);
			for (int y = Math.max(0, cy - r); y <= Math.min(height - 1, cy + r); y++) {
				for (int x = Math.max(0, cx - r); x <= Math.min(width - 1, cx + r); x++) {
					if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) {
						instances[y * width + x] = id;
					}
				}
			}
		}
		return instances;
	}

	/** The formula evaluated directly: distances to every pixel of every object. */
	private static float[] bruteForce(final int[] instances, final int width, final int height,
			final double w0, final double sigma) {
		int maxId = 0;
		long background = 0;
		long foreground = 0;
		for (final int id : instances) {
			maxId = Math.max(maxId, id);
			background += id == 0 ? 1 : 0;
			foreground += id > 0 ? 1 : 0;
		}
		final double common = Math.max(background, foreground);
		final float[] weights = new float[instances.length];
		for (int p = 0; p < instances.length; p++) {
			if (instances[p] > 0) {
				weights[p] = (float) (common / foreground);
			}
			if (instances[p] != 0) {
				continue;
			}
			final double[] nearest = new double[maxId + 1];
			java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
			for (int q = 0; q < instances.length; q++) {
				if (instances[q] > 0) {
					final double d = Math.hypot(p % width - q % width, p / width - q / width);
					nearest[instances[q]] = Math.min(nearest[instances[q]], d);
				}
			}
			java.util.Arrays.sort(nearest);
			final double gap = nearest[0] + nearest[1];
			weights[p] = (float) (common / background + w0 * Math.exp(-gap * gap / (2 * sigma * sigma)));
		}
		return weights;
	}

	@Test
	void matchesTheFormulaEvaluatedDirectly() {
		final int width = 60;
		final int height = 45;
		final int[] instances = discs(width, height, 12, 5, 1);
		instances[0] = Patch.IGNORE;
		final float[] fast = BorderWeightMap.compute(instances, width, height, 10, 3);
		final float[] slow = bruteForce(instances, width, height, 10, 3);
		for (int i = 1; i < fast.length; i++) {
			assertEquals(slow[i], fast[i], 2e-3, "pixel (" + i % width + ", " + i / width + ")");
		}
	}

	@Test
	void gapBetweenTouchingNeighboursWeighsMost() {
		// Two objects one background pixel apart, at columns 2 and 4 of a 40-pixel row.
		final int[] instances = new int[40];
		instances[2] = 1;
		instances[4] = 2;
		final float[] weights = BorderWeightMap.compute(instances, 40, 1);
		final double classWeight = 1;
		assertEquals(classWeight + 10 * Math.exp(-4.0 / 50), weights[3], 1e-5);
		assertEquals(classWeight + 10 * Math.exp(-(2.0 + 4.0) * (2.0 + 4.0) / 50), weights[0], 1e-5);
		assertTrue(weights[30] < classWeight + 1e-3, "far from both objects only the class weight is left");
	}

	@Test
	void rarerClassWeighsMoreAndIgnoredPixelsWeighNothing() {
		final int[] instances = {
			Patch.IGNORE, 0, 0, 0,
			0, 0, 0, 0,
			0, 0, 7, 7
		};
		final float[] weights = BorderWeightMap.compute(instances, 4, 3, 0, 5);
		assertEquals(0f, weights[0], 0);
		assertEquals(1f, weights[1], 1e-6);
		assertEquals(9f / 2f, weights[10], 1e-6);
	}

	@Test
	void singleObjectAddsNoBorderTerm() {
		final int[] instances = new int[25];
		instances[12] = 1;
		final float[] weights = BorderWeightMap.compute(instances, 5, 5);
		assertEquals(1f, weights[0], 0);
		assertEquals(24f, weights[12], 1e-5);
	}

	@Test
	void largeImageWithManyObjectsTakesLessThanASecond() {
		final int[] instances = discs(512, 512, 200, 10, 2);
		BorderWeightMap.compute(instances, 512, 512);
		final long start = System.nanoTime();
		final float[] weights = BorderWeightMap.compute(instances, 512, 512);
		final double seconds = (System.nanoTime() - start) / 1e9;
		assertTrue(seconds < 1, "took " + seconds + " s");
		float max = 0;
		for (final float w : weights) {
			max = Math.max(max, w);
		}
		assertTrue(max > 5, "touching discs should create gaps with high weight");
	}

	@Test
	void invalidInstanceIdIsRejected() {
		assertThrows(IllegalArgumentException.class,
				() -> BorderWeightMap.compute(new int[] {0, -2}, 2, 1));
	}
}
