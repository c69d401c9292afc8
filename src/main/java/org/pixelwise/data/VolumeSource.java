package org.pixelwise.data;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * A volume's voxels as floats ([z][y][x][c]), read a box at a time. A z-stack read through
 * {@link #of(RandomAccessibleInterval, boolean)} and {@link #normalised} is scaled as it is
 * read, so a 128 x 1024 x 1024 stack is never held as floats beside its own pixels (512 MB,
 * and twice that while it was being assembled).
 */
public abstract class VolumeSource {

	private final Grid grid;
	private final int channels;

	protected VolumeSource(final Grid grid, final int channels) {
		this.grid = grid;
		this.channels = channels;
	}

	public final Grid grid() {
		return grid;
	}

	public final int channels() {
		return channels;
	}

	/**
	 * Copies {@code count} voxels of row ({@code y}, {@code z}) from {@code x} on, all inside
	 * the volume, channels interleaved, into {@code into} from {@code offset}.
	 */
	public abstract void readRun(int x, int y, int z, int count, float[] into, int offset);

	/**
	 * The box of {@code width} x {@code height} x {@code depth} voxels at ({@code x0},
	 * {@code y0}, {@code z0}) as [z][y][x][c], mirrored beyond the volume's faces.
	 */
	public final float[] box(final int x0, final int y0, final int z0, final int width,
		final int height, final int depth)
	{
		final int in = channels;
		final float[] box = new float[depth * height * width * in];
		// The part of each row inside the volume is read in one run; mirrored voxels one by one.
		final int first = Math.max(0, -x0), last = Math.min(width, grid.width - x0);
		for (int k = 0; k < depth; k++) {
			final int sz = Grid.mirror(z0 + k, grid.depth);
			for (int j = 0; j < height; j++) {
				final int sy = Grid.mirror(y0 + j, grid.height);
				final int row = (k * height + j) * width;
				if (last > first) readRun(x0 + first, sy, sz, last - first, box, (row + first) * in);
				for (int i = 0; i < width; i++)
					if (i < first || i >= last) readRun(Grid.mirror(x0 + i, grid.width), sy, sz, 1, box,
						(row + i) * in);
			}
		}
		return box;
	}

	/**
	 * This volume with every value read mapped as {@link PercentileNormalisation#normalise}
	 * maps it (the same float as {@link PercentileNormalisation#normaliseInPlace} would give).
	 */
	public final VolumeSource normalised(final PercentileNormalisation normalisation) {
		final VolumeSource raw = this;
		return new VolumeSource(grid, channels) {

			@Override
			public void readRun(final int x, final int y, final int z, final int count,
				final float[] into, final int offset)
			{
				raw.readRun(x, y, z, count, into, offset);
				for (int i = offset; i < offset + count * channels; i++)
					into[i] = normalisation.normalise(into[i]);
			}
		};
	}

	/** Voxels held as floats, [z][y][x][c]. */
	public static VolumeSource of(final float[] voxels, final Grid grid, final int channels) {
		grid.require(voxels.length / channels, "volume");
		return new VolumeSource(grid, channels) {

			@Override
			public void readRun(final int x, final int y, final int z, final int count,
				final float[] into, final int offset)
			{
				System.arraycopy(voxels, ((z * grid.height + y) * grid.width + x) * channels, into, offset,
					count * channels);
			}
		};
	}

	/**
	 * A z-stack (X, Y, Z, and channels last when {@code hasChannelAxis}) read in place, its
	 * values as they are. A NaN voxel stops the read with its position.
	 */
	public static VolumeSource of(final RandomAccessibleInterval<? extends RealType<?>> stack,
		final boolean hasChannelAxis)
	{
		final Grid grid = new Grid((int) stack.dimension(0), (int) stack.dimension(1), (int) stack
			.dimension(2));
		final int channels = hasChannelAxis ? (int) stack.dimension(3) : 1;
		final long[] min = new long[stack.numDimensions()];
		stack.min(min);
		return new VolumeSource(grid, channels) {

			@Override
			public void readRun(final int x, final int y, final int z, final int count,
				final float[] into, final int offset)
			{
				final RandomAccess<? extends RealType<?>> access = stack.randomAccess();
				for (int c = 0; c < channels; c++) {
					access.setPosition(min[0] + x, 0);
					access.setPosition(min[1] + y, 1);
					access.setPosition(min[2] + z, 2);
					if (hasChannelAxis) access.setPosition(min[3] + c, 3);
					for (int i = 0; i < count; i++, access.fwd(0)) {
						final float v = access.get().getRealFloat();
						if (Float.isNaN(v)) throw new IllegalArgumentException("the z-stack contains NaN " +
							"voxels (one at x=" + (x + i) + ", y=" + y + ", z=" + z + (channels > 1
								? ", channel " + c : "") + "); replace NaN with a number, e.g. with Process > " +
							"Math > NaN Background");
						into[offset + i * channels + c] = v;
					}
				}
			}
		};
	}
}
