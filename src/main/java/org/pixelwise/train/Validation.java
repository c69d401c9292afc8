package org.pixelwise.train;

import java.util.ArrayList;
import java.util.List;

import org.pixelwise.data.Batch;
import org.pixelwise.data.Patch;
import org.pixelwise.data.TrainingImage;
import org.pixelwise.metrics.Overlap;

/**
 * A fixed set of validation patches, cut on a grid from the held-out images without
 * augmentation, and how the network scores on them: loss, and Dice and IoU over the
 * foreground classes from pooled pixel counts (unannotated pixels excluded).
 */
final class Validation {

	/** One epoch's validation scores. */
	static final class Scores {
		final double loss, dice, iou;

		Scores(final double loss, final double dice, final double iou) {
			this.loss = loss;
			this.dice = dice;
			this.iou = iou;
		}
	}

	private final List<Batch> batches = new ArrayList<>();
	private final List<int[]> truths = new ArrayList<>();
	private final int classCount;
	private final double threshold;

	Validation(final List<TrainingImage> images, final int patchSize, final int batchSize,
		final int maxPatches, final int targetChannels, final int classCount, final double threshold)
	{
		this.classCount = classCount;
		this.threshold = threshold;
		final List<Patch> patches = new ArrayList<>();
		for (final TrainingImage image : images)
			for (final int y : starts(image.height, patchSize))
				for (final int x : starts(image.width, patchSize))
					patches.add(image.crop(x, y, patchSize));
		// Keep an even spread when there are more patches than we want to score.
		final int count = Math.min(maxPatches, patches.size());
		final List<Patch> chosen = new ArrayList<>();
		for (int i = 0; i < count; i++)
			chosen.add(patches.get((int) ((long) i * patches.size() / count)));
		for (int b = 0; b < chosen.size(); b += batchSize) {
			final int n = Math.min(batchSize, chosen.size() - b);
			final Batch batch = new Batch(n, patchSize, patchSize, chosen.get(0).channels,
				targetChannels);
			final int[] truth = new int[n * patchSize * patchSize];
			for (int i = 0; i < n; i++) {
				final Patch p = chosen.get(b + i);
				batch.put(i, p);
				System.arraycopy(p.labels, 0, truth, i * patchSize * patchSize, p.labels.length);
			}
			batches.add(batch);
			truths.add(truth);
		}
	}

	Scores score(final TrainingGraph graph) {
		double loss = 0;
		Overlap overlap = Overlap.empty(classCount);
		for (int b = 0; b < batches.size(); b++) {
			final Batch batch = batches.get(b);
			final int pixels = batch.size * batch.height * batch.width;
			final float[] probabilities = new float[pixels * batch.targetChannels];
			loss += graph.evaluate(batch, probabilities) * batch.size;
			overlap = overlap.plus(Overlap.of(decide(probabilities, batch.targetChannels, threshold),
				truths.get(b), classCount));
		}
		final int patches = batches.stream().mapToInt(x -> x.size).sum();
		return new Scores(loss / patches, overlap.meanDice(), overlap.meanIou());
	}

	/** Class per pixel: threshold for one sigmoid channel, argmax otherwise. */
	static int[] decide(final float[] probabilities, final int channels, final double threshold) {
		final int pixels = probabilities.length / channels;
		final int[] classes = new int[pixels];
		for (int i = 0; i < pixels; i++) {
			if (channels == 1) {
				classes[i] = probabilities[i] >= threshold ? 1 : 0;
				continue;
			}
			int best = 0;
			for (int c = 1; c < channels; c++)
				if (probabilities[i * channels + c] > probabilities[i * channels + best]) best = c;
			classes[i] = best;
		}
		return classes;
	}

	private static int[] starts(final int length, final int size) {
		final int n = (length + size - 1) / size;
		final int[] starts = new int[n];
		for (int i = 0; i < n; i++)
			starts[i] = Math.min(i * size, length - size);
		return starts;
	}
}
