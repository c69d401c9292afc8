package org.pixelwise.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;

/**
 * Shares of tile calls computed separately and replayed give exactly the prediction of one
 * machine, whatever the batch size on each side, with test-time augmentation included.
 */
class SplitPredictionTest {

	private static Img<FloatType> image() {
		final Img<FloatType> image = ArrayImgs.floats(150, 110);
		int i = 0;
		for (final FloatType t : image)
			t.set((float) Math.sin(0.37 * i++) + (i % 97) / 50f);
		return image;
	}

	/** The ordinary prediction, with the network the factory makes. */
	private static Img<FloatType> predict(final TileNetwork network, final int batch,
		final boolean augmented)
	{
		final TiledPredictor predictor = new TiledPredictor(network, 48, batch);
		final Function<RandomAccessibleInterval<? extends RealType<?>>, Img<FloatType>> once =
			view -> predictor.predict(view, false, v -> v * 0.5);
		return augmented ? TestTimeAugmentation.average(image(), once) : once.apply(image());
	}

	private static float[] values(final Img<FloatType> image) {
		final float[] v = new float[(int) (image.size())];
		int i = 0;
		for (final FloatType t : image)
			v[i++] = t.get();
		return v;
	}

	private static void check(final boolean augmented) {
		final BoxMeanNetwork net = new BoxMeanNetwork(1, 2, 8, 5);
		final float[] direct = values(predict(net, 1, augmented));
		final SplitPrediction.Counting counting = SplitPrediction.counting(net);
		predict(counting, 1, augmented);
		final int calls = counting.calls();
		assertTrue(calls > 8, "the image needs several tiles: " + calls);
		final Map<Integer, float[]> collected = new TreeMap<>();
		final int share = 5;
		for (int from = 0; from < calls; from += share) {
			final SplitPrediction.Computing computing = SplitPrediction.computing(net, from, Math.min(
				calls, from + share));
			final int f = from;
			assertThrows(SplitPrediction.ShareDone.class, () -> predict(computing, 3, augmented),
				"share " + f + " stops once its tiles are done");
			assertEquals(Math.min(share, calls - from), computing.outputs().size());
			collected.putAll(computing.outputs());
		}
		assertEquals(calls, collected.size());
		assertArrayEquals(direct, values(predict(SplitPrediction.replaying(net, collected), 2,
			augmented)), 0f);
	}

	@Test
	void sharesReplayedEqualOneMachine() {
		check(false);
	}

	@Test
	void sharesReplayedEqualOneMachineWithTestTimeAugmentation() {
		check(true);
	}

	@Test
	void aMissingTileIsReportedNotInventedAsZeros() {
		final BoxMeanNetwork net = new BoxMeanNetwork(1, 2, 8, 5);
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> predict(
			SplitPrediction.replaying(net, new TreeMap<>()), 1, false));
		assertTrue(e.getMessage().contains("tile call 0"), e.getMessage());
	}
}
