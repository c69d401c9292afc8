package org.pixelwise.metrics;

import java.util.Arrays;

/**
 * Per-class intersection over union (IoU) and Dice score between a predicted class map and a
 * ground-truth class map, the figures used to judge a semantic segmentation during validation.
 *
 * <p>Both maps hold one class index per pixel, {@code 0..numClasses-1}, with class 0 the
 * background. Ground-truth pixels labelled {@code -1} are unannotated and are left out of every
 * count. An {@code Overlap} holds the summed true-positive, false-positive and false-negative
 * pixel counts of each class; {@link #plus(Overlap)} pools several images so that validation
 * over many patches is scored from the pooled counts, which weights every pixel equally instead
 * of letting a small patch count as much as a large one.
 *
 * <p>A class that appears in neither the prediction nor the truth has no defined score: its
 * {@link #iou(int)} and {@link #dice(int)} are {@code NaN}, and it is left out of
 * {@link #meanIou()} and {@link #meanDice()}. A perfect score of 1 would reward predicting
 * nothing, and 0 would punish a correct "nothing here".
 */
public final class Overlap {

	/** Ground-truth value that marks a pixel as unannotated. */
	public static final int IGNORED = -1;

	private final long[] truePositives;
	private final long[] falsePositives;
	private final long[] falseNegatives;

	private Overlap(final long[] truePositives, final long[] falsePositives,
			final long[] falseNegatives) {
		this.truePositives = truePositives;
		this.falsePositives = falsePositives;
		this.falseNegatives = falseNegatives;
	}

	/**
	 * Returns an overlap with all counts zero, the starting point for pooling images with
	 * {@link #plus(Overlap)}.
	 */
	public static Overlap empty(final int numClasses) {
		checkNumClasses(numClasses);
		return new Overlap(new long[numClasses], new long[numClasses], new long[numClasses]);
	}

	/**
	 * Counts, for each class, the pixels where prediction and truth agree (true positives), the
	 * pixels wrongly predicted as that class (false positives) and the pixels of that class that
	 * were predicted as something else (false negatives).
	 *
	 * @param predicted one class index per pixel, {@code 0..numClasses-1}
	 * @param truth one class index per pixel, or {@link #IGNORED} where unannotated
	 * @param numClasses number of classes including background; at least 2
	 */
	public static Overlap of(final int[] predicted, final int[] truth, final int numClasses) {
		checkNumClasses(numClasses);
		if (predicted.length != truth.length) {
			throw new IllegalArgumentException("prediction has " + predicted.length
					+ " pixels but ground truth has " + truth.length
					+ "; compare a prediction with the labels of the same image");
		}
		final long[] tp = new long[numClasses];
		final long[] fp = new long[numClasses];
		final long[] fn = new long[numClasses];
		for (int i = 0; i < predicted.length; i++) {
			final int t = truth[i];
			if (t == IGNORED) {
				continue;
			}
			final int p = predicted[i];
			if (p < 0 || p >= numClasses || t < 0 || t >= numClasses) {
				throw new IllegalArgumentException("pixel " + i + " has predicted class " + p
						+ " and true class " + t + " but there are only " + numClasses
						+ " classes (0.." + (numClasses - 1) + ", truth may also be "
						+ IGNORED + "); check the number of classes");
			}
			if (p == t) {
				tp[p]++;
			} else {
				fp[p]++;
				fn[t]++;
			}
		}
		return new Overlap(tp, fp, fn);
	}

	/** Returns the overlap of both images taken together, from their summed counts. */
	public Overlap plus(final Overlap other) {
		if (other.numClasses() != numClasses()) {
			throw new IllegalArgumentException("cannot pool an overlap of " + other.numClasses()
					+ " classes with one of " + numClasses()
					+ "; score all images with the same number of classes");
		}
		return new Overlap(sum(truePositives, other.truePositives),
				sum(falsePositives, other.falsePositives),
				sum(falseNegatives, other.falseNegatives));
	}

	/** Number of classes, background included. */
	public int numClasses() {
		return truePositives.length;
	}

	/** Pixels of class {@code cls} predicted as {@code cls}. */
	public long truePositives(final int cls) {
		return truePositives[checkClass(cls)];
	}

	/** Pixels of another class predicted as {@code cls}. */
	public long falsePositives(final int cls) {
		return falsePositives[checkClass(cls)];
	}

	/** Pixels of class {@code cls} predicted as another class. */
	public long falseNegatives(final int cls) {
		return falseNegatives[checkClass(cls)];
	}

	/** TP / (TP + FP + FN) of class {@code cls}; {@code NaN} if the class appears nowhere. */
	public double iou(final int cls) {
		checkClass(cls);
		return ratio(truePositives[cls],
				truePositives[cls] + falsePositives[cls] + falseNegatives[cls]);
	}

	/** 2 TP / (2 TP + FP + FN) of class {@code cls}; {@code NaN} if the class appears nowhere. */
	public double dice(final int cls) {
		checkClass(cls);
		return ratio(2 * truePositives[cls],
				2 * truePositives[cls] + falsePositives[cls] + falseNegatives[cls]);
	}

	/**
	 * Mean IoU over the foreground classes {@code 1..numClasses-1} that appear somewhere;
	 * {@code NaN} if none does. Background is left out because it usually dominates the image
	 * and would hide poor foreground segmentation.
	 */
	public double meanIou() {
		double total = 0;
		int counted = 0;
		for (int cls = 1; cls < numClasses(); cls++) {
			final double score = iou(cls);
			if (!Double.isNaN(score)) {
				total += score;
				counted++;
			}
		}
		return counted == 0 ? Double.NaN : total / counted;
	}

	/** Mean Dice over the foreground classes that appear somewhere, as for {@link #meanIou()}. */
	public double meanDice() {
		double total = 0;
		int counted = 0;
		for (int cls = 1; cls < numClasses(); cls++) {
			final double score = dice(cls);
			if (!Double.isNaN(score)) {
				total += score;
				counted++;
			}
		}
		return counted == 0 ? Double.NaN : total / counted;
	}

	@Override
	public String toString() {
		return "Overlap[meanIou=" + meanIou() + ", meanDice=" + meanDice() + ", tp="
				+ Arrays.toString(truePositives) + ", fp=" + Arrays.toString(falsePositives)
				+ ", fn=" + Arrays.toString(falseNegatives) + "]";
	}

	private int checkClass(final int cls) {
		if (cls < 0 || cls >= numClasses()) {
			throw new IllegalArgumentException("class " + cls + " does not exist; classes are 0.."
					+ (numClasses() - 1));
		}
		return cls;
	}

	private static void checkNumClasses(final int numClasses) {
		if (numClasses < 2) {
			throw new IllegalArgumentException("need at least 2 classes (background and one"
					+ " foreground class) but got " + numClasses);
		}
	}

	private static double ratio(final long numerator, final long denominator) {
		return denominator == 0 ? Double.NaN : (double) numerator / denominator;
	}

	private static long[] sum(final long[] a, final long[] b) {
		final long[] total = new long[a.length];
		for (int i = 0; i < a.length; i++) {
			total[i] = a[i] + b[i];
		}
		return total;
	}
}
