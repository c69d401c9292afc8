package org.pixelwise.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SegmentationScoresTest {

	private static final SegmentationScores.Thinning NONE = mask -> mask;

	@Test
	void instanceScoresOnAHandComputedCase() {
		// Truth: objects 1 (4 px) and 2 (2 px). Prediction: 1 exact, 2 covering one of 2's pixels
		// plus one background pixel (IoU 1/3), and a false object 3.
		final int[] truth = { 1, 1, 1, 1, 2, 2, 0, 0 };
		final int[] predicted = { 4, 4, 4, 4, 5, 0, 5, 6 };
		final Map<String, Double> row = SegmentationScores.of("instances", predicted, truth, 8, 1,
			NONE);
		// At 0.5: TP 1 (IoU 1), FP 2, FN 1: AP = 1/4, precision 1/3, recall 1/2, F1 = 2/5.
		assertEquals(0.25, row.get("AP@0.5"), 1e-12);
		assertEquals(1 / 3.0, row.get("precision"), 1e-12);
		assertEquals(0.5, row.get("recall"), 1e-12);
		assertEquals(0.4, row.get("F1"), 1e-12);
		// PQ = 1 / (1 + 2/2 + 1/2).
		assertEquals(1 / 2.5, row.get("PQ"), 1e-12);
		// Foreground: predicted 7 px, true 6 px, 5 in common: Dice 10/13.
		assertEquals(10 / 13.0, row.get("foreground Dice"), 1e-12);
	}

	@Test
	void binaryScoresThinTheBoundaryBeforeRandAndInfo() {
		// Two cells separated by a two-pixel membrane; the prediction's membrane is as wide.
		final int[] truth = { 1, 1, 0, 0, 2, 2 };
		final int[] predicted = { 1, 1, 0, 0, 1, 1 };
		// A thinning that keeps one membrane pixel of the two.
		final SegmentationScores.Thinning keepFirst = mask -> new boolean[] { false, false, true,
			false, false, false };
		final Map<String, Double> row = SegmentationScores.of("binary", predicted, truth, 6, 1,
			keepFirst);
		assertEquals(1, row.get("V_rand"), 1e-12);
		assertEquals(1, row.get("V_info"), 1e-12);
		assertEquals(1, row.get("foreground Dice"), 1e-12);
		assertEquals(1, row.get("AP@0.5"), 1e-12);
	}
}
