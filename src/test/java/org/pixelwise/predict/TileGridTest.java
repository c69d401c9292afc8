package org.pixelwise.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TileGridTest {

	@Test
	void blendingWeightsSumToOneEverywhere() {
		final int multiple = 8;
		for (int length = 1; length <= 300; length += 7)
			for (int tile = 24; tile <= 64; tile += 8)
				for (int margin = 0; 2 * margin + multiple <= tile; margin += multiple)
					for (int overlap = 0; overlap <= TileGrid.largestOverlap(tile, margin,
						multiple); overlap += multiple)
					{
						final TileGrid.Axis axis = new TileGrid.Axis(length, tile, margin, overlap, multiple);
						final double[] sum = new double[length];
						for (int k = 0; k < axis.count(); k++)
							for (int i = 0; i < axis.keptSize(k); i++) {
								assertTrue(axis.weight(k, i) > 0, "every kept pixel has some weight");
								sum[axis.validStart(k) + i] += axis.weight(k, i);
							}
						for (int p = 0; p < length; p++)
							assertEquals(1, sum[p], 1e-6, "length " + length + ", tile " + tile + ", margin " +
								margin + ", overlap " + overlap + ", pixel " + p);
					}
	}

	@Test
	void separableWeightsOfTheTwoDimensionalGridSumToOne() {
		final TileGrid grid = new TileGrid(150, 97, 64, 8, 8, 8);
		final double[][] sum = new double[97][150];
		for (int j = 0; j < grid.y.count(); j++)
			for (int i = 0; i < grid.x.count(); i++)
				for (int y = 0; y < grid.y.keptSize(j); y++)
					for (int x = 0; x < grid.x.keptSize(i); x++)
						sum[grid.y.validStart(j) + y][grid.x.validStart(i) + x] += grid.x.weight(i, x) *
							grid.y.weight(j, y);
		for (int y = 0; y < 97; y++)
			for (int x = 0; x < 150; x++)
				assertEquals(1, sum[y][x], 1e-6, "pixel " + x + ", " + y);
	}

	@Test
	void tilesStartOnTheSizeGridAndReadNothingBeyondTheImage() {
		final TileGrid.Axis axis = new TileGrid.Axis(150, 64, 8, 8, 8);
		// 4 tiles of 64 cover the 152 (150 on the grid of 8) pixels, and so do 4 of 56
		assertEquals(4, axis.count());
		assertEquals(56, axis.tileSize());
		assertEquals(0, axis.readStart(0), "the first tile reads from the image's first pixel");
		assertEquals(0, axis.validStart(0), "and keeps its output from there");
		final int last = axis.count() - 1;
		assertEquals(152, axis.readStart(last) + axis.tileSize(), "the last tile ends at the image end");
		assertEquals(150, axis.validStart(last) + axis.keptSize(last));
		for (int k = 1; k < axis.count(); k++) {
			assertEquals(0, axis.readStart(k) % 8, "tile " + k + " starts on the grid");
			assertEquals(axis.readStart(k) + 8, axis.validStart(k), "tile " + k + " keeps after its margin");
			assertTrue(axis.validStart(k) <= axis.validStart(k - 1) + axis.keptSize(k - 1), "gap before " + k);
		}
	}

	/** Issue 18: the last tile no longer recomputes most of its neighbour. */
	@Test
	void tilesShrinkToTheSmallestSizeThatNeedsNoMoreOfThem() {
		final TileGrid.Axis axis = new TileGrid.Axis(8192, 1024, 96, 16, 16);
		assertEquals(10, axis.count(), "tiles of 1024 advance by 816; 8192 pixels need 10 of them");
		assertEquals(1008, axis.tileSize(), "10 tiles of 1008 cover them too");
		assertEquals(0, axis.validStart(0));
		final int last = axis.count() - 1;
		assertEquals(8192, axis.validStart(last) + axis.keptSize(last), "the last tile ends the axis");
		for (int k = 1; k < axis.count(); k++)
			assertTrue(axis.validStart(k) <= axis.validStart(k - 1) + axis.keptSize(k - 1), "gap before " + k);
		// One tile reads no context: the image, rounded up to the grid, decides its size.
		assertEquals(128, new TileGrid.Axis(120, 1024, 96, 16, 16).tileSize());
		assertEquals(512, new TileGrid.Axis(512, 2048, 96, 16, 16).tileSize());
	}

	@Test
	void weightsRampDownOnlyTowardsANeighbouringTile() {
		final TileGrid.Axis axis = new TileGrid.Axis(150, 64, 8, 16, 8);
		// the first tile's left edge is the image border: nothing to blend with
		assertEquals(1, axis.weight(0, 0), 0);
		final int overlapStart = axis.validStart(1);
		for (int p = overlapStart + 1; p < axis.validStart(0) + axis.keptSize(0); p++) {
			assertTrue(axis.weight(0, p - axis.validStart(0)) < axis.weight(0, p - 1 - axis
				.validStart(0)), "first tile fades out at " + p);
			assertTrue(axis.weight(1, p - overlapStart) > axis.weight(1, p - 1 - overlapStart),
				"second tile fades in at " + p);
		}
	}

	@Test
	void imageSmallerThanATileGetsOneSmallerTile() {
		final TileGrid grid = new TileGrid(5, 3, 64, 8, 8, 8);
		assertEquals(1, grid.tileCount());
		assertEquals(8, grid.x.tileSize(), "5 pixels on the grid of 8, no context");
		assertEquals(8, grid.y.tileSize());
		assertEquals(5, grid.x.keptSize(0));
		assertEquals(3, grid.y.keptSize(0));
	}

	@Test
	void tileWithNoRoomLeftAfterItsMarginsIsRejected() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new TileGrid.Axis(100, 32, 16, 0, 8));
		assertTrue(e.getMessage().contains("at least 40"), e.getMessage());
	}
}
