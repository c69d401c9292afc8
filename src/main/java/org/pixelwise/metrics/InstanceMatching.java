package org.pixelwise.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores an instance segmentation by pairing predicted objects with true objects, one to one,
 * and counting how many pairs overlap well enough: the average precision of the Data Science
 * Bowl 2018 and StarDist, AP = TP / (TP + FP + FN), together with precision, recall and F1.
 *
 * <p>Both inputs are instance label arrays of the same image: 0 is background and every other
 * value names one object. Ids need not be contiguous or match between the two arrays. A
 * predicted object and a true object may be paired when their intersection over union reaches
 * the threshold (0.5 by default). Pairs are taken greedily by descending IoU, ties broken by the
 * smaller predicted id and then the smaller true id. For thresholds of 0.5 and above this gives
 * the largest possible number of pairs: an IoU of at least 0.5 leaves each object at most one
 * partner except when one object is exactly the union of two equal halves, and those halves touch
 * nothing else, so no choice can cost a pair. Below 0.5 greedy pairing can miss pairs an optimal
 * assignment would find.
 *
 * <p>{@link #plus(InstanceMatching)} pools images by summing their counts, as StarDist does when
 * it scores a data set as a whole. A figure whose denominator is zero (for example precision when
 * nothing was predicted) is {@code NaN}.
 */
public final class InstanceMatching {

	/** The IoU threshold of the Data Science Bowl and of StarDist's headline figures. */
	public static final double DEFAULT_THRESHOLD = 0.5;

	private final double threshold;
	private final long truePositives;
	private final long falsePositives;
	private final long falseNegatives;
	private final double matchedIouSum;

	private InstanceMatching(final double threshold, final long truePositives,
			final long falsePositives, final long falseNegatives, final double matchedIouSum) {
		this.threshold = threshold;
		this.truePositives = truePositives;
		this.falsePositives = falsePositives;
		this.falseNegatives = falseNegatives;
		this.matchedIouSum = matchedIouSum;
	}

	/** Returns a matching with all counts zero, the starting point for pooling images. */
	public static InstanceMatching empty(final double threshold) {
		checkThreshold(threshold);
		return new InstanceMatching(threshold, 0, 0, 0, 0);
	}

	/** Matches the instances of one image at an IoU threshold of 0.5. */
	public static InstanceMatching of(final int[] predicted, final int[] truth) {
		return of(predicted, truth, DEFAULT_THRESHOLD);
	}

	/**
	 * Matches the instances of one image: each pair with IoU at or above {@code threshold}
	 * counts once as a true positive, unpaired predictions are false positives and unpaired
	 * true objects are false negatives.
	 *
	 * @param threshold IoU needed to pair two objects, in (0, 1]
	 */
	public static InstanceMatching of(final int[] predicted, final int[] truth,
			final double threshold) {
		checkThreshold(threshold);
		if (predicted.length != truth.length) {
			throw new IllegalArgumentException("predicted instances have " + predicted.length
					+ " pixels but true instances have " + truth.length
					+ "; compare a prediction with the labels of the same image");
		}
		final PixelCounts counts = PixelCounts.of(predicted, truth);
		final List<Candidate> candidates = new ArrayList<>();
		for (final Map.Entry<Long, long[]> entry : counts.intersections.entrySet()) {
			final int pred = (int) (entry.getKey() >>> 32);
			final int tru = (int) (long) entry.getKey();
			final long intersection = entry.getValue()[0];
			final long union = counts.predictedAreas.get(pred)[0]
					+ counts.trueAreas.get(tru)[0] - intersection;
			final double iou = (double) intersection / union;
			if (iou >= threshold) {
				candidates.add(new Candidate(pred, tru, iou));
			}
		}
		candidates.sort(Comparator.comparingDouble((Candidate c) -> -c.iou)
				.thenComparingInt(c -> c.predicted)
				.thenComparingInt(c -> c.truth));

		final Set<Integer> pairedPredicted = new HashSet<>();
		final Set<Integer> pairedTruth = new HashSet<>();
		double iouSum = 0;
		for (final Candidate c : candidates) {
			if (!pairedPredicted.contains(c.predicted) && !pairedTruth.contains(c.truth)) {
				pairedPredicted.add(c.predicted);
				pairedTruth.add(c.truth);
				iouSum += c.iou;
			}
		}
		final long tp = pairedPredicted.size();
		return new InstanceMatching(threshold, tp, counts.predictedAreas.size() - tp,
				counts.trueAreas.size() - tp, iouSum);
	}

	/** Returns the matching of both images taken together, from their summed counts. */
	public InstanceMatching plus(final InstanceMatching other) {
		if (other.threshold != threshold) {
			throw new IllegalArgumentException("cannot pool a matching at IoU threshold "
					+ other.threshold + " with one at " + threshold
					+ "; match all images at the same threshold");
		}
		return new InstanceMatching(threshold, truePositives + other.truePositives,
				falsePositives + other.falsePositives, falseNegatives + other.falseNegatives,
				matchedIouSum + other.matchedIouSum);
	}

	/** The IoU needed to pair a predicted object with a true one. */
	public double threshold() {
		return threshold;
	}

	/** Predicted objects paired with a true object. */
	public long truePositives() {
		return truePositives;
	}

	/** Predicted objects left without a partner. */
	public long falsePositives() {
		return falsePositives;
	}

	/** True objects left without a partner. */
	public long falseNegatives() {
		return falseNegatives;
	}

	/** TP / (TP + FP + FN), the Data Science Bowl's "average precision" at one threshold. */
	public double averagePrecision() {
		return ratio(truePositives, truePositives + falsePositives + falseNegatives);
	}

	/** TP / (TP + FP): the share of predicted objects that are real. */
	public double precision() {
		return ratio(truePositives, truePositives + falsePositives);
	}

	/** TP / (TP + FN): the share of real objects that were found. */
	public double recall() {
		return ratio(truePositives, truePositives + falseNegatives);
	}

	/** 2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall. */
	public double f1() {
		return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
	}

	/** Mean IoU of the paired objects: how well the objects that were found are outlined. */
	public double meanMatchedIou() {
		return truePositives == 0 ? Double.NaN : matchedIouSum / truePositives;
	}

	@Override
	public String toString() {
		return "InstanceMatching[threshold=" + threshold + ", tp=" + truePositives + ", fp="
				+ falsePositives + ", fn=" + falseNegatives + ", ap=" + averagePrecision() + "]";
	}

	private static void checkThreshold(final double threshold) {
		if (!(threshold > 0 && threshold <= 1)) {
			throw new IllegalArgumentException("IoU threshold " + threshold
					+ " is outside (0, 1]; use for example 0.5");
		}
	}

	private static double ratio(final long numerator, final long denominator) {
		return denominator == 0 ? Double.NaN : (double) numerator / denominator;
	}

	/** A predicted and a true object that overlap enough to be paired. */
	private static final class Candidate {
		final int predicted;
		final int truth;
		final double iou;

		Candidate(final int predicted, final int truth, final double iou) {
			this.predicted = predicted;
			this.truth = truth;
			this.iou = iou;
		}
	}

	/**
	 * Object areas and pairwise intersections, kept sparse because a large image holds
	 * thousands of objects but each touches only a few others.
	 */
	private static final class PixelCounts {
		final Map<Integer, long[]> predictedAreas = new HashMap<>();
		final Map<Integer, long[]> trueAreas = new HashMap<>();
		/** Keyed by predicted id in the high 32 bits and true id in the low 32 bits. */
		final Map<Long, long[]> intersections = new HashMap<>();

		static PixelCounts of(final int[] predicted, final int[] truth) {
			final PixelCounts counts = new PixelCounts();
			// Neighbouring pixels mostly carry the same pair of ids, so counting runs of equal
			// pairs touches the hash maps once per run rather than once per pixel.
			int runPredicted = 0;
			int runTruth = 0;
			long runLength = 0;
			for (int i = 0; i < predicted.length; i++) {
				final int p = predicted[i];
				final int t = truth[i];
				if (p < 0 || t < 0) {
					throw new IllegalArgumentException("pixel " + i + " has predicted id " + p
							+ " and true id " + t
							+ "; instance ids must be 0 (background) or positive");
				}
				if (p != runPredicted || t != runTruth) {
					counts.addRun(runPredicted, runTruth, runLength);
					runPredicted = p;
					runTruth = t;
					runLength = 0;
				}
				runLength++;
			}
			counts.addRun(runPredicted, runTruth, runLength);
			return counts;
		}

		private void addRun(final int p, final int t, final long length) {
			if (length == 0) {
				return;
			}
			if (p > 0) {
				predictedAreas.computeIfAbsent(p, id -> new long[1])[0] += length;
			}
			if (t > 0) {
				trueAreas.computeIfAbsent(t, id -> new long[1])[0] += length;
			}
			if (p > 0 && t > 0) {
				intersections.computeIfAbsent(((long) p << 32) | t, key -> new long[1])[0]
						+= length;
			}
		}
	}
}
