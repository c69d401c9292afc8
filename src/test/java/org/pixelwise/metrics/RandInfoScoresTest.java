package org.pixelwise.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** V_rand and V_info on cases small enough to compute by hand. */
class RandInfoScoresTest {

	private static final double LN2 = Math.log(2);

	@Test
	void identicalSegmentationsScoreOne() {
		// Two true segments of two pixels, a membrane pixel (0) the prediction also calls 0.
		final RandInfoScores s = RandInfoScores.of(new int[] { 7, 7, 0, 9, 9 }, new int[] { 1, 1, 0,
			2, 2 });
		assertEquals(1, s.vRand, 1e-12);
		assertEquals(1, s.vInfo, 1e-12);
	}

	@Test
	void aMergeCostsMergeScoresOnly() {
		// p = (1/2, 1/2) in one predicted row: Σp² = 1/2, Σs² = 1, Σt² = 1/2.
		final RandInfoScores s = RandInfoScores.of(new int[] { 1, 1, 1, 1 }, new int[] { 1, 1, 2, 2 });
		assertEquals(0.5 / 0.75, s.vRand, 1e-12);
		assertEquals(1, s.vRandSplit, 1e-12);
		assertEquals(0.5, s.vRandMerge, 1e-12);
		// H(S) = 0, H(T) = ln 2, I = 0.
		assertEquals(0, s.vInfo, 1e-12);
		assertEquals(0, s.vInfoMerge, 1e-12);
	}

	@Test
	void aSplitCostsSplitScoresOnly() {
		// One true segment of 4 pixels cut into 4: Σp² = 1/4, Σs² = 1/4, Σt² = 1.
		final RandInfoScores s = RandInfoScores.of(new int[] { 1, 2, 3, 4 }, new int[] { 5, 5, 5, 5 });
		assertEquals(0.25 / 0.625, s.vRand, 1e-12);
		assertEquals(0.25, s.vRandSplit, 1e-12);
		assertEquals(1, s.vRandMerge, 1e-12);
		assertEquals(0, s.vInfoSplit, 1e-12);
	}

	@Test
	void partialOverlapMatchesTheFormula() {
		// truth 1 1 1 2 | prediction 1 1 2 2: p11 = 1/2, p21 = 1/4, p22 = 1/4.
		final RandInfoScores s = RandInfoScores.of(new int[] { 1, 1, 2, 2 }, new int[] { 1, 1, 1, 2 });
		final double p2 = 0.25 + 0.0625 + 0.0625, s2 = 0.5, t2 = 0.5625 + 0.0625;
		assertEquals(p2 / (0.5 * s2 + 0.5 * t2), s.vRand, 1e-12);
		final double hS = LN2, hT = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
		final double hST = -(0.5 * Math.log(0.5) + 2 * 0.25 * Math.log(0.25));
		assertEquals((hS + hT - hST) / (0.5 * hS + 0.5 * hT), s.vInfo, 1e-12);
	}

	@Test
	void membranePixelsOfTheTruthAreLeftOutAndUnassignedPixelsAreSingletons() {
		// The membrane (truth 0) is ignored whatever the prediction says there.
		final RandInfoScores a = RandInfoScores.of(new int[] { 1, 1, 2, 2 }, new int[] { 1, 1, 2, 2 });
		final RandInfoScores b = RandInfoScores.of(new int[] { 1, 1, 5, 2, 2, 5 }, new int[] { 1, 1,
			0, 2, 2, 0 });
		assertEquals(a.vRand, b.vRand, 1e-12);
		assertEquals(a.vInfo, b.vInfo, 1e-12);
		// Two of four pixels unassigned: Σp² = 1/4 (the pair), Σs² = 1/4, Σt² = 1.
		final RandInfoScores c = RandInfoScores.of(new int[] { 1, 1, 0, 0 }, new int[] { 3, 3, 3, 3 });
		assertEquals(0.25 / 0.625, c.vRand, 1e-12);
		assertThrows(IllegalArgumentException.class, () -> RandInfoScores.of(new int[2], new int[2]));
	}
}
