package org.pixelwise.predict;

/**
 * Where the tiles of a tiled prediction lie, and how much each one counts where they overlap.
 * Every tile reads a context margin towards its neighbours and keeps only the output of its
 * inner region, so no kept pixel ever sees a tile edge inside the image. Tiles start on
 * multiples of the network's size multiple, so the pooling grid lines up with the same image
 * pixels in every tile and tiled prediction reproduces whole-image prediction exactly.
 *
 * <p>For super-resolution networks, whose output is {@code scale} times larger than their
 * input, tiles are placed and read at input resolution, while kept regions, blend ramps and
 * weights live at output resolution: each is {@code scale} times its input-resolution
 * counterpart, so that every output pixel is blended from whole network outputs.
 *
 * <p>The 2-D grid is the Cartesian product of one {@link Axis} along X and one along Y. Blend
 * weights are therefore separable, and each axis stores its weights already divided by their
 * sum over that axis's tiles: the blended output is
 * {@code sum over tiles of x.weight(i, px) * y.weight(j, py) * prediction}, with no full-size
 * weight image, which keeps very large images within bounded memory.
 */
public final class TileGrid {

	/** The tiles along X. */
	public final Axis x;
	/** The tiles along Y. */
	public final Axis y;

	/**
	 * Lays tiles over a {@code width} x {@code height} image for a network whose output is the
	 * size of its input. The tile size, context margin and overlap must be multiples of
	 * {@code multiple}, and a tile must keep at least {@code multiple} pixels after removing the
	 * margin on both sides.
	 */
	public TileGrid(final int width, final int height, final int tileSize, final int margin,
		final int overlap, final int multiple)
	{
		this(width, height, tileSize, margin, overlap, multiple, 1);
	}

	/**
	 * Lays tiles over a {@code width} x {@code height} image for a network whose output is
	 * {@code scale} times larger than its input; sizes are in input pixels, as for
	 * {@link #TileGrid(int, int, int, int, int, int)}.
	 */
	public TileGrid(final int width, final int height, final int tileSize, final int margin,
		final int overlap, final int multiple, final int scale)
	{
		x = new Axis(width, tileSize, margin, overlap, multiple, scale);
		y = new Axis(height, tileSize, margin, overlap, multiple, scale);
	}

	/** The number of tiles in the whole grid. */
	public int tileCount() {
		return x.count() * y.count();
	}

	/** The largest context margin that still leaves {@code multiple} valid pixels in a tile. */
	public static int largestMargin(final int tileSize, final int multiple) {
		return Math.max(0, roundDown((tileSize - multiple) / 2, multiple));
	}

	/**
	 * The largest blend overlap a tile allows: consecutive valid regions must still advance by
	 * at least one size multiple.
	 */
	public static int largestOverlap(final int tileSize, final int margin, final int multiple) {
		return Math.max(0, tileSize - 2 * margin - multiple);
	}

	static int roundUp(final int value, final int multiple) {
		return (value + multiple - 1) / multiple * multiple;
	}

	static int roundDown(final int value, final int multiple) {
		return value / multiple * multiple;
	}

	/**
	 * The tiles along one image axis: where each reads its input, which part of its output it
	 * keeps, and with what normalised weight. Methods named {@code output...} and
	 * {@link #weight} count output pixels; the others count input pixels.
	 *
	 * <p>Context is read only between tiles, never beyond the image: the first tile reads from
	 * the image's first pixel and keeps its output from there, the last one reads up to the image
	 * end (rounded up to the size multiple, the few pixels beyond mirrored) and keeps its output to
	 * there. At the image border the network therefore sees what it saw at the border of every
	 * training patch, its own zero padding, and a tiled prediction equals the whole image in one
	 * pass everywhere, border included. A 512² image is one 512² pass, not a 704² one.
	 */
	public static final class Axis {

		private final int length;
		private final int tileSize;
		private final int scale;
		private final int[] readStarts;
		private final int[] keepStarts;
		private final int[] keepEnds;
		/** Per tile, per output pixel of its kept region: blend weight over the sum over tiles. */
		private final float[][] weights;

