package org.pixelwise.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InstanceMatchingTest {

	private static final double EPS = 1e-12;

	@Test
	void perfectPredictionHasApOneWhateverTheIds() {
		final int[] truth = {1, 1, 0, 2, 2, 0};
		final int[] predicted = {Integer.MAX_VALUE, Integer.MAX_VALUE, 0, 40, 40, 0};
		final InstanceMatching matching = InstanceMatching.of(predicted, truth);
		assertEquals(2, matching.truePositives());
		assertEquals(0, matching.falsePositives());
		assertEquals(0, matching.falseNegatives());
		assertEquals(1.0, matching.averagePrecision(), EPS);
		assertEquals(1.0, matching.meanMatchedIou(), EPS);
	}

	@Test
	void shiftedInstanceBelowThresholdCountsAsFalsePositiveAndFalseNegative() {
		// Intersection 1 pixel, union 5 pixels: IoU 0.2.
		final int[] truth = {0, 1, 1, 1, 0, 0};
		final int[] predicted = {0, 0, 0, 5, 5, 5};
		final InstanceMatching matching = InstanceMatching.of(predicted, truth);
		assertEquals(0, matching.truePositives());
		assertEquals(1, matching.falsePositives());
		assertEquals(1, matching.falseNegatives());
		assertEquals(0.0, matching.averagePrecision(), EPS);
	}

	@Test
	void missedAndSpuriousObjectsLowerRecallAndPrecision() {
		final int[] truth = {1, 1, 0, 2, 2, 0, 3, 3, 0, 0, 8, 8};
		final int[] predicted = {4, 4, 0, 5, 5, 0, 0, 0, 6, 6, 0, 0};
		final InstanceMatching matching = InstanceMatching.of(predicted, truth);
		assertEquals(2, matching.truePositives());
		assertEquals(1, matching.falsePositives());
		assertEquals(2, matching.falseNegatives());
		assertEquals(2.0 / 3, matching.precision(), EPS);
		assertEquals(0.5, matching.recall(), EPS);
		assertEquals(4.0 / 7, matching.f1(), EPS);
		assertEquals(2.0 / 5, matching.averagePrecision(), EPS);
	}

	@Test
	void iouExactlyAtThresholdIsAMatch() {
		final InstanceMatching matching = InstanceMatching.of(new int[] {1, 1}, new int[] {1, 0});
		assertEquals(1, matching.truePositives());
		assertEquals(0.5, matching.meanMatchedIou(), EPS);
	}

	@Test
	void predictionCoveringTwoObjectsIsPairedWithOnlyOne() {
		final InstanceMatching matching = InstanceMatching.of(new int[] {1, 1}, new int[] {1, 2});
		assertEquals(1, matching.truePositives());
		assertEquals(0, matching.falsePositives());
		assertEquals(1, matching.falseNegatives());
	}

	@Test
	void lowThresholdPairsGreedilyByDescendingIou() {
		// IoU(p1,t1) = 2/3, IoU(p1,t2) = 1/6, IoU(p2,t2) = 3/4.
		final int[] truth = {1, 1, 2, 2, 2, 2};
		final int[] predicted = {1, 1, 1, 2, 2, 2};
		final InstanceMatching matching = InstanceMatching.of(predicted, truth, 0.1);
		assertEquals(2, matching.truePositives());
		assertEquals((2.0 / 3 + 0.75) / 2, matching.meanMatchedIou(), EPS);
	}

	@Test
	void higherThresholdRejectsLooserPairs() {
		final int[] truth = {1, 1, 2, 2, 2, 2};
		final int[] predicted = {1, 1, 1, 2, 2, 2};
		final InstanceMatching matching = InstanceMatching.of(predicted, truth, 0.7);
		assertEquals(1, matching.truePositives());
		assertEquals(0.75, matching.meanMatchedIou(), EPS);
	}

	@Test
	void pooledImagesAreScoredFromSummedCounts() {
		final InstanceMatching perfect = InstanceMatching.of(new int[] {1}, new int[] {1});
		final InstanceMatching spurious = InstanceMatching.of(new int[] {3, 0}, new int[] {0, 0});
		final InstanceMatching pooled =
				InstanceMatching.empty(0.5).plus(perfect).plus(spurious);
		assertEquals(1, pooled.truePositives());
		assertEquals(1, pooled.falsePositives());
		assertEquals(0.5, pooled.averagePrecision(), EPS);
	}

	@Test
	void imageWithoutObjectsHasUndefinedScores() {
		final InstanceMatching matching = InstanceMatching.of(new int[] {0, 0}, new int[] {0, 0});
		assertTrue(Double.isNaN(matching.averagePrecision()));
		assertTrue(Double.isNaN(matching.precision()));
	}

	@Test
	void poolingDifferentThresholdsIsRejected() {
		assertThrows(IllegalArgumentException.class,
				() -> InstanceMatching.empty(0.5).plus(InstanceMatching.empty(0.7)));
	}

	@Test
	void thresholdOutsideZeroToOneIsRejected() {
		assertThrows(IllegalArgumentException.class,
				() -> InstanceMatching.of(new int[] {1}, new int[] {1}, 0));
		assertThrows(IllegalArgumentException.class,
				() -> InstanceMatching.of(new int[] {1}, new int[] {1}, 1.5));
	}

	@Test
	void negativeIdsAreRejected() {
		assertThrows(IllegalArgumentException.class,
				() -> InstanceMatching.of(new int[] {-1}, new int[] {1}));
	}
}
