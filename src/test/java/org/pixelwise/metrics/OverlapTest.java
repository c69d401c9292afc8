package org.pixelwise.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OverlapTest {

	private static final double EPS = 1e-12;

	@Test
	void perfectPredictionHasIouAndDiceOne() {
		final int[] labels = {0, 1, 1, 2, 0, 2};
		final Overlap overlap = Overlap.of(labels, labels, 3);
		assertEquals(1.0, overlap.iou(1), EPS);
		assertEquals(1.0, overlap.dice(2), EPS);
		assertEquals(1.0, overlap.meanIou(), EPS);
		assertEquals(1.0, overlap.meanDice(), EPS);
	}

	@Test
	void perClassScoresFollowFromPixelCounts() {
		final int[] truth = {0, 0, 1, 1, 1, 2, 2};
		final int[] predicted = {0, 1, 1, 1, 2, 2, 0};
		final Overlap overlap = Overlap.of(predicted, truth, 3);

		assertEquals(2, overlap.truePositives(1));
		assertEquals(1, overlap.falsePositives(1));
		assertEquals(1, overlap.falseNegatives(1));
		assertEquals(0.5, overlap.iou(1), EPS);
		assertEquals(2.0 / 3, overlap.dice(1), EPS);

		assertEquals(1.0 / 3, overlap.iou(2), EPS);
		assertEquals(0.5, overlap.dice(2), EPS);

		assertEquals(1.0 / 3, overlap.iou(0), EPS);
		assertEquals((0.5 + 1.0 / 3) / 2, overlap.meanIou(), EPS);
		assertEquals((2.0 / 3 + 0.5) / 2, overlap.meanDice(), EPS);
	}

	@Test
	void meanLeavesOutBackground() {
		final int[] truth = {0, 0, 0, 1};
		final int[] predicted = {1, 0, 0, 1};
		final Overlap overlap = Overlap.of(predicted, truth, 2);
		assertEquals(2.0 / 3, overlap.iou(0), EPS);
		assertEquals(0.5, overlap.meanIou(), EPS);
	}

	@Test
	void unannotatedTruthPixelsAreNotCounted() {
		final int[] truth = {Overlap.IGNORED, 1, Overlap.IGNORED};
		final int[] predicted = {1, 1, 0};
		final Overlap overlap = Overlap.of(predicted, truth, 2);
		assertEquals(0, overlap.falsePositives(1));
		assertEquals(1.0, overlap.iou(1), EPS);
		assertTrue(Double.isNaN(overlap.iou(0)));
	}

	@Test
	void classAbsentFromPredictionAndTruthIsNaNAndLeftOutOfMean() {
		final int[] labels = {0, 1, 1};
		final int[] predicted = {0, 1, 0};
		final Overlap overlap = Overlap.of(predicted, labels, 3);
		assertTrue(Double.isNaN(overlap.iou(2)));
		assertTrue(Double.isNaN(overlap.dice(2)));
		assertEquals(0.5, overlap.meanIou(), EPS);
	}

	@Test
	void meanIsNaNWhenNoForegroundAppearsAnywhere() {
		final int[] labels = {0, 0};
		assertTrue(Double.isNaN(Overlap.of(labels, labels, 2).meanIou()));
	}

	@Test
	void pooledImagesAreScoredFromSummedCountsNotPerImageAverages() {
		final Overlap small = Overlap.of(new int[] {1}, new int[] {1}, 2);
		final Overlap large = Overlap.of(new int[] {0, 0, 0}, new int[] {1, 1, 1}, 2);
		final Overlap pooled = Overlap.empty(2).plus(small).plus(large);
		assertEquals(1, pooled.truePositives(1));
		assertEquals(3, pooled.falseNegatives(1));
		assertEquals(0.25, pooled.iou(1), EPS);
	}

	@Test
	void poolingDifferentClassCountsIsRejected() {
		assertThrows(IllegalArgumentException.class,
				() -> Overlap.empty(2).plus(Overlap.empty(3)));
	}

	@Test
	void classOutsideRangeIsRejected() {
		assertThrows(IllegalArgumentException.class,
				() -> Overlap.of(new int[] {3}, new int[] {1}, 3));
		assertThrows(IllegalArgumentException.class,
				() -> Overlap.of(new int[] {1}, new int[] {-2}, 3));
	}

	@Test
	void differentLengthsAreRejected() {
		assertThrows(IllegalArgumentException.class,
				() -> Overlap.of(new int[] {0, 1}, new int[] {1}, 2));
	}
}