		/**
		 * Lays tiles along an axis of {@code length} pixels for a network whose output is the size
		 * of its input. When the axis, rounded up to the size multiple, fits in {@code tileSize},
		 * it is one tile of that rounded length.
		 */
		public Axis(final int length, final int tileSize, final int margin, final int overlap,
			final int multiple)
		{
			this(length, tileSize, margin, overlap, multiple, 1);
		}

		/**
		 * Lays tiles along an axis of {@code length} input pixels for a network whose output is
		 * {@code scale} times larger; the blend ramps are {@code scale * overlap} output pixels
		 * wide.
		 */
		public Axis(final int length, final int tileSize, final int margin, final int overlap,
			final int multiple, final int scale)
		{
			check(length, tileSize, margin, overlap, multiple);
			if (scale < 1) throw new IllegalArgumentException("output scale must be positive, not " +
				scale);
			this.length = length;
			this.scale = scale;
			final int padded = roundUp(length, multiple);
			this.tileSize = padded <= tileSize ? padded : balanced(padded, tileSize, margin, overlap,
				multiple);
			this.readStarts = readStarts(padded, this.tileSize, margin, overlap);
			final int count = readStarts.length;
			this.keepStarts = new int[count];
			this.keepEnds = new int[count];
			for (int k = 0; k < count; k++) {
				keepStarts[k] = k == 0 ? 0 : readStarts[k] + margin;
				keepEnds[k] = k == count - 1 ? length : readStarts[k] + this.tileSize - margin;
			}
			this.weights = normalisedWeights(scale * length, scale * overlap, keepStarts, keepEnds,
				scale);
		}

		/** The image length along this axis. */
		public int length() {
			return length;
		}

		/** The input size of every tile along this axis. */
		public int tileSize() {
			return tileSize;
		}

		/** The number of tiles along this axis. */
		public int count() {
			return readStarts.length;
		}

		/** Image coordinate of the first kept output pixel of tile {@code tile}. */
		public int validStart(final int tile) {
			return keepStarts[tile];
		}

		/** Image coordinate of the first input pixel of tile {@code tile}; never negative. */
		public int readStart(final int tile) {
			return readStarts[tile];
		}

		/** How many kept pixels of tile {@code tile} lie inside the image. */
		public int keptSize(final int tile) {
			return keepEnds[tile] - keepStarts[tile];
		}

		/** How many times larger the network's output is than its input. */
		public int scale() {
			return scale;
		}

		/** The size of every tile's network output along this axis. */
		public int outputTileSize() {
			return scale * tileSize;
		}

		/** Output pixels at the start of tile {@code tile}'s output that are not kept. */
		public int outputKeepOffset(final int tile) {
			return scale * (keepStarts[tile] - readStarts[tile]);
		}

		/** Output image coordinate of the first kept output pixel of tile {@code tile}. */
		public int outputValidStart(final int tile) {
			return scale * keepStarts[tile];
		}

		/** How many kept output pixels of tile {@code tile} lie inside the output image. */
		public int outputKeptSize(final int tile) {
			return scale * keptSize(tile);
		}

		/**
		 * The normalised blend weight of tile {@code tile} at {@code offset} output pixels into its
		 * kept region; over all tiles covering an output pixel, these add up to 1.
		 */
		public float weight(final int tile, final int offset) {
			return weights[tile][offset];
		}

		private static void check(final int length, final int tileSize, final int margin,
			final int overlap, final int multiple)
		{
			if (multiple < 1) throw new IllegalArgumentException("size multiple must be positive, not " +
				multiple);
			if (length < 1) throw new IllegalArgumentException("image length must be positive, not " +
				length);
			if (tileSize % multiple != 0 || margin % multiple != 0 || overlap % multiple != 0)
				throw new IllegalArgumentException("tile size " + tileSize + ", context margin " +
					margin + " and overlap " + overlap + " must all be multiples of " + multiple +
					", the network's size multiple");
			if (margin < 0 || overlap < 0) throw new IllegalArgumentException("context margin " +
				margin + " and overlap " + overlap + " must not be negative");
			if (tileSize - 2 * margin < multiple) throw new IllegalArgumentException("tile size " +
				tileSize + " leaves nothing to keep after a context margin of " + margin +
				" on both sides; use tiles of at least " + (2 * margin + multiple) + " pixels");
			if (overlap > largestOverlap(tileSize, margin, multiple))
				throw new IllegalArgumentException("overlap " + overlap + " is too large for tiles of " +
					tileSize + " with a context margin of " + margin + "; use at most " +
					largestOverlap(tileSize, margin, multiple));
		}

