package org.pixelwise.degrade;

import org.pixelwise.data.FloatImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class JpegCompressionTest {

	@Test
	void jpegLeavesBlockArtefacts() {
		final FloatImage gradient = TestImages.ramp(64, 64, 1, 40, 1.3f, 0.9f, 255);
		final FloatImage jpeg = new JpegCompression(Range.of(10)).apply(gradient, new Random(0));
		double across = 0, within = 0;
		int acrossCount = 0, withinCount = 0;
		for (int y = 0; y < 64; y++) {
			for (int x = 0; x < 63; x++) {
				final double step = Math.abs(jpeg.get(x + 1, y, 0) - jpeg.get(x, y, 0));
				if (x % 8 == 7) {
					across += step;
					acrossCount++;
				}
				else {
					within += step;
					withinCount++;
				}
			}
		}
		across /= acrossCount;
		within /= withinCount;
		assertTrue(across > 2 * within, "mean step across block edges " + across + ", within blocks " + within);
	}

	@Test
	void highQualityColourJpegStaysCloseToTheImage() {
		final FloatImage colour = TestImages.ramp(32, 24, 3, 1000, 500, 700, 65535);
		final FloatImage jpeg = new JpegCompression(Range.of(95)).apply(colour, new Random(0));
		assertEquals(colour.width, jpeg.width);
		assertEquals(3, jpeg.channels);
		double error = 0;
		for (int i = 0; i < colour.pixels.length; i++)
			error += Math.abs(jpeg.pixels[i] - colour.pixels[i]);
		// One 8-bit step at 16-bit scale is 257; a good JPEG of a smooth image is off by about that.
		assertTrue(error / colour.pixels.length < 3 * 257, "mean error " + error / colour.pixels.length);
	}
}
