package org.pixelwise.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Laplacian variance falls with blur and knows a flat image has no detail. */
class SharpnessTest {

	@Test
	void laplacianOfAKnownPatternAndBlurLowersSharpness() {
		// A checkerboard of 0 and 1: every interior Laplacian is +-4, so the variance is 16.
		final int n = 16;
		final float[] board = new float[n * n];
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++)
				board[y * n + x] = (x + y) % 2;
		assertEquals(16, Sharpness.laplacianVariance(board, n, n), 1e-9);
		final float[] blurred = new float[n * n];
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++) {
				double sum = 0;
				int count = 0;
				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++)
						if (x + dx >= 0 && x + dx < n && y + dy >= 0 && y + dy < n) {
							sum += board[(y + dy) * n + x + dx];
							count++;
						}
				blurred[y * n + x] = (float) (sum / count);
			}
		assertEquals(1, Sharpness.relative(board, board, n, n), 1e-12);
		assertTrue(Sharpness.relative(blurred, board, n, n) < 0.2, "blur removes most detail");
		assertEquals(0, Sharpness.laplacianVariance(new float[n * n], n, n), 0);
		assertTrue(Double.isNaN(Sharpness.relative(board, new float[n * n], n, n)));
		assertThrows(IllegalArgumentException.class, () -> Sharpness.laplacianVariance(new float[4], 2,
			2));
	}
}
