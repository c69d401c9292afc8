package org.pixelwise.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BoundaryTargetTest {

	private static final int B = BoundaryTarget.BOUNDARY;
	private static final int I = BoundaryTarget.INTERIOR;
	private static final int G = BoundaryTarget.BACKGROUND;
	private static final int X = Patch.IGNORE;

	@Test
	void touchingObjectsAreSeparatedByBoundary() {
		final int[] instances = {
			1, 1, 1, 2, 2, 2,
			1, 1, 1, 2, 2, 2,
			1, 1, 1, 2, 2, 2
		};
		final int[] target = BoundaryTarget.fromInstances(instances, 6, 3);
		assertArrayEquals(new int[] {
			I, I, B, B, I, I,
			I, I, B, B, I, I,
			I, I, B, B, I, I
		}, target);
		final boolean[] interior = new boolean[target.length];
		for (int i = 0; i < target.length; i++) {
			interior[i] = target[i] == I;
		}
		final int[] objects = ConnectedComponents.label(interior, 6, 3);
		assertEquals(2, java.util.Arrays.stream(objects).max().getAsInt());
	}

	@Test
	void objectEdgeNextToBackgroundIsBoundaryButPatchEdgeIsNot() {
		final int[] instances = {
			0, 0, 0, 0,
			0, 5, 5, 5,
			0, 5, 5, 5,
			0, 5, 5, 5
		};
		assertArrayEquals(new int[] {
			G, G, G, G,
			G, B, B, B,
			G, B, I, I,
			G, B, I, I
		}, BoundaryTarget.fromInstances(instances, 4, 4));
	}

	@Test
	void unannotatedPixelsStayIgnoredAndDoNotMakeBoundaries() {
		final int[] instances = {
			X, X, X,
			3, 3, 3,
			3, 3, 3
		};
		assertArrayEquals(new int[] {
			X, X, X,
			I, I, I,
			I, I, I
		}, BoundaryTarget.fromInstances(instances, 3, 3));
	}

	@Test
	void thickBoundaryGrowsIntoTheObjectOnly() {
		final int[] instances = {
			0, 1, 1, 1, 1, 1,
			0, 1, 1, 1, 1, 1
		};
		assertArrayEquals(new int[] {
			G, B, B, B, I, I,
			G, B, B, B, I, I
		}, BoundaryTarget.fromInstances(instances, 6, 2, 3));
	}

	@Test
	void zeroThicknessIsRejected() {
		assertThrows(IllegalArgumentException.class,
				() -> BoundaryTarget.fromInstances(new int[4], 2, 2, 0));
	}
}
