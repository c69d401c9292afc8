package org.pixelwise.train;

import java.util.ArrayList;
import java.util.List;

import org.pixelwise.data.Batch;
import org.pixelwise.data.Patch;
import org.pixelwise.data.TrainingImage;
import org.pixelwise.head.Head;
import org.pixelwise.head.StarConvexHead;
import org.pixelwise.metrics.InstanceMatching;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;
import org.pixelwise.metrics.Overlap;

/**
 * A fixed set of validation patches, cut on a grid from the held-out images without
 * augmentation, and how the network scores on them: loss, and Dice and IoU over the
 * foreground classes from pooled pixel counts (unannotated pixels excluded), and for heads
 * that find objects (star-convex) the instance AP@0.5 at the best of a few thresholds.
 */
final class Validation {

	/** One epoch's validation scores. */
	static final class Scores {
		final double loss, dice, iou;
		/**
		 * Instance AP at IoU 0.5 over the patches at the best of the tried probability thresholds,
		 * or NaN when the head makes no instances.
		 */
		final double ap50;
		/** The probability threshold that gave {@link #ap50}. */
		final double threshold;

		Scores(final double loss, final double dice, final double iou, final double ap50,
			final double threshold)
		{
			this.threshold = threshold;
			this.loss = loss;
			this.dice = dice;
			this.iou = iou;
			this.ap50 = ap50;
		}
	}

	private final List<Batch> batches = new ArrayList<>();
	private final List<int[]> truths = new ArrayList<>();
	/** Per patch, its true objects, when instances are scored. */
	private final List<int[]> objects = new ArrayList<>();
	private final boolean scoreInstances;
	/**
	 * Object probability thresholds tried for instance heads: as StarDist tunes its threshold
	 * on validation images, the saved model keeps the best.
	 */
	private static final double[] THRESHOLDS = { 0.3, 0.4, 0.5, 0.6, 0.7 };
	private final Head head;
	private final int classCount;
	private final double threshold;

	Validation(final List<TrainingImage> images, final int patchSize, final int patchDepth,
		final int batchSize, final int maxPatches, final Head head, final double threshold)
	{
		this.head = head;
		this.classCount = head.classCount();
		final int targetChannels = head.outputChannels();
		scoreInstances = head instanceof StarConvexHead;
		this.threshold = threshold;
		final List<Patch> patches = new ArrayList<>();
		for (final TrainingImage image : images)
			for (final int z : starts(image.depth, patchDepth))
				for (final int y : starts(image.height, patchSize))
					for (final int x : starts(image.width, patchSize))
						patches.add(image.crop(x, y, z, patchSize, patchDepth));
		// Keep an even spread when there are more patches than we want to score.
		final int count = Math.min(maxPatches, patches.size());
		final List<Patch> chosen = new ArrayList<>();
		for (int i = 0; i < count; i++)
			chosen.add(patches.get((int) ((long) i * patches.size() / count)));
		for (int b = 0; b < chosen.size(); b += batchSize) {
			final int n = Math.min(batchSize, chosen.size() - b);
			final Batch batch = Batch.volumes(n, patchDepth, patchSize, patchSize, chosen.get(0).channels,
				targetChannels);
			final int voxels = patchSize * patchSize * patchDepth;
			final int[] truth = new int[n * voxels];
			for (int i = 0; i < n; i++) {
				final Patch p = chosen.get(b + i);
				batch.put(i, p, head);
				if (scoreInstances) {
					final int[] ids = p.instances.clone();
					for (int j = 0; j < ids.length; j++)
						ids[j] = Math.max(0, ids[j]); // unannotated pixels count as background here
					objects.add(ids);
				}
				// Heads that class only object / background are scored on that.
				for (int j = 0; j < p.labels.length; j++)
					truth[i * voxels + j] = p.labels[j] <= 0 || classCount > 2 ? p.labels[j]
						: 1;
			}
			batches.add(batch);
			truths.add(truth);
		}
	}

	Scores score(final TrainingGraph graph) {
		double loss = 0;
		Overlap overlap = Overlap.empty(classCount);
		final InstanceMatching[] matching = new InstanceMatching[THRESHOLDS.length];
		java.util.Arrays.fill(matching, InstanceMatching.empty(0.5));
		int patch = 0;
		for (int b = 0; b < batches.size(); b++) {
			final Batch batch = batches.get(b);
			final int pixels = batch.size * batch.depth * batch.height * batch.width;
			final float[] probabilities = new float[pixels * batch.targetChannels];
			loss += graph.evaluate(batch, probabilities) * batch.size;
			if (scoreInstances) for (int i = 0; i < batch.size; i++, patch++)
				for (int t = 0; t < THRESHOLDS.length; t++)
					matching[t] = matching[t].plus(InstanceMatching.of(instances(probabilities, i, batch,
						THRESHOLDS[t]), objects.get(patch), 0.5));
			overlap = overlap.plus(Overlap.of(head.classes(probabilities, threshold),
				truths.get(b), classCount));
		}
		final int patches = batches.stream().mapToInt(x -> x.size).sum();
		int best = 0;
		for (int t = 1; t < THRESHOLDS.length; t++)
			if (matching[t].averagePrecision() > matching[best].averagePrecision()) best = t;
		return new Scores(loss / patches, overlap.meanDice(), overlap.meanIou(), scoreInstances
			? matching[best].averagePrecision() : Double.NaN, scoreInstances ? THRESHOLDS[best]
				: threshold);
	}

	/** The objects the head finds in patch {@code index} of a batch's prediction (NHWC). */
	private int[] instances(final float[] prediction, final int index, final Batch batch,
		final double threshold)
	{
		final int w = batch.width, h = batch.height, c = batch.targetChannels;
		final float[] planes = new float[w * h * c];
		for (int i = 0; i < w * h; i++)
			for (int k = 0; k < c; k++)
				planes[k * w * h + i] = prediction[(index * w * h + i) * c + k];
		final Img<IntType> found = head.decode(ArrayImgs.floats(planes, w, h, c), threshold).instances;
		final int[] ids = new int[w * h];
		int i = 0;
		for (final IntType t : Views.flatIterable(found))
			ids[i++] = t.get();
		return ids;
	}

	private static int[] starts(final int length, final int size) {
		final int n = (length + size - 1) / size;
		final int[] starts = new int[n];
		for (int i = 0; i < n; i++)
			starts[i] = Math.min(i * size, length - size);
		return starts;
	}
}
