package org.pixelwise.predict;

import java.util.Random;

/**
 * Measures how much context a trained network really needs around the pixels it keeps.
 *
 * <p>The receptive field radius is a bound: a U-Net of depth 4 can in principle be changed by
 * a pixel 122 pixels away, so tiles read 128 pixels of context on each side and a 1024-pixel
 * tile computes 1.78 times the pixels it keeps. A trained network's output hardly depends on
 * most of that ring. The probe predicts a window with the full radius of context, then the same
 * centre with less and less context, and keeps the smallest margin whose centre output still
 * agrees with the full-context one within a tolerance, widened to twice the network's own
 * arithmetic noise (what reading even more context changes: nothing in float32, about 1e-2 in
 * bfloat16). It looks at windows of the image being predicted and at a noise image (a blank
 * first image alone would say that no context matters).
 */
public final class ContextProbe {

	/**
	 * The default agreement, relative to the output's scale: float rounding. The shipped U-Nets
	 * (depth 4) give bit-identical kept pixels from 96 pixels of context on, where their receptive
	 * field bound says 128, so even the exact margin saves a quarter of the context ring.
	 */
	public static final double FLOAT_ROUNDING = 1e-5;

	private ContextProbe() {}

	/** What the probe found: the margin to use and the largest difference it allows. */
	public static final class Result {

		public final int margin;
		public final int receptiveFieldMargin;
		public final double difference;

		Result(final int margin, final int receptiveFieldMargin, final double difference) {
			this.margin = margin;
			this.receptiveFieldMargin = receptiveFieldMargin;
			this.difference = difference;
		}

		@Override
		public String toString() {
			return "context margin " + margin + " px (receptive field " + receptiveFieldMargin +
				" px; largest difference at this margin " + String.format("%.2g", difference) + ")";
		}
	}

	/**
	 * The smallest margin, a multiple of the network's size multiple, whose kept centre differs
	 * from full-context prediction by at most {@code tolerance} times the output's scale, in
	 * windows of the image behind {@code reader} ({@code width} x {@code height} input pixels)
	 * and in a noise window.
	 */
	static Result measure(final TileNetwork net, final TileReader reader, final int width,
		final int height, final double tolerance)
	{
		final int multiple = net.sizeMultiple();
		final int bound = TileGrid.roundUp(net.receptiveFieldRadius(), multiple);
		// The reference reads one size multiple more than the bound: the difference between it
		// and the bound is the network's own arithmetic noise (0 in float32, about 1e-2 with
		// bfloat16), which no margin can remove and the tolerance must allow for.
		final int full = bound + multiple;
		final int kept = kept(multiple);
		final int window = window(net);
		final float[][] inputs = new float[4][];
		final long[][] corners = { { width / 2, height / 2 }, { width / 4, height / 4 }, {
			3L * width / 4, 3L * height / 4 } };
		for (int i = 0; i < 3; i++) {
			inputs[i] = new float[window * window * net.inputChannels()];
			// Aligned to the size multiple, as tiles are, so that pooling sees the same grid.
			reader.readWindow(corners[i][0] / multiple * multiple - full - kept / 2 / multiple * multiple,
				corners[i][1] / multiple * multiple - full - kept / 2 / multiple * multiple, window, window,
				inputs[i], 0);
		}
		inputs[3] = noise(inputs[0]);
		final float[][] references = new float[inputs.length][];
		for (int i = 0; i < inputs.length; i++)
			references[i] = run(net, inputs[i], window, 0, window);
		final double floor = worst(net, inputs, references, window, full, bound, kept);
		final double allowed = Math.max(tolerance, 2 * floor);
		int margin = bound;
		double found = floor;
		for (int trial = bound - multiple; trial >= 0; trial -= multiple) {
			final double worst = worst(net, inputs, references, window, full, trial, kept);
			if (worst > allowed) break;
			margin = trial;
			found = worst;
		}
		return new Result(margin, bound, found);
	}

	/** The side of the largest window the probe runs through the network. */
	static int window(final TileNetwork net) {
		final int multiple = net.sizeMultiple();
		return 2 * (TileGrid.roundUp(net.receptiveFieldRadius(), multiple) + multiple) + kept(
			multiple);
	}

	private static int kept(final int multiple) {
		return TileGrid.roundUp(Math.max(32, 2 * multiple), multiple);
	}

	private static double worst(final TileNetwork net, final float[][] inputs,
		final float[][] references, final int window, final int full, final int trial, final int kept)
	{
		double worst = 0;
		for (int i = 0; i < inputs.length; i++)
			worst = Math.max(worst, difference(net, inputs[i], references[i], window, full, trial, kept));
		return worst;
	}

	/**
	 * The largest difference, relative to the output's scale, between the kept centre predicted
	 * with {@code full} and with {@code trial} pixels of context.
	 */
	private static double difference(final TileNetwork net, final float[] input,
		final float[] reference, final int window, final int full, final int trial, final int kept)
	{
		final int smaller = 2 * trial + kept;
		final float[] reduced = run(net, input, window, full - trial, smaller);
		final int s = net.outputScale();
		final int channels = net.outputChannels();
		double scale = 1, worst = 0;
		for (int y = 0; y < s * kept; y++) {
			for (int x = 0; x < s * kept; x++) {
				for (int c = 0; c < channels; c++) {
					final float a = reference[((s * full + y) * s * window + s * full + x) * channels + c];
					final float b = reduced[((s * trial + y) * s * smaller + s * trial + x) * channels + c];
					scale = Math.max(scale, Math.abs(a));
					worst = Math.max(worst, Math.abs(a - b));
				}
			}
		}
		return worst / scale;
	}

	/** Runs the {@code size}-pixel square of {@code input} (a window) starting {@code offset} in. */
	private static float[] run(final TileNetwork net, final float[] input, final int window,
		final int offset, final int size)
	{
		final int channels = net.inputChannels();
		final float[] crop = new float[size * size * channels];
		for (int y = 0; y < size; y++)
			System.arraycopy(input, ((offset + y) * window + offset) * channels, crop, y * size *
				channels, size * channels);
		final int s = net.outputScale();
		final float[] output = new float[s * size * s * size * net.outputChannels()];
		net.run(crop, 1, size, size, output);
		return output;
	}

	/**
	 * Noise with the image window's mean and spread, so that every filter of the network sees
	 * structure at every distance.
	 */
	static float[] noise(final float[] like) {
		double sum = 0, squares = 0;
		for (final float v : like) {
			sum += v;
			squares += v * v;
		}
		final double mean = sum / like.length;
		final double sd = Math.max(Math.sqrt(Math.max(0, squares / like.length - mean * mean)), 0.1);
		final Random random = new Random(1);
		final float[] noise = new float[like.length];
		for (int i = 0; i < noise.length; i++)
			noise[i] = (float) (mean + sd * random.nextGaussian());
		return noise;
	}
}
