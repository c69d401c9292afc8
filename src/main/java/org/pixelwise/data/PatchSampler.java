package org.pixelwise.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws square training patches from annotated images. Half of the time (by default) it first
 * picks a class uniformly and centres the patch on a pixel of that class, so that a class
 * covering 1% of the pixels is still seen in many batches; otherwise it picks a position
 * uniformly, with images weighted by their number of annotated pixels.
 */
public final class PatchSampler {

	private final List<TrainingImage> images;
	private final int patchSize;
	/** Planes per patch: 1 for images. */
	private final int patchDepth;
	private final double classFocus;
	private final int[] presentClasses;
	private final double[] cumulativeAnnotated;

	public PatchSampler(final List<TrainingImage> images, final int patchSize, final int classCount,
		final double classFocus)
	{
		this(images, patchSize, 1, classCount, classFocus);
	}

	/** Patches of {@code patchDepth} planes from volumes (1 for images). */
	public PatchSampler(final List<TrainingImage> images, final int patchSize, final int patchDepth,
		final int classCount, final double classFocus)
	{
		for (final TrainingImage image : images)
			if (image.depth < patchDepth) throw new IllegalArgumentException("volume '" + image.name +
				"' has " + image.depth + " planes, fewer than the patch depth " + patchDepth +
				"; use a smaller patch_depth");
		this.patchDepth = patchDepth;
		for (final TrainingImage image : images)
			if (image.width < patchSize || image.height < patchSize) throw new IllegalArgumentException(
				"image '" + image.name + "' is " + image.width + "x" + image.height +
					", smaller than the patch size " + patchSize + "; use a smaller patch_size");
		this.images = images;
		this.patchSize = patchSize;
		this.classFocus = classFocus;
		final List<Integer> present = new ArrayList<>();
		for (int c = 0; c < classCount; c++)
			for (final TrainingImage image : images)
				if (image.hasClass(c)) {
					present.add(c);
					break;
				}
		presentClasses = present.stream().mapToInt(Integer::intValue).toArray();
		cumulativeAnnotated = new double[images.size()];
		double sum = 0;
		for (int i = 0; i < images.size(); i++)
			cumulativeAnnotated[i] = sum += images.get(i).annotatedPixels();
	}

	public Patch sample(final Random random) {
		if (presentClasses.length > 0 && random.nextDouble() < classFocus) {
			final int c = presentClasses[random.nextInt(presentClasses.length)];
			final List<TrainingImage> having = new ArrayList<>();
			for (final TrainingImage image : images)
				if (image.hasClass(c)) having.add(image);
			final TrainingImage image = having.get(random.nextInt(having.size()));
			final int[] positions = image.classPositions[c];
			final int index = positions[random.nextInt(positions.length)];
			final int row = index / image.width;
			return centredOn(image, index % image.width, row % image.height, row / image.height,
				random);
		}
		final double r = random.nextDouble() * cumulativeAnnotated[cumulativeAnnotated.length - 1];
		int i = 0;
		while (i < images.size() - 1 && cumulativeAnnotated[i] <= r)
			i++;
		final TrainingImage image = images.get(i);
		return image.crop(random.nextInt(image.width - patchSize + 1), random.nextInt(image.height -
			patchSize + 1), zOffset(image.depth - patchDepth + 1, random), patchSize, patchDepth);
	}

	/** A patch containing (x, y) at a random place, not always the centre, to avoid a bias. */
	private Patch centredOn(final TrainingImage image, final int x, final int y, final int z,
		final Random random)
	{
		final int x0 = clamp(x - random.nextInt(patchSize), image.width - patchSize);
		final int y0 = clamp(y - random.nextInt(patchSize), image.height - patchSize);
		final int z0 = clamp(z - zOffset(patchDepth, random), image.depth - patchDepth);
		return image.crop(x0, y0, z0, patchSize, patchDepth);
	}

	/** A random offset below {@code n}; images (n = 1) draw nothing, so 2-D runs stay as they were. */
	private static int zOffset(final int n, final Random random) {
		return n == 1 ? 0 : random.nextInt(n);
	}

	private static int clamp(final int v, final int max) {
		return Math.max(0, Math.min(max, v));
	}
}
