package org.pixelwise.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PatchTest {

	@Test
	void patchWithoutWeightsWeighsEveryPixelOne() {
		final Patch patch = new Patch(2, 1, 1, new float[] {0, 1}, new int[] {0, 1});
		assertArrayEquals(new float[] {1, 1}, patch.weights);
	}

	@Test
	void pixelsOfWrongLengthAreRejectedWithTheExpectedCount() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> new Patch(2, 2, 3, new float[4], new int[4]));
		assertTrue(e.getMessage().contains("12"), e.getMessage());
	}

	@Test
	void labelsOfWrongLengthAreRejected() {
		assertThrows(IllegalArgumentException.class,
				() -> new Patch(2, 2, 1, new float[4], new int[3], new float[4]));
	}

	@Test
	void missingWeightsAreRejected() {
		assertThrows(IllegalArgumentException.class,
				() -> new Patch(2, 2, 1, new float[4], new int[4], null));
	}
}
