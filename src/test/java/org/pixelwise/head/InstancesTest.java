package org.pixelwise.head;

import org.pixelwise.data.ConnectedComponents;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class InstancesTest {

	@Test
	void componentsAreNumberedInScanOrderAndCornersDoNotConnect() {
		final boolean[] mask = {
			true, false, true,
			false, true, false,
			true, true, false};
		assertArrayEquals(new int[] {
			1, 0, 2,
			0, 3, 0,
			3, 3, 0}, ConnectedComponents.label(mask, 3, 3));
	}

	@Test
	void shapeJoinedBelowItsTwoArmsIsOneComponent() {
		final boolean[] mask = {
			true, false, true,
			true, true, true};
		assertArrayEquals(new int[] {1, 0, 1, 1, 1, 1}, ConnectedComponents.label(mask, 3, 2));
	}

	@Test
	void componentsDoNotWrapAroundRowEnds() {
		final boolean[] mask = {
			false, true,
			true, false};
		assertArrayEquals(new int[] {0, 1, 2, 0}, ConnectedComponents.label(mask, 2, 2));
	}

	@Test
	void longWindingComponentOnLargeImageIsLabelledWithoutRecursion() {
		// A serpentine path visits every pixel of alternate rows; depth-first recursion over
		// it would overflow the stack.
		final int size = 1001;
		final boolean[] mask = new boolean[size * size];
		for (int y = 0; y < size; y++) {
			for (int x = 0; x < size; x++) {
				final boolean link = y % 4 == 1 ? x == size - 1 : y % 4 == 3 && x == 0;
				mask[y * size + x] = y % 2 == 0 || link;
			}
		}
		final int[] labels = ConnectedComponents.label(mask, size, size);
		for (int i = 0; i < mask.length; i++) {
			assertEquals(mask[i] ? 1 : 0, labels[i]);
		}
	}

	@Test
	void touchingInteriorsSeparatedByBoundaryBecomeTwoInstances() {
		final int[] classes = {
			1, 1, 2, 2, 1, 1,
			1, 1, 2, 2, 1, 1};
		assertArrayEquals(new int[] {
			1, 1, 1, 2, 2, 2,
			1, 1, 1, 2, 2, 2}, Instances.fromInteriorAndBoundary(classes, 6, 2));
	}

	@Test
	void boundaryPixelsJoinTheNearestInterior() {
		final int[] classes = {1, 1, 2, 2, 2, 2, 1};
		assertArrayEquals(new int[] {1, 1, 1, 1, 2, 2, 2},
				Instances.fromInteriorAndBoundary(classes, 7, 1));
	}

	@Test
	void growthStopsAtBackgroundAndUnreachedBoundaryBecomesBackground() {
		final int[] classes = {1, 2, 0, 2, 2};
		assertArrayEquals(new int[] {1, 1, 0, 0, 0},
				Instances.fromInteriorAndBoundary(classes, 5, 1));
	}

	@Test
	void boundaryRingWithNothingInsideIsBackground() {
		final int[] classes = {
			2, 2, 2,
			2, 0, 2,
			2, 2, 2};
		assertArrayEquals(new int[9], Instances.fromInteriorAndBoundary(classes, 3, 3));
	}

	@Test
	void unknownClassIsRejected() {
		assertThrows(IllegalArgumentException.class,
				() -> Instances.fromInteriorAndBoundary(new int[] {0, 3}, 2, 1));
	}

	@Test
	void sizeThatDoesNotMatchThePixelCountIsRejected() {
		assertThrows(IllegalArgumentException.class,
				() -> Instances.fromInteriorAndBoundary(new int[6], 4, 2));
	}

	@Test
	void smallObjectsAreRemovedAndTheRestRenumbered() {
		final int[] labels = {1, 1, 0, 2, 3, 3, 3};
		assertArrayEquals(new int[] {1, 1, 0, 0, 2, 2, 2}, Instances.removeSmall(labels, 2));
	}
}
