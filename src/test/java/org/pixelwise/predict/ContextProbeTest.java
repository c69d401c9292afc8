package org.pixelwise.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

/** Issue 18: tiles read the context the weights need, measured, and no more. */
class ContextProbeTest {

	/**
	 * A box-mean network that declares a receptive field larger than it really has, with
	 * arithmetic noise of about {@code noise} that depends on the tile's size (as bfloat16's
	 * rounding does), taking tiles of at most {@code largest} pixels (as a fixed-size model).
	 */
	private static final class StandIn implements TileNetwork {

		private final BoxMeanNetwork box;
		private final int declaredRadius;
		private final double noise;
		private final int largest;

		StandIn(final int realRadius, final int declaredRadius, final double noise,
			final int largest)
		{
			this.box = new BoxMeanNetwork(1, 1, 8, realRadius);
			this.declaredRadius = declaredRadius;
			this.noise = noise;
			this.largest = largest;
		}

		@Override
		public int inputChannels() {
			return 1;
		}

		@Override
		public int outputChannels() {
			return 1;
		}

		@Override
		public int sizeMultiple() {
			return 8;
		}

		@Override
		public int receptiveFieldRadius() {
			return declaredRadius;
		}

		@Override
		public void run(final float[] input, final int batch, final int height, final int width,
			final float[] output)
		{
			if (height > largest || width > largest) throw new IllegalArgumentException("this model " +
				"takes tiles of up to " + largest + "x" + largest + ", not " + width + "x" + height);
			box.run(input, batch, height, width, output);
			for (int i = 0; i < output.length; i++)
				output[i] += noise * (((width * 31 + i * 17) % 7) - 3) / 3.0;
		}
	}

	private static TileNetwork overstating(final int realRadius, final int declaredRadius) {
		return new StandIn(realRadius, declaredRadius, 0, Integer.MAX_VALUE);
	}

	@Test
	void theMeasuredMarginIsTheRealRadiusOnTheSizeGrid() {
		final Img<FloatType> image = randomImage(200, 150);
		final TileReader reader = new TileReader(image, v -> v, 1);
		final ContextProbe.Result overstated = ContextProbe.measure(overstating(3, 40), reader, 200,
			150, ContextProbe.FLOAT_ROUNDING);
		assertEquals(8, overstated.margin, overstated.toString());
		assertEquals(40, overstated.receptiveFieldMargin);
		final ContextProbe.Result honest = ContextProbe.measure(overstating(12, 12), reader, 200, 150,
			ContextProbe.FLOAT_ROUNDING);
		assertEquals(16, honest.margin, "a truthful radius of 12 needs all of 16: " + honest);
	}

	@Test
	void aBlankImageStillGetsTheContextNoiseNeeds() {
		final Img<FloatType> blank = ArrayImgs.floats(200, 150);
		final ContextProbe.Result r = ContextProbe.measure(overstating(10, 40), new TileReader(blank,
			v -> v, 1), 200, 150, ContextProbe.FLOAT_ROUNDING);
		assertEquals(16, r.margin, r.toString());
	}

	@Test
	void arithmeticNoiseRaisesTheToleranceInsteadOfKeepingTheWholeBound() {
		final Img<FloatType> image = randomImage(200, 150);
		final ContextProbe.Result r = ContextProbe.measure(new StandIn(3, 40, 1e-3, Integer.MAX_VALUE), new TileReader(
			image, v -> v, 1), 200, 150, ContextProbe.FLOAT_ROUNDING);
		assertEquals(8, r.margin, r.toString());
	}

	@Test
	void tiledPredictionWithTheMeasuredMarginEqualsWholeImageAndMeasuresOnce() {
		final TileNetwork net = overstating(3, 40);
		final Img<FloatType> image = randomImage(300, 260);
		final List<String> messages = new ArrayList<>();
		final TiledPredictor tiled = new TiledPredictor(net, 96, 2);
		tiled.setContextTolerance(ContextProbe.FLOAT_ROUNDING);
		tiled.setMessageListener(messages::add);
		final float[] inTiles = TiledPredictorTest.values(tiled.predict(image, false, v -> v));
		assertTrue(messages.stream().anyMatch(m -> m.contains("context margin 8 px")), String.valueOf(
			messages));
		final float[] whole = TiledPredictorTest.values(new TiledPredictor(net, 512, 1).predict(image, false, v -> v));
		double max = 0;
		for (int i = 0; i < whole.length; i++)
			max = Math.max(max, Math.abs(inTiles[i] - whole[i]));
		assertEquals(0, max, 1e-5);
		// A second predictor on the same network (a model from the cache) reuses the measurement.
		messages.clear();
		final TiledPredictor again = new TiledPredictor(net, 96, 2);
		again.setContextTolerance(ContextProbe.FLOAT_ROUNDING);
		again.setMessageListener(messages::add);
		again.predict(image, false, v -> v);
		assertTrue(messages.stream().noneMatch(m -> m.contains("measured")), String.valueOf(messages));
	}

	/** A model of one fixed input size refuses the probe's windows; tiling still works. */
	@Test
	void aNetworkThatRefusesTheProbeKeepsItsReceptiveField() {
		final TileNetwork fixed = new StandIn(3, 16, 0, 64);
		final List<String> messages = new ArrayList<>();
		final TiledPredictor tiled = new TiledPredictor(fixed, 64, 1);
		tiled.setContextTolerance(ContextProbe.FLOAT_ROUNDING);
		tiled.setMessageListener(messages::add);
		tiled.predict(randomImage(150, 100), false, v -> v);
		assertEquals(16, tiled.margin());
		assertTrue(messages.stream().anyMatch(m -> m.startsWith("could not measure")), String.valueOf(
			messages));
	}

	@Test
	void standInsForSplitPredictionMeasureTheRealNetwork() {
		final TileNetwork real = overstating(3, 40);
		final SplitPrediction.Counting counting = SplitPrediction.counting(real);
		assertTrue(counting.measuredNetwork() == real, "the probe must not count as tile calls");
	}

	private static Img<FloatType> randomImage(final int width, final int height) {
		final Random random = new Random(5);
		final Img<FloatType> image = ArrayImgs.floats(width, height);
		image.forEach(pixel -> pixel.set(random.nextFloat()));
		return image;
	}
}
