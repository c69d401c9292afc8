package org.pixelwise.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.pixelwise.data.Grid;
import org.pixelwise.data.VolumeSource;

/**
 * Volume tiling with a plain Java stand-in network (a box mean of radius 3 in x/y and 2 in z,
 * zero beyond the tile): tiles equal one whole-volume pass away from the faces, axes shorter
 * than a tile's read are read whole, and the automatic tile keeps its reads within budget.
 */
class VolumePredictorTest {

	/** Mean over a box around each voxel; what lies beyond the tile counts as 0. */
	static class BoxMean3d implements TileNetwork {
		int calls;

		@Override public int inputChannels() { return 1; }
		@Override public int outputChannels() { return 1; }
		@Override public int sizeMultiple() { return 4; }
		@Override public int receptiveFieldRadius() { return 3; }
		@Override public int dimensions() { return 3; }
		@Override public int zSizeMultiple() { return 2; }
		@Override public int zReceptiveFieldRadius() { return 2; }

		@Override
		public void run(final float[] input, final int batch, final int height, final int width,
			final float[] output)
		{
			throw new UnsupportedOperationException("volumes only");
		}

		@Override
		public void run(final float[] in, final int batch, final int d, final int h, final int w,
			final float[] out)
		{
			calls++;
			for (int z = 0; z < d; z++)
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++) {
						double sum = 0;
						for (int k = -2; k <= 2; k++)
							for (int j = -3; j <= 3; j++)
								for (int i = -3; i <= 3; i++) {
									final int zz = z + k, yy = y + j, xx = x + i;
									if (zz >= 0 && zz < d && yy >= 0 && yy < h && xx >= 0 && xx < w) sum += in[(zz * h +
										yy) * w + xx];
								}
						out[(z * h + y) * w + x] = (float) (sum / (5 * 7 * 7));
					}
		}
	}

	/** The same box mean, declaring a receptive field far larger than it uses. */
	static final class Overcautious extends BoxMean3d {
		@Override public int receptiveFieldRadius() { return 16; }
		@Override public int zReceptiveFieldRadius() { return 8; }
	}

	@Test
	void theProbeFindsTheContextTheNetworkReallyUsesAndTilesWithItStayExact() {
		final Grid grid = new Grid(120, 100, 40);
		final float[] voxels = new float[grid.size()];
		final Random random = new Random(8);
		for (int i = 0; i < voxels.length; i++)
			voxels[i] = random.nextFloat();
		final Overcautious net = new Overcautious();
		final VolumeContextProbe.Result found = VolumeContextProbe.measure(net, VolumeSource.of(voxels,
			grid, 1), 1e-6);
		assertEquals(4, found.margin, "3 pixels used, rounded up to the size step of 4: " + found);
		assertEquals(2, found.zMargin, "2 planes used, a whole z step: " + found);
		assertEquals(16, found.bound);
		final java.util.List<String> messages = new java.util.ArrayList<>();
		// A budget that forces tiles: the measured margins let them keep more of what they read.
		final VolumePredictor measured = VolumePredictor.forVolume(net, VolumeSource.of(voxels,
			grid, 1), 40 * 40 * 16, 1e-6, messages::add);
		assertEquals(1, messages.size(), "measured once: " + messages);
		final int[] boundTile = VolumePredictor.tileFor(net, grid, 40 * 40 * 16);
		assertTrue((long) measured.tileSize() * measured.tileSize() * measured.tileDepth() > 2L *
			boundTile[0] * boundTile[0] * boundTile[1], "kept blocks " + measured.tileSize() + "x" +
				measured.tileDepth() + " against " + boundTile[0] + "x" + boundTile[1]);
		final float[] whole = new VolumePredictor(net, 128, 40).predict(voxels, grid);
		net.calls = 0;
		final float[] tiled = measured.predict(voxels, grid);
		assertTrue(net.calls > 4, "tiles: " + net.calls);
		for (int z = 2; z < grid.depth - 2; z++)
			for (int y = 3; y < grid.height - 3; y++)
				for (int x = 3; x < grid.width - 3; x++) {
					final int i = (z * grid.height + y) * grid.width + x;
					assertEquals(whole[i], tiled[i], 1e-6, "voxel " + x + "," + y + "," + z);
				}
		VolumePredictor.forVolume(net, VolumeSource.of(voxels, grid, 1), 40 * 40 * 16, 1e-6,
			messages::add);
		assertEquals(1, messages.size(), "remembered for the same network: " + messages);
	}

	@Test
	void tilesEqualOneWholePassAwayFromTheFaces() {
		final Grid grid = new Grid(45, 38, 21);
		final float[] voxels = new float[grid.size()];
		final Random random = new Random(3);
		for (int i = 0; i < voxels.length; i++)
			voxels[i] = random.nextFloat();
		final BoxMean3d net = new BoxMean3d();
		final float[] whole = new VolumePredictor(net, 64, 32).predict(voxels, grid);
		assertEquals(1, net.calls, "one pass when the volume fits one tile");
		net.calls = 0;
		final float[] tiled = new VolumePredictor(net, 8, 4).predict(voxels, grid);
		assertTrue(net.calls > 8, "tiles: " + net.calls);
		int compared = 0;
		for (int z = 2; z < grid.depth - 2; z++)
			for (int y = 3; y < grid.height - 3; y++)
				for (int x = 3; x < grid.width - 3; x++) {
					final int i = (z * grid.height + y) * grid.width + x;
					assertEquals(whole[i], tiled[i], 1e-6, "voxel " + x + "," + y + "," + z);
					compared++;
				}
		assertTrue(compared > 10_000);
	}

	@Test
	void anAxisNoLongerThanOneTilesReadIsReadWhole() {
		assertEquals(1, VolumePredictor.spans(40, 16, 4, 12).length); // 40 <= 16 + 2 * 12
		final VolumePredictor.Span[] spans = VolumePredictor.spans(100, 16, 4, 12);
		assertEquals(7, spans.length);
		assertEquals(16 + 2 * 12, spans[0].read);
		assertEquals(-12, spans[0].readStart);
	}

	@Test
	void theAutomaticTileReadsWithinItsBudget() {
		final TileNetwork deep = new BoxMean3d() {
			@Override public int sizeMultiple() { return 8; }
			@Override public int receptiveFieldRadius() { return 58; }
			@Override public int zSizeMultiple() { return 4; }
			@Override public int zReceptiveFieldRadius() { return 30; }
		};
		final Grid big = new Grid(1024, 1024, 128);
		final int[] tile = VolumePredictor.tileFor(deep, big, 4_000_000);
		final long read = (long) VolumePredictor.spans(1024, tile[0], 8, 58)[0].read * VolumePredictor
			.spans(1024, tile[0], 8, 58)[0].read * VolumePredictor.spans(128, tile[1], 4, 30)[0].read;
		assertTrue(read <= 4_000_000, "read " + read + " for tile " + tile[0] + "x" + tile[1]);
		final int[] larger = VolumePredictor.tileFor(deep, big, 16_000_000);
		assertTrue((long) larger[0] * larger[0] * larger[1] > (long) tile[0] * tile[0] * tile[1],
			"a larger budget keeps more per tile");
		final int[] small = VolumePredictor.tileFor(deep, new Grid(64, 64, 16), 4_000_000);
		assertEquals(64, small[0], "a small stack is one tile");
	}
}
