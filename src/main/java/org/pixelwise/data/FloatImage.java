package org.pixelwise.data;

/**
 * An image or volume as plain floats, the form restoration data and the degradations work on:
 * pixels row by row with the channels of a pixel side by side (height, width, channels), values
 * on the image's own scale, e.g. 0..255 for 8-bit or 0..65535 for 16-bit data. The scale's nominal maximum travels with the
 * pixels because photon noise, salt-and-pepper and JPEG need to know what "full scale" means.
 *
 * <p>The pixel array is shared, not copied: degradations make a new image instead of writing
 * into the one they were given.
 */
public final class FloatImage {

	public final int width;
	public final int height;
	public final int channels;
	/**
	 * 1 for an image; for a volume (z-stack) the number of planes, stored one after another.
	 * Only the methods that say so work on volumes; the others on images.
	 */
	public final int depth;
	/** Intensities, length {@code width * height * channels}, index {@code (y * width + x) * channels + c}. */
	public final float[] pixels;
	/** The nominal full-scale value, e.g. 255 for 8-bit data; not necessarily the brightest pixel. */
	public final float maxValue;

	public FloatImage(final int width, final int height, final int channels, final float[] pixels,
			final float maxValue) {
		this(width, height, 1, channels, pixels, maxValue);
	}

	/** A volume of {@code depth} planes, [z][y][x][c]. */
	public static FloatImage volume(final int width, final int height, final int depth,
			final int channels, final float[] pixels, final float maxValue) {
		return new FloatImage(width, height, depth, channels, pixels, maxValue);
	}

	private FloatImage(final int width, final int height, final int depth, final int channels,
			final float[] pixels, final float maxValue) {
		if (depth <= 0) {
			throw new IllegalArgumentException("a volume of " + depth + " planes is empty; give at least one plane");
		}
		if (width <= 0 || height <= 0 || channels <= 0) {
			throw new IllegalArgumentException("image size " + width + "x" + height + " with " + channels
					+ " channel(s) is empty; give a positive width, height and channel count");
		}
		final long expected = (long) width * height * depth * channels;
		if (pixels == null || pixels.length != expected) {
			throw new IllegalArgumentException("a " + width + "x" + height + " image with " + channels
					+ " channel(s) needs " + expected + " pixel values but got "
					+ (pixels == null ? "none (null)" : String.valueOf(pixels.length)));
		}
		if (!(maxValue > 0) || Float.isInfinite(maxValue)) {
			throw new IllegalArgumentException("full-scale value " + maxValue
					+ " is not a positive number; give e.g. 255 for 8-bit or 65535 for 16-bit images");
		}
		this.width = width;
		this.height = height;
		this.channels = channels;
		this.depth = depth;
		this.pixels = pixels;
		this.maxValue = maxValue;
	}

	/** An image of the same size, channels and scale holding the given pixels. */
	public FloatImage withPixels(final float[] newPixels) {
		return new FloatImage(width, height, depth, channels, newPixels, maxValue);
	}

