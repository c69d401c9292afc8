package org.pixelwise.predict;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

import org.pixelwise.data.Grid;
import org.pixelwise.data.VolumeSource;
import org.tensorflow.exceptions.TFResourceExhaustedException;

/**
 * Runs a 3-D network over a volume of any size in tiles: each tile reads its kept block plus
 * the network's receptive field in x, y and z (mirrored beyond the volume), so the kept block
 * is what whole-volume prediction gives there, away from the volume's faces. Along an axis no
 * longer than one tile's read, the volume is read whole. When a tile does not fit in memory the
 * tiles are halved in x and y (then in z) and the tile is tried again.
 */
public final class VolumePredictor {

	private final TileNetwork net;
	private int tileSize;
	private int tileDepth;
	private Consumer<String> messages = m -> {};
	private DoubleConsumer progress = p -> {};
	private BooleanSupplier cancelled = () -> false;
	/** Context read around kept blocks: the receptive field unless a measured margin is set. */
	private int margin, zMargin;

	/**
	 * @param tileSize kept block side in x and y, rounded up to the network's size step
	 * @param tileDepth kept block planes, rounded up to the network's z step
	 */
	public VolumePredictor(final TileNetwork net, final int tileSize, final int tileDepth) {
		if (net.dimensions() != 3) throw new IllegalArgumentException(
			"this model predicts images; predict a z-stack plane by plane with it");
		if (tileSize < 1 || tileDepth < 1) throw new IllegalArgumentException("tile " + tileSize +
			"x" + tileSize + "x" + tileDepth + " is empty; give a positive tile size and depth");
		this.net = net;
		this.tileSize = roundUp(tileSize, net.sizeMultiple());
		this.tileDepth = roundUp(tileDepth, net.zSizeMultiple());
		margin = net.receptiveFieldRadius();
		zMargin = net.zReceptiveFieldRadius();
	}

	/**
	 * Reads {@code margin} pixels and {@code zMargin} planes of context around kept blocks
	 * instead of the receptive field, e.g. what {@link VolumeContextProbe} measured.
	 */
	public void setContextMargins(final int margin, final int zMargin) {
		if (margin < 0 || zMargin < 0) throw new IllegalArgumentException("context margins " +
			margin + " and " + zMargin + " must not be negative");
		this.margin = margin;
		this.zMargin = zMargin;
	}

	/**
	 * The largest kept block (x/y side and planes) whose tiles read at most {@code readVoxels}
	 * voxels of this volume, context included: the memory of a 3-D pass follows the voxels it
	 * reads (about 500 bytes each for a 16-filter U-Net). At least one size step each way.
	 */
	public static int[] tileFor(final TileNetwork net, final Grid grid, final long readVoxels) {
		return tileFor(net, grid, readVoxels, net.receptiveFieldRadius(), net
			.zReceptiveFieldRadius());
	}

	/** As above, for tiles that read {@code margin} pixels and {@code zMargin} planes of context. */
	public static int[] tileFor(final TileNetwork net, final Grid grid, final long readVoxels,
		final int margin, final int zMargin)
	{
		final int m = net.sizeMultiple(), zm = net.zSizeMultiple();
		int bestSize = m, bestDepth = zm;
		long bestKept = 0;
		for (int size = m; size <= roundUp(Math.max(grid.width, grid.height), m); size += m)
			for (int depth = zm; depth <= roundUp(grid.depth, zm); depth += zm) {
				final long read = (long) readLength(grid.width, size, m, margin) * readLength(grid.height,
					size, m, margin) * readLength(grid.depth, depth, zm, zMargin);
				final long kept = (long) Math.min(size, grid.width) * Math.min(size, grid.height) * Math
					.min(depth, grid.depth);
				if (read <= readVoxels && kept > bestKept) {
					bestKept = kept;
					bestSize = size;
					bestDepth = depth;
				}
			}
		return new int[] { bestSize, bestDepth };
	}

