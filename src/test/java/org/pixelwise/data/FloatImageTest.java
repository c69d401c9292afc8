package org.pixelwise.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The eight orientations of a square patch are the eight symmetries of the square. */
class FloatImageTest {

	@Test
	void orientationsFlipTurnAndStayDistinct() {
		// 0 1
		// 2 3
		final FloatImage square = new FloatImage(2, 2, 1, new float[] { 0, 1, 2, 3 }, 3);
		assertArrayEquals(new float[] { 0, 1, 2, 3 }, square.oriented(0).pixels);
		assertArrayEquals(new float[] { 1, 0, 3, 2 }, square.oriented(1).pixels, "flip X");
		assertArrayEquals(new float[] { 2, 3, 0, 1 }, square.oriented(2).pixels, "flip Y");
		assertArrayEquals(new float[] { 0, 2, 1, 3 }, square.oriented(4).pixels, "transpose");
		final Set<String> all = new HashSet<>();
		for (int k = 0; k < 8; k++)
			all.add(java.util.Arrays.toString(square.oriented(k).pixels));
		org.junit.jupiter.api.Assertions.assertEquals(8, all.size());
		final FloatImage rgb = new FloatImage(2, 2, 3, new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
			12 }, 12);
		assertArrayEquals(new float[] { 4, 5, 6, 1, 2, 3, 10, 11, 12, 7, 8, 9 }, rgb.oriented(1).pixels,
			"channels move together");
		assertThrows(IllegalArgumentException.class, () -> new FloatImage(2, 1, 1, new float[2], 1)
			.oriented(1));
	}
}
