package org.pixelwise.metrics;

import java.util.HashMap;
import java.util.Map;

/**
 * The ISBI 2012 challenge's segmentation scores (Arganda-Carreras et al. 2015, Front.
 * Neuroanat., doi:10.3389/fnana.2015.00142): the foreground-restricted Rand score V_rand and
 * information-theoretic score V_info, with their split and merge parts.
 * <p>
 * Both inputs are segment label arrays of one image. Only pixels inside a true segment count
 * (true label 0, the membrane, is left out: "foreground-restricted"). With p_ij the fraction of
 * those pixels in predicted segment i and true segment j, s_i and t_j its row and column sums:
 * <ul>
 * <li>V_rand = Σ p_ij² / (½ Σ s_i² + ½ Σ t_j²); split = Σ p_ij² / Σ t_j² (1 when no true segment
 * is split); merge = Σ p_ij² / Σ s_i² (1 when no two true segments are merged).</li>
 * <li>V_info = I(S;T) / (½ H(S) + ½ H(T)); split = I / H(S); merge = I / H(T).</li>
 * </ul>
 * Predicted label 0 (a boundary pixel of the prediction inside a true segment) is not a segment:
 * each such pixel counts as a segment of its own, which adds nothing to Σ p_ij² or Σ s_i² (as in
 * the challenge's adapted Rand) and its own share to H(S). Thin the predicted boundaries first
 * (the challenge scores "after thinning"), or a thick boundary costs information.
 */
public final class RandInfoScores {

	public final double vRand, vRandSplit, vRandMerge;
	public final double vInfo, vInfoSplit, vInfoMerge;

	private RandInfoScores(final double sumP2, final double sumS2, final double sumT2,
		final double hS, final double hT, final double hST)
	{
		vRand = sumP2 / (0.5 * sumS2 + 0.5 * sumT2);
		vRandSplit = sumP2 / sumT2;
		vRandMerge = sumP2 / sumS2;
		final double mutual = hS + hT - hST;
		vInfo = hS + hT == 0 ? 1 : mutual / (0.5 * hS + 0.5 * hT);
		vInfoSplit = hS == 0 ? 1 : mutual / hS;
		vInfoMerge = hT == 0 ? 1 : mutual / hT;
	}

	/**
	 * Scores a predicted segmentation against the truth.
	 *
	 * @throws IllegalArgumentException when the arrays differ in length or the truth has no
	 *           segment pixel
	 */
	public static RandInfoScores of(final int[] predicted, final int[] truth) {
		if (predicted.length != truth.length) throw new IllegalArgumentException(
			"prediction and truth differ in size: " + predicted.length + " and " + truth.length +
				" pixels");
		final Map<Long, Integer> joint = new HashMap<>();
		final Map<Integer, Integer> rows = new HashMap<>(), columns = new HashMap<>();
		long n = 0, singletons = 0;
		for (int k = 0; k < truth.length; k++) {
			if (truth[k] == 0) continue;
			n++;
			columns.merge(truth[k], 1, Integer::sum);
			if (predicted[k] == 0) {
				singletons++;
				continue;
			}
			rows.merge(predicted[k], 1, Integer::sum);
			joint.merge((long) predicted[k] << 32 | truth[k] & 0xffffffffL, 1, Integer::sum);
		}
		if (n == 0) throw new IllegalArgumentException(
			"the truth has no segment pixels (all are 0); give true labels with segments");
		final double total = n;
		double sumP2 = 0, sumS2 = 0, sumT2 = 0, hS = 0, hT = 0, hST = 0;
		for (final int count : joint.values()) {
			sumP2 += square(count / total);
			hST += entropy(count / total);
		}
		for (final int count : rows.values()) {
			sumS2 += square(count / total);
			hS += entropy(count / total);
		}
		for (final int count : columns.values()) {
			sumT2 += square(count / total);
			hT += entropy(count / total);
		}
		// Each unassigned pixel is a segment of one pixel, in S and jointly with its true segment.
		hS += singletons * entropy(1 / total);
		hST += singletons * entropy(1 / total);
		return new RandInfoScores(sumP2, sumS2, sumT2, hS, hT, hST);
	}

	private static double square(final double p) {
		return p * p;
	}

	private static double entropy(final double p) {
		return p <= 0 ? 0 : -p * Math.log(p);
	}

	@Override
	public String toString() {
		return String.format(java.util.Locale.ROOT,
			"V_rand %.4f (split %.4f, merge %.4f), V_info %.4f (split %.4f, merge %.4f)", vRand,
			vRandSplit, vRandMerge, vInfo, vInfoSplit, vInfoMerge);
	}
}
