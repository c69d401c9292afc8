package org.pixelwise.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;
import org.tensorflow.exceptions.TFResourceExhaustedException;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

class TiledPredictorTest {

	@Test
	void tiledPredictionMatchesWholeImagePrediction() {
		final BoxMeanNetwork net = new BoxMeanNetwork(1, 1, 8, 3);
		final Img<FloatType> image = randomImage(150, 97, 1, 1);
		final TiledPredictor tiled = new TiledPredictor(net, 64, 3);
		final float[] inTiles = values(tiled.predict(image, false, v -> v));
		assertTrue(net.runs > 1, "the image needs several batches of tiles");
		final float[] whole = values(new TiledPredictor(net, 256, 1).predict(image, false, v -> v));
		assertEquals(0, maxDifference(inTiles, whole), 1e-4);
	}

	/** Outputs in one array are blended on the array; others (cells) through ImgLib2: the same. */
	@Test
	void arrayAndCellOutputsAreBlendedAlike() {
		final BoxMeanNetwork net = new BoxMeanNetwork(3, 2, 8, 3);
		final Img<FloatType> image = randomImage(150, 97, 3, 5);
		final Img<FloatType> array = ArrayImgs.floats(150, 97, 2);
		final Img<FloatType> cells = new net.imglib2.img.cell.CellImgFactory<>(new FloatType(), 40, 30,
			1).create(150, 97, 2);
		array.forEach(pixel -> pixel.set(7)); // both overwrite what they held
		cells.forEach(pixel -> pixel.set(7));
		new TiledPredictor(net, 64, 2).predict(image, true, v -> v, array);
		new TiledPredictor(net, 64, 2).predict(image, true, v -> v, cells);
		assertTrue(net.runs > 1, "several tiles, so that they overlap and blend");
		final net.imglib2.Cursor<FloatType> cursor = array.localizingCursor();
		final RandomAccess<FloatType> other = cells.randomAccess();
		while (cursor.hasNext()) {
			final float value = cursor.next().get();
			other.setPosition(cursor);
			assertEquals(value, other.get().get(), 1e-6, "at " + java.util.Arrays.toString(cursor
				.positionAsLongArray()));
		}
	}

	@Test
	void tooSmallContextMarginShowsAtTileEdges() {
		final BoxMeanNetwork net = new BoxMeanNetwork(1, 1, 8, 3);
		final Img<FloatType> image = randomImage(150, 97, 1, 1);
		final TiledPredictor tiled = new TiledPredictor(net, 64, 3);
		tiled.setContextMargin(0);
		final float[] inTiles = values(tiled.predict(image, false, v -> v));
		final float[] whole = values(new TiledPredictor(net, 256, 1).predict(image, false, v -> v));
		assertTrue(maxDifference(inTiles, whole) > 1e-2, "the test network must notice missing context");
	}

	@Test
	void multiChannelInputAndOutput() {
		final BoxMeanNetwork net = new BoxMeanNetwork(3, 2, 8, 3);
		// channel c is the constant (c + 1) * 10, so every output value is known exactly
		final Img<FloatType> image = ArrayImgs.floats(70, 45, 3);
		final RandomAccess<FloatType> access = image.randomAccess();
		for (int c = 0; c < 3; c++)
			for (int y = 0; y < 45; y++)
				for (int x = 0; x < 70; x++)
					access.setPositionAndGet(x, y, c).set((c + 1) * 10);
		// whatever the output held before is overwritten
		final Img<FloatType> output = ArrayImgs.floats(70, 45, 2);
		output.forEach(pixel -> pixel.set(100));
		new TiledPredictor(net, 32, 2).predict(image, true, v -> v / 10, output);
		final RandomAccess<FloatType> out = output.randomAccess();
		for (int o = 0; o < 2; o++)
			for (int y = 0; y < 45; y++)
				for (int x = 0; x < 70; x++) {
					// the box counts the pixels of the image rounded up to 72x48, zeros beyond it
					int inside = 0;
					for (int dy = -3; dy <= 3; dy++)
						for (int dx = -3; dx <= 3; dx++)
							if (BoxMeanNetwork.wholeImagePixel(x + dx, 70, 8) >= 0 && BoxMeanNetwork
								.wholeImagePixel(y + dy, 45, 8) >= 0) inside++;
					double expected = net.positionTerm(x, y) + o;
					for (int c = 0; c < 3; c++)
						expected += net.channelWeight(c, o) * (c + 1) * inside / 49.0;
					assertEquals(expected, out.setPositionAndGet(x, y, o).get(), 1e-4, "pixel " + x +
						", " + y + ", channel " + o);
				}
	}

