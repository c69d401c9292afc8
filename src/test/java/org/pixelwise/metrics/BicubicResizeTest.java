package org.pixelwise.metrics;

import org.pixelwise.degrade.Downscale;
import org.pixelwise.data.FloatImage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The MATLAB-style bicubic resize the SR protocol uses ({@link Downscale#resize}), on arrays. */
class BicubicResizeTest {

	private static float[] resize(final float[] image, final int width, final int height,
		final int channels, final int newWidth, final int newHeight)
	{
		return Downscale.resize(new FloatImage(width, height, channels, image, 255), newWidth,
			newHeight).pixels;
	}


	private static final float EPS = 1e-4f;

	@Test
	void bicubicKeepsConstantsAndLinearRamps() {
		final float[] constant = new float[12 * 9 * 3];
		Arrays.fill(constant, 77);
		final float[] expectedSmall = new float[4 * 3 * 3];
		Arrays.fill(expectedSmall, 77);
		assertArrayEquals(expectedSmall, resize(constant, 12, 9, 3, 4, 3), EPS);
		final float[] expectedLarge = new float[24 * 18 * 3];
		Arrays.fill(expectedLarge, 77);
		assertArrayEquals(expectedLarge, resize(constant, 12, 9, 3, 24, 18), EPS);

		// Value i at 1-based column i. Away from the mirrored border, output column x lies at
		// u = x / scale + 0.5 (1 - 1 / scale) and the cubic kernel reproduces the ramp there.
		final int width = 20;
		final float[] ramp = new float[width];
		for (int i = 0; i < width; i++) {
			ramp[i] = i + 1;
		}
		final float[] up = resize(ramp, width, 1, 1, 2 * width, 1);
		for (int x = 4; x <= 2 * width - 3; x++) {
			assertEquals(x / 2.0 + 0.25, up[x - 1], EPS, "upscaled column " + x);
		}
		final float[] down = resize(ramp, width, 1, 1, width / 2, 1);
		for (int x = 3; x <= width / 2 - 2; x++) {
			assertEquals(2 * x - 0.5, down[x - 1], EPS, "downscaled column " + x);
		}
	}

	@Test
	void bicubicDownscaleByTwoUsesTheWidenedKernel() {
		// Halving stretches the kernel to cubic(d / 2), eight taps at |d| = 0.5, 1.5, 2.5, 3.5
		// from u = 2x - 0.5: cubic(0.25) = 0.8671875, cubic(0.75) = 0.2265625,
		// cubic(1.25) = -0.0703125, cubic(1.75) = -0.0234375. They sum to 2 over both sides, so
		// the normalised weights are 111, 29, -9 and -3 over 256.
		final float[] impulse = new float[16];
		impulse[7] = 256;
		final float[] down = resize(impulse, 16, 1, 1, 8, 1);
		assertArrayEquals(new float[] {0, 0, -9, 111, 29, -3, 0, 0}, down, EPS);
	}

	@Test
	void bicubicUpscaleMirrorsTheEdgePixel() {
		// Output column 1 of a doubling lies at u = 0.75; its taps at 1-based positions -1, 0,
		// 1, 2 read pixels 2, 1, 1, 2, so it is 1.09375 v1 - 0.09375 v2.
		final float[] row = {10, 30, 50, 70};
		final float[] up = resize(row, 4, 1, 1, 8, 1);
		assertEquals(1.09375f * 10 - 0.09375f * 30, up[0], EPS);
	}

	@Test
	void bicubicResizesChannelsSeparately() {
		final float[] image = new float[6 * 4 * 2];
		final float[] second = new float[6 * 4];
		for (int i = 0; i < 6 * 4; i++) {
			image[2 * i] = 40;
			second[i] = i * i % 11;
			image[2 * i + 1] = second[i];
		}
		final float[] resized = resize(image, 6, 4, 2, 3, 2);
		final float[] secondAlone = resize(second, 6, 4, 1, 3, 2);
		for (int i = 0; i < 3 * 2; i++) {
			assertEquals(40, resized[2 * i], EPS);
			assertEquals(secondAlone[i], resized[2 * i + 1], EPS);
		}
	}
}