	/**
	 * One of the eight flips and quarter turns of a square image, e.g. to augment training
	 * patches: {@code k} = 0..7 as {@link Orientation#source(int, int, int, int)} numbers them.
	 */
	public FloatImage oriented(final int k) {
		if (width != height) throw new IllegalArgumentException("only a square image can be turned " +
			"in place; this one is " + width + "x" + height);
		final int n = width, c = channels;
		final float[] out = new float[pixels.length];
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++)
				System.arraycopy(pixels, Orientation.source(x, y, n, k) * c, out, (y * n + x) * c, c);
		return withPixels(out);
	}

	/** The position of channel {@code c} of pixel (x, y) in {@link #pixels}. */
	public int index(final int x, final int y, final int c) {
		return (y * width + x) * channels + c;
	}

	public float get(final int x, final int y, final int c) {
		return pixels[index(x, y, c)];
	}

	/** The rectangle with top-left corner (x0, y0), as a new image. */
	public FloatImage crop(final int x0, final int y0, final int cropWidth, final int cropHeight) {
		if (x0 < 0 || y0 < 0 || cropWidth <= 0 || cropHeight <= 0 || x0 + cropWidth > width
				|| y0 + cropHeight > height) {
			throw new IllegalArgumentException("crop " + cropWidth + "x" + cropHeight + " at (" + x0 + ", "
					+ y0 + ") does not fit in a " + width + "x" + height + " image");
		}
		final float[] cropped = new float[cropWidth * cropHeight * channels];
		for (int y = 0; y < cropHeight; y++) {
			System.arraycopy(pixels, index(x0, y0 + y, 0), cropped, y * cropWidth * channels,
					cropWidth * channels);
		}
		return new FloatImage(cropWidth, cropHeight, channels, cropped, maxValue);
	}

	/** Plane {@code z} of a volume as an image (copied). */
	public FloatImage plane(final int z) {
		final int n = width * height * channels;
		return new FloatImage(width, height, channels, java.util.Arrays.copyOfRange(pixels, z * n,
				(z + 1) * n), maxValue);
	}

	/**
	 * A volume's planes one below the other as one tall image, sharing the pixels: what a
	 * degradation that treats every pixel on its own (noise) can work on in one go.
	 */
	public FloatImage tall() {
		return new FloatImage(width, height * depth, channels, pixels, maxValue);
	}

	/** Planes made into a volume, in order; all must have the first one's size and channels. */
	public static FloatImage stack(final java.util.List<FloatImage> planes) {
		final FloatImage first = planes.get(0);
		final int n = first.width * first.height * first.channels;
		final float[] voxels = new float[n * planes.size()];
		for (int z = 0; z < planes.size(); z++) {
			final FloatImage plane = planes.get(z);
			if (plane.width != first.width || plane.height != first.height || plane.channels != first.channels
					|| plane.depth != 1) {
				throw new IllegalArgumentException("plane " + (z + 1) + " is " + plane.width + "x" + plane.height
						+ " with " + plane.channels + " channel(s), unlike the first plane's " + first.width + "x"
						+ first.height + " with " + first.channels + "; a volume's planes must match");
			}
			System.arraycopy(plane.pixels, 0, voxels, z * n, n);
		}
		return volume(first.width, first.height, planes.size(), first.channels, voxels, first.maxValue);
	}

	/** The box with corner (x0, y0, z0) of a volume, as a new volume. */
	public FloatImage cropVolume(final int x0, final int y0, final int z0, final int cropWidth,
			final int cropHeight, final int cropDepth) {
		if (z0 < 0 || cropDepth <= 0 || z0 + cropDepth > depth) {
			throw new IllegalArgumentException("crop of " + cropDepth + " planes from plane " + z0
					+ " does not fit in a volume of " + depth + " planes");
		}
		final java.util.List<FloatImage> planes = new java.util.ArrayList<>();
		for (int z = z0; z < z0 + cropDepth; z++) {
			planes.add(plane(z).crop(x0, y0, cropWidth, cropHeight));
		}
		return stack(planes);
	}

	/**
	 * One of 16 orientations of a volume with square planes: bits 0-2 turn every plane as
	 * {@link #oriented} does, bit 3 reverses the order of the planes.
	 */
	public FloatImage orientedVolume(final int k) {
		final java.util.List<FloatImage> planes = new java.util.ArrayList<>();
		for (int z = 0; z < depth; z++) {
			planes.add(plane((k & 8) != 0 ? depth - 1 - z : z).oriented(k & 7));
		}
		return stack(planes);
	}

	/** The same image with its own copy of the pixels. */
	public FloatImage copy() {
		return withPixels(pixels.clone());
	}

	/** Clamps a value to the physical range 0..{@link #maxValue}, as a sensor saturates. */
	public float clamp(final double value) {
		return (float) Math.max(0, Math.min(maxValue, value));
	}
}
