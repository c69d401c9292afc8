package org.pixelwise.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.exceptions.TFResourceExhaustedException;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

/** Tiled prediction with super-resolution networks, whose output is larger than their input. */
class ScaledTilingTest {

	@ParameterizedTest
	@ValueSource(ints = { 2, 3, 4 })
	void tiledPredictionMatchesSingleTilePredictionAtEveryScale(final int scale) {
		final UpsampledBoxMean net = new UpsampledBoxMean(scale, 1, 1, Integer.MAX_VALUE);
		final Img<FloatType> image = randomImage(150, 97, 1);
		final Img<FloatType> inTiles = new TiledPredictor(net, 64, 3).predict(image, false, v -> v);
		assertTrue(net.runs > 1, "the image needs several batches of tiles");
		net.runs = 0;
		final Img<FloatType> whole = new TiledPredictor(net, 256, 1).predict(image, false, v -> v);
		assertEquals(1, net.runs, "the reference is one tile holding the whole image");
		assertEquals(0, maxDifference(inTiles, whole), 1e-4);
	}

	@ParameterizedTest
	@ValueSource(ints = { 2, 3 })
	void outputHasTheImageDimensionsTimesTheScale(final int scale) {
		final UpsampledBoxMean net = new UpsampledBoxMean(scale, 1, 2, Integer.MAX_VALUE);
		final Img<FloatType> output = new TiledPredictor(net, 64, 2).predict(randomImage(150, 97,
			2), false, v -> v);
		assertEquals(150 * scale, output.dimension(0));
		assertEquals(97 * scale, output.dimension(1));
		assertEquals(2, output.dimension(2));
	}

	@Test
	void everyOutputPixelIsTheNetworkOutputOverItsInputPixel() {
		final int scale = 3;
		final UpsampledBoxMean net = new UpsampledBoxMean(scale, 1, 2, Integer.MAX_VALUE);
		final Img<FloatType> image = randomImage(70, 45, 4);
		final Img<FloatType> output = new TiledPredictor(net, 32, 2).predict(image, false, v -> v);
		assertTrue(net.runs > 1, "the image needs several batches of tiles");
		final RandomAccess<FloatType> in = image.randomAccess();
		final RandomAccess<FloatType> out = output.randomAccess();
		for (int o = 0; o < 2; o++)
			for (int oy = 0; oy < 45 * scale; oy++)
				for (int ox = 0; ox < 70 * scale; ox++) {
					final int x = ox / scale;
					final int y = oy / scale;
					// one pass over the image rounded up to the grid, zeros beyond it; tiles start on
					// the size grid, so tile-local position terms equal whole-image ones
					double sum = 0;
					for (int dy = -3; dy <= 3; dy++)
						for (int dx = -3; dx <= 3; dx++) {
							final int xx = BoxMeanNetwork.wholeImagePixel(x + dx, 70, 8);
							final int yy = BoxMeanNetwork.wholeImagePixel(y + dy, 45, 8);
							if (xx >= 0 && yy >= 0) sum += in.setPositionAndGet(xx, yy).get();
						}
					final double expected = net.box.channelWeight(0, o) * sum / 49 + net.box.positionTerm(x,
						y) + o + net.subPixelTerm(ox, oy);
					assertEquals(expected, out.setPositionAndGet(ox, oy, o).get(), 1e-4, "output pixel " +
						ox + ", " + oy + ", channel " + o);
				}
	}

	@Test
	void tooSmallContextMarginShowsAtScaledTileEdges() {
		final UpsampledBoxMean net = new UpsampledBoxMean(2, 1, 1, Integer.MAX_VALUE);
		final Img<FloatType> image = randomImage(150, 97, 5);
		final TiledPredictor tiled = new TiledPredictor(net, 64, 3);
		tiled.setContextMargin(0);
		final Img<FloatType> inTiles = tiled.predict(image, false, v -> v);
		final Img<FloatType> whole = new TiledPredictor(net, 256, 1).predict(image, false, v -> v);
		assertTrue(maxDifference(inTiles, whole) > 1e-2, "the test network must notice missing context");
	}

	@ParameterizedTest
	@ValueSource(ints = { 2, 3 })
	void blendingWeightsSumToOneAtOutputResolution(final int scale) {
		final TileGrid grid = new TileGrid(150, 97, 64, 8, 16, 8, scale);
		final double[][] sum = new double[97 * scale][150 * scale];
		for (int j = 0; j < grid.y.count(); j++)
			for (int i = 0; i < grid.x.count(); i++)
				for (int y = 0; y < grid.y.outputKeptSize(j); y++)
					for (int x = 0; x < grid.x.outputKeptSize(i); x++) {
						assertTrue(grid.x.weight(i, x) > 0 && grid.y.weight(j, y) > 0,
							"every kept output pixel has some weight");
						sum[grid.y.outputValidStart(j) + y][grid.x.outputValidStart(i) + x] += grid.x.weight(
							i, x) * grid.y.weight(j, y);
					}
		for (int y = 0; y < 97 * scale; y++)
			for (int x = 0; x < 150 * scale; x++)
				assertEquals(1, sum[y][x], 1e-6, "output pixel " + x + ", " + y);
	}

