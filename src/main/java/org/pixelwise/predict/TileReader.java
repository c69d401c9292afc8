package org.pixelwise.predict;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessible;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Copies tiles of the normalised, mirror-extended image into the network's input layout
 * (NHWC); reading outside the image mirrors it, so border tiles see plausible context.
 */
final class TileReader {

	private final RandomAccessible<? extends RealType<?>> extended;
	private final long[] min;
	private final long[] size;
	private final DoubleUnaryOperator normalise;
	private final int channels;

	TileReader(final RandomAccessibleInterval<? extends RealType<?>> image,
		final DoubleUnaryOperator normalise, final int channels)
	{
		// Mirroring needs two pixels to reflect between; a line or a single pixel repeats instead.
		this.extended = image.dimension(0) < 2 || image.dimension(1) < 2 ? Views.extendBorder(image)
			: Views.extendMirrorSingle(image);
		this.min = image.minAsLongArray();
		this.size = image.dimensionsAsLongArray();
		this.normalise = Objects.requireNonNull(normalise);
		this.channels = channels;
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
		final RandomAccess<? extends RealType<?>> access = extended.randomAccess();
		for (int c = 0; c < channels; c++) {
			for (int y = 0; y < tileHeight; y++) {
				access.setPosition(min[0] + x0, 0);
				access.setPosition(min[1] + y0 + y, 1);
				if (min.length > 2) access.setPosition(min[2] + c, 2);
				int at = ((index * tileHeight + y) * tileWidth) * channels + c;
				for (int x = 0; x < tileWidth; x++) {
					final double raw = access.get().getRealDouble();
					// A NaN would spread through every convolution and come out as plausible labels.
					if (!Double.isFinite(raw)) throw new IllegalArgumentException(String.format(
						"the image contains %s pixels (one at x=%d, y=%d); replace them, e.g. with 0, " +
							"before predicting", Double.isNaN(raw) ? "NaN" : "infinite", inside(access
								.getLongPosition(0) - min[0], size[0]), inside(access.getLongPosition(1) - min[1],
									size[1])));
					input[at] = (float) normalise.applyAsDouble(raw);
					access.fwd(0);
					at += channels;
				}
			}
		}
	}

	/** The pixel of the image that the extended image shows at {@code p} (mirrored or clamped). */
	static long inside(final long p, final long n) {
		if (n < 2) return 0;
		final long period = 2 * (n - 1);
		final long q = Math.floorMod(p, period);
		return q < n ? q : period - q;
	}
}
