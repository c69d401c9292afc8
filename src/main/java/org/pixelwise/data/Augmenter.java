package org.pixelwise.data;

import java.util.Random;

/**
 * Makes a randomly changed copy of a training patch according to {@link Augmentation} settings.
 * Changes of position (mirroring, turning, elastic warping) move pixels, labels and loss weights
 * together so they stay aligned; changes of intensity (scale, shift, noise) touch only the pixels.
 *
 * <p>A volume patch is changed plane by plane, every plane the same way (the same turn, warp
 * and zoom, drawn once), and also mirrored along z: voxels are often longer in z than in x and
 * y, so warps and turns stay in the plane.
 *
 * <p>All randomness comes from the {@link Random} passed in, so a training run seeded the same way
 * sees the same patches. The input patch is never modified.
 */
public final class Augmenter {

	private final Augmentation settings;

	public Augmenter(final Augmentation settings) {
		if (settings == null) {
			throw new IllegalArgumentException("augmentation settings are missing; use Augmentation.none() for no augmentation");
		}
		this.settings = settings;
	}

	public Patch apply(final Patch input, final Random random) {
		if (input.depth > 1) return applyToVolume(input, random);
		Patch patch = reorient(input, random);
		if (settings.zoomMin != 1 || settings.zoomMax != 1) {
			patch = Zoom.apply(patch, Math.exp(uniform(Math.log(settings.zoomMin), Math.log(
					settings.zoomMax), random)));
		}
		if (settings.elastic && random.nextDouble() < settings.elasticProbability) {
			patch = ElasticDeformation.apply(patch, settings.elasticSigma, random);
		}
		float[] pixels = changeIntensity(patch.pixels, random);
		if (settings.blurSigmaMax > 0) {
			pixels = Zoom.blur(pixels, patch.width, patch.height, patch.channels, uniform(0,
					settings.blurSigmaMax, random));
		}
		return new Patch(patch.width, patch.height, patch.channels, pixels, patch.labels,
				patch.weights, patch.instances);
	}

	private Patch applyToVolume(final Patch input, final Random random) {
		final boolean flipZ = settings.flips && random.nextBoolean();
		// One seed for every plane: each plane then draws the same turn, zoom and warp.
		final long geometry = random.nextLong();
		final double blur = settings.blurSigmaMax > 0 ? uniform(0, settings.blurSigmaMax, random) : 0;
		final java.util.List<Patch> planes = new java.util.ArrayList<>();
		for (int z = 0; z < input.depth; z++) {
			final Random same = new Random(geometry);
			Patch plane = reorient(input.plane(flipZ ? input.depth - 1 - z : z), same);
			if (settings.zoomMin != 1 || settings.zoomMax != 1) plane = Zoom.apply(plane, Math.exp(
				uniform(Math.log(settings.zoomMin), Math.log(settings.zoomMax), same)));
			if (settings.elastic && same.nextDouble() < settings.elasticProbability) plane =
				ElasticDeformation.apply(plane, settings.elasticSigma, same);
			if (blur > 0) plane = new Patch(plane.width, plane.height, plane.channels, Zoom.blur(
				plane.pixels, plane.width, plane.height, plane.channels, blur), plane.labels, plane.weights,
				plane.instances);
			planes.add(plane);
		}
		final Patch volume = Patch.stack(planes);
		return new Patch(volume.grid(), volume.channels, changeIntensity(volume.pixels, random),
			volume.labels, volume.weights, volume.instances);
	}

	/** A copy mirrored and turned at random; the copy is made even when nothing changes. */
	private Patch reorient(final Patch input, final Random random) {
		final boolean flipX = settings.flips && random.nextBoolean();
		final boolean flipY = settings.flips && random.nextBoolean();
		final int quarterTurns;
		if (!settings.rot90) {
			quarterTurns = 0;
		} else if (input.width == input.height) {
			quarterTurns = random.nextInt(4);
		} else {
			// A quarter turn would swap width and height, which the batch shape cannot absorb.
			quarterTurns = 2 * random.nextInt(2);
		}
		final int w = input.width;
		final int h = input.height;
		final int c = input.channels;
		final float[] pixels = new float[w * h * c];
		final int[] labels = new int[w * h];
		final float[] weights = new float[w * h];
		final int[] instances = input.instances == null ? null : new int[w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				final int source = Orientation.source(x, y, w, h, quarterTurns, flipX, flipY);
				final int target = y * w + x;
				System.arraycopy(input.pixels, source * c, pixels, target * c, c);
				labels[target] = input.labels[source];
				weights[target] = input.weights[source];
				if (instances != null) instances[target] = input.instances[source];
			}
		}
		return new Patch(w, h, c, pixels, labels, weights, instances);
	}

	/** A copy of the intensities scaled, shifted and with Gaussian noise added. */
	private float[] changeIntensity(final float[] pixels, final Random random) {
		final double scale = uniform(settings.scaleMin, settings.scaleMax, random);
		final double shift = uniform(settings.shiftMin, settings.shiftMax, random);
		final double noiseStd = uniform(0, settings.noiseStdMax, random);
		final float[] changed = new float[pixels.length];
		for (int i = 0; i < pixels.length; i++) {
			final double noise = noiseStd > 0 ? noiseStd * random.nextGaussian() : 0;
			changed[i] = (float) (pixels[i] * scale + shift + noise);
		}
		return changed;
	}

	private static double uniform(final double min, final double max, final Random random) {
		return min == max ? min : min + (max - min) * random.nextDouble();
	}
}
