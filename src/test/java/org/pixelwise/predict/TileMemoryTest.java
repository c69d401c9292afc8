package org.pixelwise.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Tiles sized from memory: the largest square that fits, on the network's grid, within bounds. */
class TileMemoryTest {

	@Test
	void theLargestTileThatFitsTheBudgetOnTheNetworksGrid() {
		// 1 GiB at 256 bytes per pixel holds 4 Mi pixels: 2048 x 2048.
		assertEquals(2048, TileMemory.side(256, 1L << 30, 16));
		// A little less memory: the next multiple of 16 down, not a side that overshoots.
		final int side = TileMemory.side(256, (1L << 30) - 1, 16);
		assertEquals(2032, side);
		assertTrue((long) side * side * 256 <= (1L << 30) - 1);
		// Twice the filters, twice the bytes: a side smaller by sqrt(2).
		assertEquals(1440, TileMemory.side(512, 1L << 30, 16));
	}

	@Test
	void tilesStayWithinTheirBounds() {
		assertEquals(TileMemory.LARGEST, TileMemory.side(1, 1L << 40, 16));
		assertEquals(TileMemory.SMALLEST, TileMemory.side(1e6, 1L << 20, 16));
		assertEquals(240, TileMemory.side(1e6, 1L << 20, 48), "on the network's grid");
		assertThrows(IllegalArgumentException.class, () -> TileMemory.side(0, 1L << 30, 16));
	}

	@Test
	void theBudgetIsAShareOfThisMachinesMemory() {
		final long budget = TileMemory.budget();
		assertTrue(budget >= 256L << 20 && budget <= 4L << 30, "budget " + budget);
	}
}