	@Test
	void tinyImageSmallerThanATileIsPredicted() {
		final BoxMeanNetwork net = new BoxMeanNetwork(1, 1, 8, 3);
		final Img<FloatType> image = randomImage(5, 3, 1, 2);
		final Img<FloatType> output = new TiledPredictor(net, 64, 4).predict(image, false, v -> 2 *
			v);
		assertEquals(1, net.runs);
		final RandomAccess<FloatType> in = image.randomAccess();
		final RandomAccess<FloatType> out = output.randomAccess();
		for (int y = 0; y < 3; y++)
			for (int x = 0; x < 5; x++) {
				// one pass over the image rounded up to 8x8 (mirrored), zeros beyond: no context is
				// made up outside the image
				double sum = 0;
				for (int dy = -3; dy <= 3; dy++)
					for (int dx = -3; dx <= 3; dx++) {
						final int xx = BoxMeanNetwork.wholeImagePixel(x + dx, 5, 8);
						final int yy = BoxMeanNetwork.wholeImagePixel(y + dy, 3, 8);
						if (xx >= 0 && yy >= 0) sum += 2 * in.setPositionAndGet(xx, yy).get();
					}
				assertEquals(net.channelWeight(0, 0) * sum / 49 + net.positionTerm(x, y), out
					.setPositionAndGet(x, y, 0).get(), 1e-4, "pixel " + x + ", " + y);
			}
	}

	@Test
	void outOfMemoryHalvesBatchThenTileAndSaysSo() {
		final BoxMeanNetwork net = new BoxMeanNetwork(1, 1, 8, 3);
		final Img<FloatType> image = randomImage(100, 80, 1, 3);
		final TiledPredictor predictor = new TiledPredictor(new MemoryLimitedNetwork(net, 1, 32, 0),
			64, 4);
		final List<String> messages = new ArrayList<>();
		predictor.setMessageListener(messages::add);
		final float[] survived = values(predictor.predict(image, false, v -> v));
		// 100 pixels (104 on the grid) need two tiles of 64 along x; 80 need two along y, and two
		// of 56 do as well (balanced tiles).
		assertEquals(Arrays.asList("out of memory with 4 tiles of 64x56; retrying with 2 tiles",
			"out of memory with 2 tiles of 64x56; retrying with 1 tile",
			"out of memory with 1 tile of 64x56; retrying with tiles of 32x32"), messages);
		assertEquals(1, predictor.batchSize());
		assertEquals(32, predictor.tileSize());
		final float[] whole = values(new TiledPredictor(net, 256, 1).predict(image, false, v -> v));
		assertEquals(0, maxDifference(survived, whole), 1e-4);
	}

	@Test
	void outOfMemoryPartWayThroughAnImageStartsItAgainCleanly() {
		final BoxMeanNetwork net = new BoxMeanNetwork(1, 1, 8, 3);
		final Img<FloatType> image = randomImage(100, 80, 1, 3);
		final TiledPredictor predictor = new TiledPredictor(new MemoryLimitedNetwork(net, 1, 32, 2),
			64, 1);
		final float[] survived = values(predictor.predict(image, false, v -> v));
		assertEquals(32, predictor.tileSize());
		final float[] whole = values(new TiledPredictor(net, 256, 1).predict(image, false, v -> v));
		assertEquals(0, maxDifference(survived, whole), 1e-4);
	}

