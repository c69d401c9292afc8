package org.pixelwise.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayDeque;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ConnectedComponentsTest {

	@Test
	void diagonalNeighboursAreSeparateObjects() {
		final boolean[] mask = {
			true, false, false,
			false, true, true,
			false, false, true
		};
		assertArrayEquals(new int[] {1, 0, 0, 0, 2, 2, 0, 0, 2},
				ConnectedComponents.label(mask, 3, 3));
	}

	@Test
	void uShapedObjectGetsOneLabel() {
		final boolean[] mask = {
			true, false, true,
			true, false, true,
			true, true, true
		};
		assertArrayEquals(new int[] {1, 0, 1, 1, 0, 1, 1, 1, 1},
				ConnectedComponents.label(mask, 3, 3));
	}

	@Test
	void objectsAreNumberedInReadingOrder() {
		final boolean[] mask = {
			false, false, true, false, true,
			true, false, false, false, true
		};
		assertArrayEquals(new int[] {0, 0, 1, 0, 2, 3, 0, 0, 0, 2},
				ConnectedComponents.label(mask, 5, 2));
	}

	/** Random masks near the percolation threshold make long, winding objects that merge late. */
	@Test
	void agreesWithAFloodFillOnRandomImagesAndVolumes() {
		final Random random = new Random(3);
		for (final Grid grid : new Grid[] { Grid.plane(97, 61), new Grid(23, 17, 11), new Grid(1, 40, 3) })
			for (final double density : new double[] { 0.3, 0.55, 0.8 }) {
				final boolean[] mask = new boolean[grid.size()];
				for (int i = 0; i < mask.length; i++)
					mask[i] = random.nextDouble() < density;
				assertArrayEquals(floodFill(mask, grid), ConnectedComponents.label(mask, grid), grid +
					", density " + density);
			}
	}

	/** The reference: breadth-first flood fill from each unlabelled pixel in reading order. */
	private static int[] floodFill(final boolean[] mask, final Grid grid) {
		final int[] labels = new int[mask.length];
		final int[] neighbours = new int[6];
		final ArrayDeque<Integer> queue = new ArrayDeque<>();
		int next = 0;
		for (int start = 0; start < mask.length; start++) {
			if (!mask[start] || labels[start] != 0) continue;
			labels[start] = ++next;
			queue.add(start);
			while (!queue.isEmpty()) {
				final int count = grid.neighbours(queue.remove(), neighbours);
				for (int k = 0; k < count; k++)
					if (mask[neighbours[k]] && labels[neighbours[k]] == 0) {
						labels[neighbours[k]] = next;
						queue.add(neighbours[k]);
					}
			}
		}
		return labels;
	}
}
