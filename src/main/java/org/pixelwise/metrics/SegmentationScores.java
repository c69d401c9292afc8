package org.pixelwise.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.pixelwise.data.ConnectedComponents;

/**
 * One image's segmentation scores, by the kind of labels compared, as "Pixelwise Evaluate
 * Segmentation" reports them:
 * <ul>
 * <li>instances (one id per object): AP at IoU 0.5 and 0.75 (StarDist's TP / (TP + FP + FN),
 * one-to-one matching), precision, recall and F1 at 0.5, panoptic quality PQ = SQ × RQ at 0.5
 * (Kirillov et al. 2019), and foreground Dice and IoU;</li>
 * <li>binary (any nonzero = foreground): foreground Dice and IoU, AP at 0.5 on the connected
 * objects, and the ISBI 2012 V_rand and V_info after thinning the predicted background to
 * one-pixel lines ({@link RandInfoScores});</li>
 * <li>classes: Dice and IoU per class and their means over the classes present.</li>
 * </ul>
 */
public final class SegmentationScores {

	/** Thins a boundary mask to lines one pixel wide (ImageJ's skeletonize in Fiji). */
	public interface Thinning extends UnaryOperator<boolean[]> {}

	private SegmentationScores() {}

	/**
	 * The scores, by name in the order to report them.
	 *
	 * @param mode "instances", "binary" or "classes"
	 */
	public static Map<String, Double> of(final String mode, final int[] predicted,
		final int[] truth, final int width, final int height, final Thinning thinning)
	{
		if (predicted.length != truth.length) throw new IllegalArgumentException(
			"the prediction has " + predicted.length + " pixels but the truth " + truth.length);
		final Map<String, Double> row = new LinkedHashMap<>();
		switch (mode) {
			case "instances":
				instanceScores(row, predicted, truth);
				foreground(row, predicted, truth);
				break;
			case "binary": {
				foreground(row, predicted, truth);
				final boolean[] inside = new boolean[predicted.length], trueInside =
					new boolean[truth.length];
				for (int i = 0; i < inside.length; i++) {
					inside[i] = predicted[i] != 0;
					trueInside[i] = truth[i] != 0;
				}
				final int[] objects = ConnectedComponents.label(inside, width, height);
				final int[] trueObjects = ConnectedComponents.label(trueInside, width, height);
				row.put("AP@0.5", InstanceMatching.of(objects, trueObjects).averagePrecision());
				final boolean[] boundary = new boolean[inside.length];
				for (int i = 0; i < boundary.length; i++)
					boundary[i] = !inside[i];
				final boolean[] thin = thinning.apply(boundary);
				final boolean[] segments = new boolean[thin.length];
				for (int i = 0; i < thin.length; i++)
					segments[i] = !thin[i];
				final RandInfoScores rand = RandInfoScores.of(ConnectedComponents.label(segments, width,
					height), trueObjects);
				row.put("V_rand", rand.vRand);
				row.put("V_rand split", rand.vRandSplit);
				row.put("V_rand merge", rand.vRandMerge);
				row.put("V_info", rand.vInfo);
				row.put("V_info split", rand.vInfoSplit);
				row.put("V_info merge", rand.vInfoMerge);
				break;
			}
			case "classes": {
				int classes = 2;
				for (int i = 0; i < truth.length; i++)
					classes = Math.max(classes, Math.max(truth[i], predicted[i]) + 1);
				final Overlap overlap = Overlap.of(predicted, truth, classes);
				row.put("mean Dice", overlap.meanDice());
				row.put("mean IoU", overlap.meanIou());
				for (int c = 0; c < classes; c++) {
					row.put("Dice " + c, overlap.dice(c));
					row.put("IoU " + c, overlap.iou(c));
				}
				break;
			}
			default:
				throw new IllegalArgumentException("unknown label mode '" + mode +
					"'; use instances, binary or classes");
		}
		return row;
	}

	private static void instanceScores(final Map<String, Double> row, final int[] predicted,
		final int[] truth)
	{
		final InstanceMatching at50 = InstanceMatching.of(predicted, truth, 0.5);
		row.put("AP@0.5", at50.averagePrecision());
		row.put("AP@0.75", InstanceMatching.of(predicted, truth, 0.75).averagePrecision());
		row.put("precision", at50.precision());
		row.put("recall", at50.recall());
		row.put("F1", at50.f1());
		row.put("PQ", panopticQuality(at50));
		row.put("objects", (double) (at50.truePositives() + at50.falseNegatives()));
		row.put("predicted", (double) (at50.truePositives() + at50.falsePositives()));
	}

	/** PQ = (Σ IoU of matched pairs) / (TP + FP/2 + FN/2); 1 when both are empty. */
	static double panopticQuality(final InstanceMatching m) {
		final double denominator = m.truePositives() + 0.5 * m.falsePositives() + 0.5 * m
			.falseNegatives();
		if (denominator == 0) return 1;
		final double matchedIou = m.truePositives() == 0 ? 0 : m.meanMatchedIou() * m
			.truePositives();
		return matchedIou / denominator;
	}

	private static void foreground(final Map<String, Double> row, final int[] predicted,
		final int[] truth)
	{
		final int[] p = new int[predicted.length], t = new int[truth.length];
		for (int i = 0; i < p.length; i++) {
			p[i] = predicted[i] != 0 ? 1 : 0;
			t[i] = truth[i] != 0 ? 1 : 0;
		}
		final Overlap overlap = Overlap.of(p, t, 2);
		row.put("foreground Dice", overlap.dice(1));
		row.put("foreground IoU", overlap.iou(1));
	}
}
