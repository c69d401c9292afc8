package org.pixelwise.predict;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Splits the network work of one image's prediction across machines without a second copy of
 * the prediction code. Tiled prediction (with test-time augmentation, stacks, normalisation and
 * decoding around it) asks its network for tiles in an order that depends only on the image and
 * the settings. So each machine runs the ordinary prediction with a network that computes only
 * its share of those tile calls ({@link #computing}); one machine then runs it once more with a
 * network that answers every call from the collected outputs ({@link #replaying}), and blends
 * and decodes exactly as a single machine would. {@link #counting} says how many calls there
 * are.
 *
 * <p>Tile calls are counted one tile at a time, so the split does not depend on how many tiles
 * each machine passes to its network at once.
 */
public final class SplitPrediction {

	private SplitPrediction() {}

	/** Thrown through the prediction once a machine's share of tiles is done: it needs no more. */
	public static final class ShareDone extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ShareDone() {
			super("this share of tiles is done", null, false, false);
		}
	}

	/** A network that computes nothing and counts the tile calls of one prediction. */
	public static Counting counting(final TileNetwork network) {
		return new Counting(network);
	}

	/**
	 * A network that runs {@code network} on tile calls {@code from} (inclusive) to {@code to}
	 * (exclusive), keeps their outputs, and ends the prediction with {@link ShareDone} after the
	 * last of them.
	 */
	public static Computing computing(final TileNetwork network, final int from, final int to) {
		return new Computing(network, from, to);
	}

	/** A network that answers each tile call with the output collected for it. */
	public static Replaying replaying(final TileNetwork network, final Map<Integer, float[]> outputs) {
		return new Replaying(network, outputs);
	}

	/** The shape facts of a network, passed on; only {@link #run} differs. */
	private abstract static class Delegating implements TileNetwork {

		final TileNetwork network;
		/** Index of the next tile call. */
		int next;

		Delegating(final TileNetwork network) {
			this.network = Objects.requireNonNull(network);
		}

		@Override
		public TileNetwork measuredNetwork() {
			return network.measuredNetwork();
		}

		@Override
		public int inputChannels() {
			return network.inputChannels();
		}

		@Override
		public int outputChannels() {
			return network.outputChannels();
		}

		@Override
		public int sizeMultiple() {
			return network.sizeMultiple();
		}

		@Override
		public int receptiveFieldRadius() {
			return network.receptiveFieldRadius();
		}

		@Override
		public int outputScale() {
			return network.outputScale();
		}

		int outputLength(final int height, final int width) {
			final int s = outputScale();
			return height * s * width * s * outputChannels();
		}
	}

	public static final class Counting extends Delegating {

		Counting(final TileNetwork network) {
			super(network);
		}

		/** Tile calls seen so far. */
		public int calls() {
			return next;
		}

		@Override
		public void run(final float[] input, final int batch, final int height, final int width,
			final float[] output)
		{
			Arrays.fill(output, 0, batch * outputLength(height, width), 0f);
			next += batch;
		}
	}

	public static final class Computing extends Delegating {

		private final int from;
		private final int to;
		private final Map<Integer, float[]> outputs = new TreeMap<>();

		Computing(final TileNetwork network, final int from, final int to) {
			super(network);
			if (from < 0 || to <= from) throw new IllegalArgumentException("tile calls " + from +
				" to " + to + " are not a share");
			this.from = from;
			this.to = to;
		}

		/** The outputs computed, by tile call index. */
		public Map<Integer, float[]> outputs() {
			return outputs;
		}

		@Override
		public void run(final float[] input, final int batch, final int height, final int width,
			final float[] output)
		{
			final int in = height * width * inputChannels();
			final int out = outputLength(height, width);
			final int first = Math.max(from, next);
			final int last = Math.min(to, next + batch);
			if (first < last) {
				final int count = last - first;
				final float[] mine = new float[count * out];
				network.run(Arrays.copyOfRange(input, (first - next) * in, (last - next) * in), count,
					height, width, mine);
				for (int call = first; call < last; call++)
					outputs.put(call, Arrays.copyOfRange(mine, (call - first) * out, (call - first + 1) *
						out));
			}
			Arrays.fill(output, 0, batch * out, 0f);
			next += batch;
			if (next >= to) throw new ShareDone();
		}
	}

	public static final class Replaying extends Delegating {

		private final Map<Integer, float[]> outputs;

		Replaying(final TileNetwork network, final Map<Integer, float[]> outputs) {
			super(network);
			this.outputs = Objects.requireNonNull(outputs);
		}

		@Override
		public void run(final float[] input, final int batch, final int height, final int width,
			final float[] output)
		{
			final int out = outputLength(height, width);
			for (int b = 0; b < batch; b++) {
				final float[] tile = outputs.get(next + b);
				if (tile == null || tile.length != out) throw new IllegalStateException("no output of " +
					out + " values was collected for tile call " + (next + b) + "; the machines " +
					"predicted with different settings");
				System.arraycopy(tile, 0, output, b * out, out);
			}
			next += batch;
		}
	}
}
