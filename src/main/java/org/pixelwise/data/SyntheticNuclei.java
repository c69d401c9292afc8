package org.pixelwise.data;

import java.util.Random;

import net.imglib2.img.array.ArrayImgs;

/**
 * Z-stacks of touching nuclei made in memory, with their instance labels: ellipsoids of
 * random size, orientation in the plane and brightness, packed so that many touch, seen
 * through a microscope that blurs more along z than in x and y, with shot and read noise.
 * The demo, the benchmark, the tests and the shipped 3-D example model train on them; no real
 * annotated 3-D nuclei are in the project's data.
 */
public final class SyntheticNuclei {

	private SyntheticNuclei() {}

	/**
	 * A stack of {@code width} x {@code height} x {@code depth} voxels, z step {@code anisotropy}
	 * times the pixel size, with about one nucleus per 24^3 cubic pixels.
	 */
	public static AnnotatedImage volume(final String name, final int width, final int height,
		final int depth, final double anisotropy, final long seed)
	{
		return volume(name, width, height, depth, anisotropy, seed, true);
	}

	/**
	 * As above; without {@code noisy}, the photons the microscope expects at each voxel, before
	 * shot and read noise: the clean truth of the noisy stack of the same seed, for denoising.
	 */
	public static AnnotatedImage volume(final String name, final int width, final int height,
		final int depth, final double anisotropy, final long seed, final boolean noisy)
	{
		final Grid grid = new Grid(width, height, depth);
		final Random random = new Random(seed);
		final int[] ids = new int[grid.size()];
		final double physicalDepth = depth * anisotropy;
		final int count = (int) Math.max(1, (double) width * height * physicalDepth / (24 * 24 * 24));
		final float[] levels = new float[count + 1];
		int placed = 0;
		for (int attempt = 0; attempt < count * 20 && placed < count; attempt++) {
			final double rx = 6 + 4 * random.nextDouble(), ry = rx * (0.7 + 0.3 * random.nextDouble());
			final double rz = rx * (0.6 + 0.3 * random.nextDouble()) / anisotropy;
			final double cx = random.nextDouble() * width, cy = random.nextDouble() * height;
			final double cz = random.nextDouble() * depth;
			final double angle = random.nextDouble() * Math.PI;
			final double cos = Math.cos(angle), sin = Math.sin(angle);
			// Most of the nucleus must be free: neighbours may touch but barely overlap.
			int free = 0, inside = 0;
			for (int pass = 0; pass < 2; pass++) {
				if (pass == 1 && free < 0.9 * inside) break;
				for (int z = (int) Math.max(0, cz - rz); z < Math.min(depth, cz + rz + 1); z++)
					for (int y = (int) Math.max(0, cy - rx); y < Math.min(height, cy + rx + 1); y++)
						for (int x = (int) Math.max(0, cx - rx); x < Math.min(width, cx + rx + 1); x++) {
							final double dx = x - cx, dy = y - cy;
							final double u = (dx * cos + dy * sin) / rx, v = (-dx * sin + dy * cos) / ry;
							final double w = (z - cz) / rz;
							if (u * u + v * v + w * w > 1) continue;
							final int i = (z * height + y) * width + x;
							if (pass == 0) {
								inside++;
								if (ids[i] == 0) free++;
							}
							else if (ids[i] == 0) ids[i] = placed + 1;
						}
				if (pass == 0 && inside == 0) break;
			}
			if (inside > 0 && free >= 0.9 * inside) {
				placed++;
				levels[placed] = (float) (0.5 + random.nextDouble());
			}
		}
		final float[] signal = new float[grid.size()];
		for (int i = 0; i < signal.length; i++)
			signal[i] = ids[i] > 0 ? levels[ids[i]] * (0.85f + 0.15f * (float) random.nextDouble()) : 0;
		// The optics: blur of 1 px in the plane and 2 px (physical) along z.
		float[] blurred = signal;
		for (int axis = 0; axis < 3; axis++)
			blurred = gaussian(blurred, grid, axis, axis == 2 ? 2.0 / anisotropy : 1.0);
		if (!noisy) {
			final float[] expected = new float[grid.size()];
			for (int i = 0; i < expected.length; i++)
				expected[i] = 40 + 400 * blurred[i];
			return AnnotatedImage.volume(name, ArrayImgs.floats(expected, width, height, depth), ArrayImgs
				.ints(ids, width, height, depth), false);
		}
		final float[] pixels = new float[grid.size()];
		for (int i = 0; i < pixels.length; i++) {
			final double photons = 40 + 400 * blurred[i];
			pixels[i] = (float) Math.max(0, photons + Math.sqrt(photons) * random.nextGaussian() + 6 *
				random.nextGaussian());
		}
		return AnnotatedImage.volume(name, ArrayImgs.floats(pixels, width, height, depth), ArrayImgs
			.ints(ids, width, height, depth), false);
	}

	/** A Gaussian blur along one axis (0 x, 1 y, 2 z), edges clamped. */
	private static float[] gaussian(final float[] in, final Grid grid, final int axis,
		final double sigma)
	{
		final int radius = (int) Math.ceil(3 * sigma);
		final double[] kernel = new double[2 * radius + 1];
		double sum = 0;
		for (int k = -radius; k <= radius; k++)
			sum += kernel[k + radius] = Math.exp(-k * k / (2 * sigma * sigma));
		final int stride = axis == 0 ? 1 : axis == 1 ? grid.width : grid.width * grid.height;
		final int length = axis == 0 ? grid.width : axis == 1 ? grid.height : grid.depth;
		final float[] out = new float[in.length];
		for (int i = 0; i < in.length; i++) {
			final int position = i / stride % length;
			double v = 0;
			for (int k = -radius; k <= radius; k++) {
				final int p = Math.max(0, Math.min(length - 1, position + k));
				v += kernel[k + radius] * in[i + (p - position) * stride];
			}
			out[i] = (float) (v / sum);
		}
		return out;
	}
}