		/**
		 * The smallest tile that covers the axis with as few tiles as {@code tileSize} does: an
		 * 8192-pixel axis in tiles of 1024 with 96 pixels of context needs 10 tiles, and so do tiles
		 * of 928, so the last one no longer recomputes most of its neighbour.
		 */
		private static int balanced(final int padded, final int tileSize, final int margin,
			final int overlap, final int multiple)
		{
			final int count = readStarts(padded, tileSize, margin, overlap).length;
			for (int smaller = 2 * margin + overlap + multiple; smaller < tileSize; smaller += multiple)
				if (smaller >= padded || readStarts(padded, smaller, margin, overlap).length <= count)
					return smaller;
			return tileSize;
		}

		/**
		 * Where tiles of {@code tileSize} read along an axis of {@code padded} pixels: the first at
		 * 0, each next one so that its kept region overlaps the previous one's by
		 * {@code overlap}, and the last one ending at {@code padded}.
		 */
		private static int[] readStarts(final int padded, final int tileSize, final int margin,
			final int overlap)
		{
			if (tileSize >= padded) return new int[] { 0 };
			final int stride = tileSize - 2 * margin - overlap;
			final int count = 1 + (padded - tileSize + stride - 1) / stride;
			final int[] starts = new int[count];
			for (int k = 1; k < count; k++)
				starts[k] = k * stride;
			// The last tile moves back to end at the image end, overlapping its neighbour more than
			// the others do; padded and tileSize are multiples, so its pooling grid still lines up.
			starts[count - 1] = padded - tileSize;
			return starts;
		}

		/**
		 * Weights at output resolution: {@code length} and {@code overlap} are in output pixels,
		 * the kept regions in input pixels.
		 */
		private static float[][] normalisedWeights(final int length, final int overlap,
			final int[] starts, final int[] ends, final int scale)
		{
			final double[][] raw = new double[starts.length][];
			final double[] sum = new double[length];
			for (int k = 0; k < starts.length; k++) {
				final int start = scale * starts[k];
				raw[k] = new double[scale * (ends[k] - starts[k])];
				for (int i = 0; i < raw[k].length; i++) {
					raw[k][i] = ramp(i, raw[k].length, overlap, k > 0, k < starts.length - 1);
					sum[start + i] += raw[k][i];
				}
			}
			final float[][] weights = new float[starts.length][];
			for (int k = 0; k < starts.length; k++) {
				final int start = scale * starts[k];
				weights[k] = new float[raw[k].length];
				for (int i = 0; i < raw[k].length; i++)
					weights[k][i] = (float) (raw[k][i] / sum[start + i]);
			}
			return weights;
		}

		/**
		 * 1 in the middle of a kept region, falling linearly towards each edge that has a
		 * neighbouring tile, but never to 0 so that every pixel has some weight. Edges at the
		 * image border have no ramp, as no other tile is there to take over.
		 */
		private static double ramp(final int offset, final int keptSize, final int overlap,
			final boolean neighbourBefore, final boolean neighbourAfter)
		{
			double weight = 1;
			if (overlap == 0) return weight;
			if (neighbourBefore && offset < overlap) weight = Math.min(weight, (offset + 0.5) /
				overlap);
			final int fromEnd = keptSize - 1 - offset;
			if (neighbourAfter && fromEnd < overlap) weight = Math.min(weight, (fromEnd + 0.5) /
				overlap);
			return weight;
		}
	}
}