	/**
	 * A predictor for one volume with the largest tiles whose reads fit {@code readVoxels}. When
	 * the volume must be tiled, the context is measured first ({@link VolumeContextProbe}, once
	 * per network, within {@code tolerance}), so tiles read only what the trained network needs
	 * and can keep more; a volume read whole needs no measurement.
	 *
	 * @param voxels the volume as the network takes it
	 */
	public static VolumePredictor forVolume(final TileNetwork net, final VolumeSource voxels,
		final long readVoxels, final double tolerance, final Consumer<String> messages)
	{
		final Grid grid = voxels.grid();
		int[] tile = tileFor(net, grid, readVoxels);
		if (readsWhole(net, grid, tile, net.receptiveFieldRadius(), net.zReceptiveFieldRadius()))
			return new VolumePredictor(net, tile[0], tile[1]);
		final int[] margins = VolumeContextProbe.margins(net, voxels, tolerance, messages);
		tile = tileFor(net, grid, readVoxels, margins[0], margins[1]);
		final VolumePredictor predictor = new VolumePredictor(net, tile[0], tile[1]);
		predictor.setContextMargins(margins[0], margins[1]);
		return predictor;
	}

	private static boolean readsWhole(final TileNetwork net, final Grid grid, final int[] tile,
		final int margin, final int zMargin)
	{
		return spans(grid.width, tile[0], net.sizeMultiple(), margin).length == 1 && spans(
			grid.height, tile[0], net.sizeMultiple(), margin).length == 1 && spans(grid.depth, tile[1],
				net.zSizeMultiple(), zMargin).length == 1;
	}

	private static int readLength(final int length, final int size, final int step,
		final int radius)
	{
		return spans(length, size, step, radius)[0].read;
	}

	public void setMessageListener(final Consumer<String> messages) {
		this.messages = messages;
	}

	public void setProgressListener(final DoubleConsumer progress) {
		this.progress = progress;
	}

	public void setCancelled(final BooleanSupplier cancelled) {
		this.cancelled = cancelled;
	}

	public int tileSize() {
		return tileSize;
	}

	public int tileDepth() {
		return tileDepth;
	}

	/**
	 * Where the kept block of each tile goes: into the whole output, or straight into what is
	 * decoded from it, so that a large volume's probabilities need not be held at all.
	 */
	public interface BlockSink {
		/**
		 * Takes the network's output for the kept block at ({@code x}, {@code y}, {@code z}) of
		 * {@code width} x {@code height} x {@code depth} voxels, as [z][y][x][k] in {@code block}.
		 */
		void put(int x, int y, int z, int width, int height, int depth, float[] block);
	}

	/**
	 * Predicts a normalised volume.
	 *
	 * @param voxels [z][y][x][c] with {@code channels} = the network's input channels
	 * @return [z][y][x][k] with k the network's output channels
	 */
	public float[] predict(final float[] voxels, final Grid grid) {
		return predict(VolumeSource.of(voxels, grid, net.inputChannels()));
	}

	/** Predicts a volume read as the network takes it; returns [z][y][x][k]. */
	public float[] predict(final VolumeSource voxels) {
		final int out = net.outputChannels();
		final Grid grid = voxels.grid();
		final float[] result = new float[grid.size() * out];
		predict(voxels, (x, y, z, width, height, depth, block) -> {
			for (int k = 0; k < depth; k++)
				for (int j = 0; j < height; j++)
					System.arraycopy(block, (k * height + j) * width * out, result, (((z + k) * grid.height +
						y + j) * grid.width + x) * out, width * out);
		});
		return result;
	}

	/** Predicts a volume read as the network takes it, block by block into {@code sink}. */
	public void predict(final VolumeSource voxels, final BlockSink sink) {
		if (voxels.channels() != net.inputChannels()) throw new IllegalArgumentException("the " +
			"volume has " + voxels.channels() + " channel(s) but the network takes " + net
				.inputChannels());
		while (true) {
			try {
				predictTiles(voxels, sink);
				return;
			}
			catch (final TFResourceExhaustedException | OutOfMemoryError e) {
				if (!shrink()) throw e;
				messages.accept(String.format("Pixelwise: a %dx%dx%d tile did not fit in memory; " +
					"trying %dx%dx%d", tileSize * 2, tileSize * 2, tileDepth, tileSize, tileSize,
					tileDepth));
			}
		}
	}

