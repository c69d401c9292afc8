package org.pixelwise;

import java.util.Random;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;

import org.pixelwise.data.FloatImage;

/**
 * Small synthetic microscopy-like images for tests: bright discs on a noisy background, with
 * their instance labels. Discs may touch, separated only by a one-pixel background gap.
 */
public final class SyntheticImages {

	public final ArrayImg<FloatType, FloatArray> image;
	public final ArrayImg<IntType, IntArray> instances;

	private SyntheticImages(final ArrayImg<FloatType, FloatArray> image,
		final ArrayImg<IntType, IntArray> instances)
	{
		this.image = image;
		this.instances = instances;
	}

	/** Discs of radius 5..9 at random places; later discs do not overwrite earlier ones. */
	public static SyntheticImages discs(final int width, final int height, final int count,
		final long seed)
	{
		final Random random = new Random(seed);
		final float[] pixels = new float[width * height];
		final int[] ids = new int[width * height];
		for (int d = 1; d <= count; d++) {
			final int r = 5 + random.nextInt(5);
			final int cx = random.nextInt(width), cy = random.nextInt(height);
			for (int y = Math.max(0, cy - r); y < Math.min(height, cy + r + 1); y++)
				for (int x = Math.max(0, cx - r); x < Math.min(width, cx + r + 1); x++)
					if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r && ids[y * width + x] == 0 &&
						!touchesOther(ids, width, height, x, y, d)) ids[y * width + x] = d;
		}
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = (float) ((ids[i] > 0 ? 180 : 60) + 25 * random.nextGaussian());
		return new SyntheticImages(ArrayImgs.floats(pixels, width, height), ArrayImgs.ints(ids, width,
			height));
	}

	/** Keeps a one-pixel gap between different discs, as in annotated touching cells. */
	private static boolean touchesOther(final int[] ids, final int width, final int height,
		final int x, final int y, final int id)
	{
		for (int dy = -1; dy <= 1; dy++)
			for (int dx = -1; dx <= 1; dx++) {
				final int nx = x + dx, ny = y + dy;
				if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
				final int other = ids[ny * width + nx];
				if (other != 0 && other != id) return true;
			}
		return false;
	}

	/** The image as raw pixels, e.g. to make a model package's test tensors from. */
	public FloatImage floatImage() {
		return new FloatImage((int) image.dimension(0), (int) image.dimension(1), 1, image.update(null)
			.getCurrentStorageArray().clone(), 255);
	}

	/** The binary mask of the discs (1 = foreground). */
	public ArrayImg<IntType, IntArray> mask() {
		final int[] ids = instances.update(null).getCurrentStorageArray();
		final int[] mask = new int[ids.length];
		for (int i = 0; i < ids.length; i++)
			mask[i] = ids[i] > 0 ? 1 : 0;
		return ArrayImgs.ints(mask, instances.dimension(0), instances.dimension(1));
	}

	/** Smooth waves with sharp-edged shapes on top: detail that bicubic upscaling blurs. */
	public static FloatImage texture(final int size, final long seed) {
		final Random random = new Random(seed);
		final float[] pixels = new float[size * size];
		final double fx = 0.05 + 0.1 * random.nextDouble(), fy = 0.05 + 0.1 * random.nextDouble();
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++)
				pixels[y * size + x] = (float) (128 + 50 * Math.sin(fx * x * 6.28) * Math.cos(fy * y * 6.28));
		for (int r = 0; r < 12; r++) {
			final int x0 = random.nextInt(size - 12), y0 = random.nextInt(size - 12);
			final int w = 3 + random.nextInt(10), h = 3 + random.nextInt(10);
			final float v = random.nextBoolean() ? 250 : 10;
			for (int y = y0; y < y0 + h; y++)
				for (int x = x0; x < x0 + w; x++)
					pixels[y * size + x] = v;
		}
		return new FloatImage(size, size, 1, pixels, 255);
	}
}
