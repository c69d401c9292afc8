package org.pixelwise.degrade;

import org.pixelwise.data.FloatImage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class TextOverlayTest {

	@Test
	void textOverlayChangesSomePixelsOnly() {
		final FloatImage grey = TestImages.flat(64, 48, 3, 100, 255);
		for (long seed = 0; seed < 10; seed++) {
			final FloatImage written = new TextOverlay().apply(grey, new Random(seed));
			int changed = 0;
			for (int p = 0; p < 64 * 48; p++) {
				boolean pixelChanged = false;
				for (int c = 0; c < 3; c++)
					pixelChanged |= written.pixels[3 * p + c] != 100;
				if (pixelChanged) changed++;
			}
			assertTrue(changed > 0 && changed < 0.5 * 64 * 48, "seed " + seed + " changed " + changed + " pixels");
		}
	}
}