	/** Halves the tile in x and y, or in z once x and y are at the smallest; false at the end. */
	private boolean shrink() {
		final int m = net.sizeMultiple(), zm = net.zSizeMultiple();
		if (tileSize / 2 >= m && tileSize / 2 % m == 0) tileSize /= 2;
		else if (tileDepth / 2 >= zm && tileDepth / 2 % zm == 0) tileDepth /= 2;
		else return false;
		return true;
	}

	private void predictTiles(final VolumeSource voxels, final BlockSink sink) {
		final Grid grid = voxels.grid();
		final Span[] xs = spans(grid.width, tileSize, net.sizeMultiple(), margin);
		final Span[] ys = spans(grid.height, tileSize, net.sizeMultiple(), margin);
		final Span[] zs = spans(grid.depth, tileDepth, net.zSizeMultiple(), zMargin);
		final long total = (long) xs.length * ys.length * zs.length;
		long done = 0;
		for (final Span z : zs)
			for (final Span y : ys)
				for (final Span x : xs) {
					if (cancelled.getAsBoolean()) throw new java.util.concurrent.CancellationException(
						"prediction cancelled");
					predictTile(voxels, x, y, z, sink);
					progress.accept((double) ++done / total);
				}
	}

	private void predictTile(final VolumeSource voxels, final Span x, final Span y, final Span z,
		final BlockSink sink)
	{
		final int out = net.outputChannels();
		final float[] tile = voxels.box(x.readStart, y.readStart, z.readStart, x.read, y.read,
			z.read);
		final float[] predicted = new float[z.read * y.read * x.read * out];
		net.run(tile, 1, z.read, y.read, x.read, predicted);
		final float[] block = new float[z.keep * y.keep * x.keep * out];
		for (int k = 0; k < z.keep; k++)
			for (int j = 0; j < y.keep; j++)
				System.arraycopy(predicted, (((z.keepStart - z.readStart + k) * y.read + y.keepStart -
					y.readStart + j) * x.read + x.keepStart - x.readStart) * out, block, (k * y.keep + j) *
						x.keep * out, x.keep * out);
		sink.put(x.keepStart, y.keepStart, z.keepStart, x.keep, y.keep, z.keep, block);
	}

	/** Along one axis: the block a tile keeps and the longer range it reads. */
	static final class Span {
		final int keepStart, keep, readStart, read;

		Span(final int keepStart, final int keep, final int readStart, final int read) {
			this.keepStart = keepStart;
			this.keep = keep;
			this.readStart = readStart;
			this.read = read;
		}
	}

	/**
	 * Tiles along an axis of {@code length}: kept blocks of {@code size} (the last one shorter),
	 * each read with {@code radius} (rounded up to the step) of context on both sides, or the
	 * whole axis in one read when that is no longer than one tile's read: a 64-plane stack is
	 * then one pass of 64 planes, not two of 32 planes plus 2 x 64 of context each.
	 */
	static Span[] spans(final int length, final int size, final int step, final int radius) {
		final int margin = roundUp(radius, step);
		if (roundUp(length, step) <= size + 2 * margin) return new Span[] { new Span(0, length, 0,
			roundUp(length, step)) };
		final int count = (length + size - 1) / size;
		final Span[] spans = new Span[count];
		for (int t = 0; t < count; t++) {
			final int start = t * size;
			spans[t] = new Span(start, Math.min(size, length - start), start - margin, size + 2 *
				margin);
		}
		return spans;
	}

	private static int roundUp(final int value, final int step) {
		return (value + step - 1) / step * step;
	}
}
