package org.pixelwise.predict;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.DoubleUnaryOperator;

import org.tensorflow.exceptions.TFResourceExhaustedException;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgFactory;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.cell.CellImgFactory;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Predicts images of any size, up to whole-slide scans, by running a network on overlapping
 * tiles and blending their outputs. Tiles read mirrored context beyond their kept region and
 * sit on the network's size grid (see {@link TileGrid}), so the result does not depend on the
 * tile size. Super-resolution networks, whose output is larger than their input, get an
 * output of the same factor larger; tile size, context margin and overlap are always given in
 * input pixels.
 *
 * <p>When the network runs out of memory, the predictor halves the batch, then the tile size,
 * says so through its message listener, and carries on; the reduced sizes are kept for later
 * images, so a folder of images only discovers the memory limit once.
 */
public final class TiledPredictor {

	private final TileNetwork net;
	private int tileSize;
	private int batchSize;
	/** Requested context margin in pixels, or -1 for the network's receptive field radius. */
	private int requestedMargin = -1;
	/**
	 * Without a requested margin: 0 to read the receptive field radius, or the agreement with
	 * full-context prediction that a measured, smaller margin must keep (see ContextProbe).
	 */
	private double contextTolerance;
	/** Blend overlap in pixels, or -1 for one size multiple. */
	private int requestedOverlap = -1;
	private int lastMargin = -1;
	private Consumer<String> messages = message -> {};
	private DoubleConsumer progress = fraction -> {};
	private BooleanSupplier cancelled = () -> false;

