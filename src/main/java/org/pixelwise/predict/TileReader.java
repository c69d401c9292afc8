package org.pixelwise.predict;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Copies tiles of the normalised, mirror-extended image into the network's input layout
 * (NHWC); reading outside the image mirrors it, so border tiles see plausible context.
 */
final class TileReader {

	private final RandomAccessibleInterval<? extends RealType<?>> image;
	private final long[] min;
	private final long[] size;
	private final DoubleUnaryOperator normalise;
	private final int channels;
	/** Each channel's pixel array when the image is ImageJ's planes (see {@link #planesOf}). */
	private final Object[] planes;

	TileReader(final RandomAccessibleInterval<? extends RealType<?>> image,
		final DoubleUnaryOperator normalise, final int channels)
	{
		this.image = image;
		this.min = image.minAsLongArray();
		this.size = image.dimensionsAsLongArray();
		this.normalise = Objects.requireNonNull(normalise);
		this.channels = channels;
		this.planes = planesOf(image, channels);
	}

	/**
	 * The pixel arrays of an image that is one ImageJ plane per channel (as ImageJ images are
	 * wrapped: 8-bit, 16-bit, 32-bit or RGB): read straight from them, a tile costs a quarter of
	 * what ImgLib2's generic access costs, which was the largest Java cost of a macro's Segment
	 * Image call. Null for any other image.
	 */
	private static Object[] planesOf(final RandomAccessibleInterval<? extends RealType<?>> image,
		final int channels)
	{
		if (!(image instanceof PlanarImg) || image.numDimensions() != (channels > 1 ? 3 : 2))
			return null;
		final PlanarImg<?, ?> planar = (PlanarImg<?, ?>) image;
		final Object type = planar.firstElement();
		if (planar.numSlices() != channels || !(type instanceof UnsignedByteType ||
			type instanceof UnsignedShortType || type instanceof FloatType)) return null;
		final Object[] arrays = new Object[channels];
		for (int c = 0; c < channels; c++) {
			final Object plane = planar.getPlane(c);
			if (!(plane instanceof ArrayDataAccess)) return null;
			arrays[c] = ((ArrayDataAccess<?>) plane).getCurrentStorageArray();
		}
		return arrays;
	}

	/** Pixel {@code i} of a plane array: unsigned bytes and shorts, or floats. */
	private static double at(final Object plane, final int i) {
		if (plane instanceof byte[]) return ((byte[]) plane)[i] & 0xff;
		if (plane instanceof short[]) return ((short[]) plane)[i] & 0xffff;
		return ((float[]) plane)[i];
	}

	void read(final TileGrid grid, final int column, final int row, final float[] input,
		final int index)
	{
		readWindow(grid.x.readStart(column), grid.y.readStart(row), grid.x.tileSize(), grid.y
			.tileSize(), input, index);
	}

	/**
	 * Reads the window whose top-left input pixel is ({@code x0}, {@code y0}), which may lie
	 * outside the image, as the {@code index}-th tile of {@code input}.
	 */
	void readWindow(final long x0, final long y0, final int tileWidth, final int tileHeight,
		final float[] input, final int index)
	{
		// Positions beyond the image are mirrored here, once per column and row, rather than by an
		// out-of-bounds view at every pixel (a fifth of a folder's Java time went there).
		final long[] columns = new long[tileWidth];
		for (int x = 0; x < tileWidth; x++)
			columns[x] = inside(x0 + x, size[0]);
		final RandomAccess<? extends RealType<?>> access = planes == null ? image.randomAccess()
			: null;
		for (int c = 0; c < channels; c++) {
			if (planes != null) {
				for (int y = 0; y < tileHeight; y++) {
					final int row = (int) (inside(y0 + y, size[1]) * size[0]);
					int at = ((index * tileHeight + y) * tileWidth) * channels + c;
					for (int x = 0; x < tileWidth; x++) {
						final double raw = at(planes[c], row + (int) columns[x]);
						if (!Double.isFinite(raw)) throw notFinite(raw, columns[x], inside(y0 + y, size[1]));
						input[at] = (float) normalise.applyAsDouble(raw);
						at += channels;
					}
				}
				continue;
			}
			if (min.length > 2) access.setPosition(min[2] + c, 2);
			for (int y = 0; y < tileHeight; y++) {
				access.setPosition(min[1] + inside(y0 + y, size[1]), 1);
				int at = ((index * tileHeight + y) * tileWidth) * channels + c;
				for (int x = 0; x < tileWidth; x++) {
					if (x > 0 && columns[x] == columns[x - 1] + 1) access.fwd(0);
					else access.setPosition(min[0] + columns[x], 0);
					final double raw = access.get().getRealDouble();
					// A NaN would spread through every convolution and come out as plausible labels.
					if (!Double.isFinite(raw)) throw notFinite(raw, columns[x], inside(y0 + y, size[1]));
					input[at] = (float) normalise.applyAsDouble(raw);
					at += channels;
				}
			}
		}
	}

	private static IllegalArgumentException notFinite(final double raw, final long x,
		final long y)
	{
		return new IllegalArgumentException(String.format("the image contains %s pixels (one at " +
			"x=%d, y=%d); replace them, e.g. with 0, before predicting", Double.isNaN(raw) ? "NaN"
				: "infinite", x, y));
	}

	/**
	 * The pixel of the image shown at {@code p}: mirrored without repeating the border pixel, as
	 * Views.extendMirrorSingle does; a line or a single pixel has nothing to reflect between and
	 * repeats its one pixel instead.
	 */
	static long inside(final long p, final long n) {
		if (n < 2) return 0;
		final long period = 2 * (n - 1);
		final long q = Math.floorMod(p, period);
		return q < n ? q : period - q;
	}
}