	@Test
	void keptRegionsAndRampsAreTheInputOnesScaled() {
		final TileGrid.Axis plain = new TileGrid.Axis(150, 64, 8, 16, 8);
		final TileGrid.Axis scaled = new TileGrid.Axis(150, 64, 8, 16, 8, 2);
		assertEquals(plain.count(), scaled.count());
		assertEquals(128, scaled.outputTileSize());
		assertEquals(0, scaled.outputKeepOffset(0), "the first tile keeps from the image border");
		assertEquals(16, scaled.outputKeepOffset(1), "the others after their 8-pixel margin");
		for (int k = 0; k < scaled.count(); k++) {
			assertEquals(plain.readStart(k), scaled.readStart(k), "tiles are read as without scale");
			assertEquals(2 * plain.validStart(k), scaled.outputValidStart(k));
			assertEquals(2 * plain.keptSize(k), scaled.outputKeptSize(k));
		}
		// tiles 0 and 1 overlap on input pixels 40 to 55, output pixels 80 to 111: one linear ramp
		// of 2 x 16 output pixels, with the first tile alone before it
		assertEquals(40, scaled.validStart(1));
		for (int i = 0; i < 80; i++)
			assertEquals(1, scaled.weight(0, i), 0, "output pixel " + i);
		for (int i = 80; i < 112; i++)
			assertEquals((111 - i + 0.5) / 32, scaled.weight(0, i), 1e-6, "output pixel " + i);
	}

	@Test
	void outOfMemoryFallbackKeepsScaledPredictionExact() {
		final Img<FloatType> image = randomImage(100, 80, 6);
		final TiledPredictor predictor = new TiledPredictor(new UpsampledBoxMean(2, 1, 1, 32), 64,
			2);
		final List<String> messages = new ArrayList<>();
		predictor.setMessageListener(messages::add);
		final Img<FloatType> survived = predictor.predict(image, false, v -> v);
		assertEquals(32, predictor.tileSize());
		assertTrue(messages.get(messages.size() - 1).endsWith("retrying with tiles of 32x32"),
			messages.toString());
		final Img<FloatType> whole = new TiledPredictor(new UpsampledBoxMean(2, 1, 1,
			Integer.MAX_VALUE), 256, 1).predict(image, false, v -> v);
		assertEquals(0, maxDifference(survived, whole), 1e-4);
	}

	@Test
	void outputTheSizeOfTheImageIsRejectedForAScaledNetwork() {
		final TiledPredictor predictor = new TiledPredictor(new UpsampledBoxMean(2, 1, 1,
			Integer.MAX_VALUE), 64, 1);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> predictor.predict(randomImage(30, 20, 7), false, v -> v, ArrayImgs.floats(30, 20,
				1)));
		assertTrue(e.getMessage().contains("60x40x1"), e.getMessage());
	}

	/**
	 * A stand-in for a super-resolution network: {@link BoxMeanNetwork} at input resolution,
	 * upsampled by nearest neighbour, plus a term that depends on the tile-local output position
	 * modulo {@code scale} times the size multiple, as a sub-pixel convolution after pooling
	 * would. Tiles larger than {@code maxTile} run out of memory.
	 */
	private static final class UpsampledBoxMean implements TileNetwork {

		private static final int MULTIPLE = 8;
		final BoxMeanNetwork box;
		private final int scale;
		private final int maxTile;
		int runs;

		UpsampledBoxMean(final int scale, final int inputChannels, final int outputChannels,
			final int maxTile)
		{
			this.box = new BoxMeanNetwork(inputChannels, outputChannels, MULTIPLE, 3);
			this.scale = scale;
			this.maxTile = maxTile;
		}

		@Override
		public int inputChannels() {
			return box.inputChannels();
		}

		@Override
		public int outputChannels() {
			return box.outputChannels();
		}

		@Override
		public int sizeMultiple() {
			return MULTIPLE;
		}

		@Override
		public int receptiveFieldRadius() {
			return box.receptiveFieldRadius();
		}

		@Override
		public int outputScale() {
			return scale;
		}

		@Override
		public void run(final float[] input, final int batch, final int height, final int width,
			final float[] output)
		{
			if (height > maxTile || width > maxTile) throw new TFResourceExhaustedException(
				"OOM when allocating tensor");
			final int channels = outputChannels();
			final int outHeight = scale * height;
			final int outWidth = scale * width;
			assertEquals(batch * outHeight * outWidth * channels, output.length,
				"output array for " + batch + " tiles of " + width + "x" + height);
			runs++;
			final float[] low = new float[batch * height * width * channels];
			box.run(input, batch, height, width, low);
			for (int b = 0; b < batch; b++)
				for (int oy = 0; oy < outHeight; oy++)
					for (int ox = 0; ox < outWidth; ox++)
						for (int o = 0; o < channels; o++)
							output[((b * outHeight + oy) * outWidth + ox) * channels + o] = (float) (low[((b *
								height + oy / scale) * width + ox / scale) * channels + o] + subPixelTerm(ox, oy));
		}

		double subPixelTerm(final int ox, final int oy) {
			return 0.003 * (ox % (scale * MULTIPLE)) + 0.0007 * (oy % (scale * MULTIPLE));
		}
	}

	private static Img<FloatType> randomImage(final int width, final int height, final long seed) {
		final Random random = new Random(seed);
		final Img<FloatType> image = ArrayImgs.floats(width, height);
		image.forEach(pixel -> pixel.set(random.nextFloat()));
		return image;
	}

	private static double maxDifference(final Img<FloatType> a, final Img<FloatType> b) {
		assertEquals(a.size(), b.size());
		double max = 0;
		final RandomAccess<FloatType> other = b.randomAccess();
		final Cursor<FloatType> cursor = a.localizingCursor();
		while (cursor.hasNext()) {
			final float value = cursor.next().get();
			max = Math.max(max, Math.abs(value - other.setPositionAndGet(cursor).get()));
		}
		return max;
	}
}