	/**
	 * @param tileSize the input tile height and width, a multiple of the network's size
	 *          multiple; smaller images use one smaller tile
	 * @param batchSize how many tiles to pass to the network at once
	 */
	public TiledPredictor(final TileNetwork net, final int tileSize, final int batchSize) {
		this.net = Objects.requireNonNull(net);
		final int multiple = net.sizeMultiple();
		if (tileSize < multiple || tileSize % multiple != 0) throw new IllegalArgumentException(
			"tile size " + tileSize + " is not a positive multiple of " + multiple +
				", the network's size multiple; use " + Math.max(multiple, TileGrid.roundDown(tileSize,
					multiple)) + " or " + (TileGrid.roundDown(tileSize, multiple) + multiple));
		if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, not " +
			batchSize);
		if (net.outputScale() < 1) throw new IllegalArgumentException("the network's output scale " +
			"must be at least 1, not " + net.outputScale());
		this.tileSize = tileSize;
		this.batchSize = batchSize;
	}

	/**
	 * Context read beyond each tile's kept region, in input pixels; rounded up to the size
	 * multiple and reduced if the tile cannot hold it. Less than the receptive field radius makes
	 * tile seams visible.
	 */
	public void setContextMargin(final int pixels) {
		if (pixels < 0) throw new IllegalArgumentException("context margin must not be negative, not " +
			pixels);
		requestedMargin = pixels;
	}

	/**
	 * Lets the context margin be measured rather than read from the receptive field: the
	 * smallest margin whose output agrees with full-context prediction within {@code tolerance}
	 * of the output's scale (0: always the receptive field). Measured once per network, on the
	 * first image that needs more than one tile; a margin set with {@link #setContextMargin}
	 * wins.
	 */
	public void setContextTolerance(final double tolerance) {
		if (!(tolerance >= 0 && tolerance < 1)) throw new IllegalArgumentException(
			"context tolerance must be from 0 to below 1, not " + tolerance);
		contextTolerance = tolerance;
	}

	/**
	 * Width of the band where neighbouring tiles are blended, in input pixels; rounded up to the
	 * size multiple.
	 */
	public void setOverlap(final int pixels) {
		if (pixels < 0) throw new IllegalArgumentException("overlap must not be negative, not " +
			pixels);
		requestedOverlap = pixels;
	}

	/** Receives user-facing messages, such as retries after running out of memory. */
	public void setMessageListener(final Consumer<String> messages) {
		this.messages = Objects.requireNonNull(messages);
	}

	/** Receives the fraction of tiles done, from 0 to 1, after each batch. */
	public void setProgressListener(final DoubleConsumer progress) {
		this.progress = Objects.requireNonNull(progress);
	}

	/** Asked between batches; when it says true, prediction stops with a CancellationException. */
	public void setCancelled(final BooleanSupplier cancelled) {
		this.cancelled = Objects.requireNonNull(cancelled);
	}

	/** What is asked between batches; a volume predictor run for the same job asks it too. */
	public BooleanSupplier cancelled() {
		return cancelled;
	}

	/** Where user-facing messages go. */
	public Consumer<String> messages() {
		return messages;
	}

	/** The tile size in use, smaller than requested after running out of memory. */
	public int tileSize() {
		return tileSize;
	}

	/** The context margin of the last prediction, in input pixels (-1 before the first). */
	public int margin() {
		return lastMargin;
	}

	/** The batch size in use, smaller than requested after running out of memory. */
	public int batchSize() {
		return batchSize;
	}

	/**
	 * Predicts {@code image} into a new image of dimensions (X * s, Y * s, output channels),
	 * where s is the network's output scale, held in cells when it is too large for one array.
	 */
	public Img<FloatType> predict(final RandomAccessibleInterval<? extends RealType<?>> image,
		final boolean hasChannelAxis, final DoubleUnaryOperator normalise)
	{
		final int scale = net.outputScale();
		final long[] dims = { scale * image.dimension(0), scale * image.dimension(1), net
			.outputChannels() };
		final Img<FloatType> output = dims[0] * dims[1] * dims[2] < Integer.MAX_VALUE
			? new ArrayImgFactory<>(new FloatType()).create(dims)
			: new CellImgFactory<>(new FloatType(), 1024, 1024, net.outputChannels()).create(dims);
		predict(image, hasChannelAxis, normalise, output);
		return output;
	}

	/**
	 * Predicts {@code image} (X, Y, and channels last if {@code hasChannelAxis}) into
	 * {@code output} (X * s, Y * s, output channels), where s is the network's output scale,
	 * overwriting it with blended network outputs. Pixels are passed through {@code normalise}
	 * before they reach the network; context beyond the image border is mirrored.
	 */
	public void predict(final RandomAccessibleInterval<? extends RealType<?>> image,
		final boolean hasChannelAxis, final DoubleUnaryOperator normalise,
		final RandomAccessibleInterval<FloatType> output)
	{
		checkShapes(image, hasChannelAxis, output);
		final int width = (int) image.dimension(0);
		final int height = (int) image.dimension(1);
		final int multiple = net.sizeMultiple();
		final TileReader reader = new TileReader(image, normalise, net.inputChannels());
		TileGrid grid = grid(reader, width, height);
		while (!predictTiles(grid, reader, output)) {
			final int largest = Math.max(grid.x.tileSize(), grid.y.tileSize());
			final int smaller = Math.max(TileGrid.roundDown(largest / 2, multiple), 2 * lastMargin +
				multiple);
			if (smaller >= largest) throw new IllegalStateException("out of memory even with one " +
				describe(grid) + " tile, the smallest this network allows with a context margin of " +
				lastMargin + " pixels; close other programs that use the GPU, predict on the CPU, " +
				"or use a model with fewer filters");
			final String failed = describe(grid);
			tileSize = smaller;
			grid = grid(reader, width, height);
			messages.accept("out of memory with 1 tile of " + failed + "; retrying with tiles of " +
				describe(grid));
		}
	}

	/** The tiles for the current tile size, with the context margin that size needs. */
	private TileGrid grid(final TileReader reader, final int width, final int height) {
		final int margin = margin(reader, width, height);
		lastMargin = margin;
		return new TileGrid(width, height, tileSize, margin, overlap(margin), net.sizeMultiple(),
			net.outputScale());
	}

	/**
	 * Runs every tile of {@code grid} and blends it into {@code output}, halving the batch when
	 * memory runs out. Returns false, leaving {@code output} incomplete, when even a single tile
	 * does not fit.
	 */
	private boolean predictTiles(final TileGrid grid, final TileReader reader,
		final RandomAccessibleInterval<FloatType> output)
	{
		final float[] array = floats(output);
		if (array != null) java.util.Arrays.fill(array, 0);
		else output.forEach(FloatType::setZero);
		final int total = grid.tileCount();
		final int tileWidth = grid.x.tileSize();
		final int tileHeight = grid.y.tileSize();
		int done = 0;
		while (done < total) {
			if (cancelled.getAsBoolean()) throw new CancellationException(
				"prediction cancelled after " + done + " of " + total + " tiles");
			final int count = Math.min(batchSize, total - done);
			final float[] predicted;
			try {
				final float[] input = new float[arrayLength((long) count * tileHeight * tileWidth * net
					.inputChannels())];
				for (int b = 0; b < count; b++)
					reader.read(grid, (done + b) % grid.x.count(), (done + b) / grid.x.count(), input, b);
				predicted = new float[arrayLength((long) count * grid.y.outputTileSize() * grid.x
					.outputTileSize() * net.outputChannels())];
				net.run(input, count, tileHeight, tileWidth, predicted);
			}
			catch (final TFResourceExhaustedException | OutOfMemoryError e) {
				if (count == 1) return false;
				batchSize = count / 2;
				messages.accept("out of memory with " + count + " tiles of " + describe(grid) +
					"; retrying with " + batchSize + (batchSize == 1 ? " tile" : " tiles"));
				continue;
			}
			for (int b = 0; b < count; b++)
				blend(grid, (done + b) % grid.x.count(), (done + b) / grid.x.count(), predicted, b,
					output);
			done += count;
			progress.accept((double) done / total);
		}
		return true;
	}

	/** A Java array length, or OutOfMemoryError so that the caller retries with fewer tiles. */
	private static int arrayLength(final long length) {
		if (length > Integer.MAX_VALUE - 8) throw new OutOfMemoryError("a batch of " + length +
			" values does not fit in one Java array");
		return (int) length;
	}

	/**
	 * Adds the kept region of one predicted tile to {@code output}, weighted so that the tiles
	 * covering each output pixel add up to a weight of 1.
	 */
	private void blend(final TileGrid grid, final int column, final int row,
		final float[] predicted, final int index, final RandomAccessibleInterval<FloatType> output)
	{
		final int tileWidth = grid.x.outputTileSize();
		final int tileHeight = grid.y.outputTileSize();
		final int marginX = grid.x.outputKeepOffset(column);
		final int marginY = grid.y.outputKeepOffset(row);
		final int channels = net.outputChannels();
		final float[] array = floats(output);
		if (array != null) {
			// The usual output, one array (X fastest, then Y, then channel): no per-pixel access.
			final int width = (int) output.dimension(0), height = (int) output.dimension(1);
			final int startX = grid.x.outputValidStart(column), startY = grid.y.outputValidStart(row);
			final int keptX = grid.x.outputKeptSize(column);
			final float[] weightX = new float[keptX];
			for (int x = 0; x < keptX; x++)
				weightX[x] = grid.x.weight(column, x);
			for (int o = 0; o < channels; o++)
				for (int y = 0; y < grid.y.outputKeptSize(row); y++) {
					final float weightY = grid.y.weight(row, y);
					int to = (o * height + startY + y) * width + startX;
					int at = ((index * tileHeight + marginY + y) * tileWidth + marginX) * channels + o;
					for (int x = 0; x < keptX; x++, to++, at += channels)
						array[to] += weightX[x] * weightY * predicted[at];
				}
			return;
		}
		final RandomAccess<FloatType> access = output.randomAccess();
		for (int o = 0; o < channels; o++) {
			for (int y = 0; y < grid.y.outputKeptSize(row); y++) {
				final float weightY = grid.y.weight(row, y);
				access.setPosition(new long[] { output.min(0) + grid.x.outputValidStart(column), output
					.min(1) + grid.y.outputValidStart(row) + y, output.min(2) + o });
				int at = ((index * tileHeight + marginY + y) * tileWidth + marginX) * channels + o;
				for (int x = 0; x < grid.x.outputKeptSize(column); x++) {
					final FloatType value = access.get();
					value.set(value.get() + grid.x.weight(column, x) * weightY * predicted[at]);
					access.fwd(0);
					at += channels;
				}
			}
		}
	}

	/** The float array behind an output that is one ArrayImg, else null. */
	private static float[] floats(final RandomAccessibleInterval<FloatType> output) {
		if (!(output instanceof ArrayImg)) return null;
		final Object data = ((ArrayImg<?, ?>) output).update(null);
		return data instanceof FloatArray ? ((FloatArray) data).getCurrentStorageArray() : null;
	}

	private int margin(final TileReader reader, final int width, final int height) {
		// One tile reads no context: there are no neighbours, and none is read beyond the image.
		if (!needsTiles(width, height)) return 0;
		final int multiple = net.sizeMultiple();
		final int wanted = requestedMargin >= 0 ? TileGrid.roundUp(requestedMargin, multiple)
			: needsTiles(width, height) && contextTolerance > 0 ? measuredMargin(reader, width, height)
				: TileGrid.roundUp(net.receptiveFieldRadius(), multiple);
		final int margin = Math.min(wanted, TileGrid.largestMargin(tileSize, multiple));
		if (margin < wanted) messages.accept("context margin reduced from " + wanted + " to " +
			margin + " pixels to fit tiles of " + tileSize + "; larger tiles avoid visible seams");
		return margin;
	}

	/** Whether the image is larger than one tile (context is read only between tiles). */
	private boolean needsTiles(final int width, final int height) {
		return TileGrid.roundUp(Math.max(width, height), net.sizeMultiple()) > tileSize;
	}

	/** Measured margins per network and tolerance, kept while the network is (model cache). */
	private static final Map<TileNetwork, Map<Double, Integer>> MEASURED = new WeakHashMap<>();

	private int measuredMargin(final TileReader reader, final int width, final int height) {
		final TileNetwork measured = net.measuredNetwork();
		synchronized (MEASURED) {
			final Integer known = MEASURED.getOrDefault(measured, Map.of()).get(contextTolerance);
			if (known != null) return known;
		}
		final int bound = TileGrid.roundUp(net.receptiveFieldRadius(), net.sizeMultiple());
		// A model of one fixed input size (some bioimage.io packages) may refuse the probe's
		// windows; it keeps the receptive field, as does a probe that fails for any reason.
		final ContextProbe.Result result;
		try {
			result = ContextProbe.measure(measured, reader, width, height, contextTolerance);
		}
		catch (final RuntimeException e) {
			messages.accept("could not measure the context this model needs (" + e.getMessage() +
				"); reading its receptive field of " + bound + " px");
			return bound;
		}
		messages.accept("measured the " + result);
		synchronized (MEASURED) {
			MEASURED.computeIfAbsent(measured, n -> new HashMap<>()).put(contextTolerance,
				result.margin);
		}
		return result.margin;
	}

	private int overlap(final int margin) {
		final int multiple = net.sizeMultiple();
		final int wanted = requestedOverlap < 0 ? multiple : TileGrid.roundUp(requestedOverlap,
			multiple);
		final int overlap = Math.min(wanted, TileGrid.largestOverlap(tileSize, margin, multiple));
		if (overlap < wanted && requestedOverlap >= 0) messages.accept("overlap reduced from " +
			wanted + " to " + overlap + " pixels to fit tiles of " + tileSize);
		return overlap;
	}

	private void checkShapes(final RandomAccessibleInterval<? extends RealType<?>> image,
		final boolean hasChannelAxis, final RandomAccessibleInterval<FloatType> output)
	{
		final int axes = hasChannelAxis ? 3 : 2;
		if (image.numDimensions() != axes) throw new IllegalArgumentException("image has " + image
			.numDimensions() + " axes but " + axes + " were expected (X, Y" + (hasChannelAxis
				? ", channel" : "") + "); predict one 2-D plane at a time");
		final long channels = hasChannelAxis ? image.dimension(2) : 1;
		if (channels != net.inputChannels()) throw new IllegalArgumentException("image has " +
			channels + " channel(s) but the network expects " + net.inputChannels() +
			"; give it an image with the channels it was trained on");
		final int scale = net.outputScale();
		if (output.numDimensions() != 3 || output.dimension(0) != scale * image.dimension(0) ||
			output.dimension(1) != scale * image.dimension(1) || output.dimension(2) != net
				.outputChannels()) throw new IllegalArgumentException("output must be " + scale * image
					.dimension(0) + "x" + scale * image.dimension(1) + "x" + net.outputChannels() +
					" (X, Y, output channels)");
	}

	private static String describe(final TileGrid grid) {
		return grid.x.tileSize() + "x" + grid.y.tileSize();
	}
}