	@Test
	void outOfMemoryWithTheSmallestTileGivesUpWithAdvice() {
		final BoxMeanNetwork net = new BoxMeanNetwork(1, 1, 8, 3);
		final TiledPredictor predictor = new TiledPredictor(new MemoryLimitedNetwork(net, 1, 16, 0),
			64, 2);
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> predictor
			.predict(randomImage(100, 80, 1, 4), false, v -> v));
		assertTrue(e.getMessage().contains("24x24") && e.getMessage().contains("GPU"), e
			.getMessage());
	}

	@Test
	void cancellationStopsBetweenBatches() {
		final BoxMeanNetwork net = new BoxMeanNetwork(1, 1, 8, 3);
		final TiledPredictor predictor = new TiledPredictor(net, 64, 1);
		predictor.setCancelled(() -> net.runs >= 2);
		assertThrows(CancellationException.class, () -> predictor.predict(randomImage(150, 97, 1, 5),
			false, v -> v));
		assertEquals(2, net.runs);
	}

	@Test
	void progressRisesToOneByTheLastBatch() {
		final BoxMeanNetwork net = new BoxMeanNetwork(1, 1, 8, 3);
		final TiledPredictor predictor = new TiledPredictor(net, 64, 5);
		final List<Double> fractions = new ArrayList<>();
		predictor.setProgressListener(fractions::add);
		predictor.predict(randomImage(150, 97, 1, 6), false, v -> v);
		// 4 x 2 tiles in batches of 5
		assertEquals(Arrays.asList(5 / 8.0, 1.0), fractions);
	}

	@Test
	void imageWithTheWrongChannelCountIsRejectedWithAdvice() {
		final TiledPredictor predictor = new TiledPredictor(new BoxMeanNetwork(3, 1, 8, 3), 64, 1);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> predictor.predict(randomImage(20, 20, 1, 7), false, v -> v));
		assertTrue(e.getMessage().contains("expects 3"), e.getMessage());
	}

	/**
	 * Runs out of memory above a batch size (Java heap) or a tile size (TensorFlow), once its
	 * first {@code runsBeforeLimits} calls have succeeded.
	 */
	private static final class MemoryLimitedNetwork implements TileNetwork {

		private final TileNetwork net;
		private final int maxBatch;
		private final int maxTile;
		private int runsBeforeLimits;

		MemoryLimitedNetwork(final TileNetwork net, final int maxBatch, final int maxTile,
			final int runsBeforeLimits)
		{
			this.net = net;
			this.maxBatch = maxBatch;
			this.maxTile = maxTile;
			this.runsBeforeLimits = runsBeforeLimits;
		}

		@Override
		public int inputChannels() {
			return net.inputChannels();
		}

		@Override
		public int outputChannels() {
			return net.outputChannels();
		}

		@Override
		public int sizeMultiple() {
			return net.sizeMultiple();
		}

		@Override
		public int receptiveFieldRadius() {
			return net.receptiveFieldRadius();
		}

		@Override
		public void run(final float[] input, final int batch, final int height, final int width,
			final float[] output)
		{
			if (runsBeforeLimits > 0) runsBeforeLimits--;
			else if (batch > maxBatch) throw new OutOfMemoryError("Java heap space");
			else if (height > maxTile || width > maxTile) throw new TFResourceExhaustedException(
				"OOM when allocating tensor");
			net.run(input, batch, height, width, output);
		}
	}

	private static Img<FloatType> randomImage(final int width, final int height,
		final int channels, final long seed)
	{
		final Random random = new Random(seed);
		final Img<FloatType> image = channels == 1 ? ArrayImgs.floats(width, height) : ArrayImgs
			.floats(width, height, channels);
		image.forEach(pixel -> pixel.set(random.nextFloat()));
		return image;
	}

	static float[] values(final Img<FloatType> image) {
		final float[] values = new float[(int) image.size()];
		int i = 0;
		for (final FloatType pixel : image)
			values[i++] = pixel.get();
		return values;
	}

	private static double maxDifference(final float[] a, final float[] b) {
		assertEquals(a.length, b.length);
		double max = 0;
		for (int i = 0; i < a.length; i++)
			max = Math.max(max, Math.abs(a[i] - b[i]));
		return max;
	}
}
