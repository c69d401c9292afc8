package org.pixelwise.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
}
