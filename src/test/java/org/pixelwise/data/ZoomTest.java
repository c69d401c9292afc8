package org.pixelwise.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Zooming keeps labels and pixels aligned and marks what it invents as unannotated. */
class ZoomTest {

	/** A 9x9 patch whose value and label at (x, y) are x. */
	private static Patch ramp() {
		final float[] pixels = new float[81];
		final int[] labels = new int[81], ids = new int[81];
		final float[] weights = new float[81];
		for (int i = 0; i < 81; i++) {
			pixels[i] = i % 9;
			labels[i] = i % 9;
			ids[i] = 100 + i % 9;
			weights[i] = 1;
		}
		return new Patch(9, 9, 1, pixels, labels, weights, ids);
	}

	@Test
	void magnifyingSpreadsTheCentre() {
		final Patch z = Zoom.apply(ramp(), 2);
		// The centre stays; one pixel right of it shows half a pixel right of the centre.
		assertEquals(4f, z.pixels[4 * 9 + 4], 1e-6);
		assertEquals(4.5f, z.pixels[4 * 9 + 5], 1e-6);
		assertEquals(6f, z.pixels[4 * 9 + 8], 1e-6);
		assertEquals(z.labels[4 * 9 + 8] + 100, z.instances[4 * 9 + 8]);
		assertEquals(1f, z.weights[0]);
	}

	@Test
	void shrinkingMarksTheInventedBorderUnannotated() {
		final Patch z = Zoom.apply(ramp(), 0.5);
		assertEquals(4f, z.pixels[4 * 9 + 4], 1e-6);
		assertEquals(6, z.labels[4 * 9 + 5]); // (5 - 4) / 0.5 + 4
		assertEquals(Patch.IGNORE, z.labels[0]);
		assertEquals(Patch.IGNORE, z.instances[0]);
		assertEquals(0f, z.weights[0]);
		assertThrows(IllegalArgumentException.class, () -> Zoom.apply(ramp(), 0));
	}
}
