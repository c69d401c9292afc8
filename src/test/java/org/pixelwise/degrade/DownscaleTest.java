package org.pixelwise.degrade;

import org.pixelwise.data.FloatImage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

class DownscaleTest {

	private static final Random UNUSED = new Random(0);

	@Test
	void areaDownscaleAveragesBlocks() {
		final float[] pixels = {
			1, 2, 3, 4, 9, 9,
			5, 6, 7, 8, 9, 9,
			0, 0, 4, 4, 9, 9,
			0, 4, 8, 0, 9, 9 };
		final FloatImage image = new FloatImage(6, 4, 1, pixels, 255);
		final FloatImage small = new Downscale(Downscale.Method.AREA, 2).apply(image, UNUSED);
		assertEquals(3, small.width);
		assertEquals(2, small.height);
		assertArrayEquals(new float[] { 3.5f, 5.5f, 9, 1, 4, 9 }, small.pixels, 1e-6f);
	}

	@Test
	void areaDownscaleKeepsChannelsApart() {
		final float[] pixels = { 1, 10, 3, 30, 5, 50, 7, 70 };
		final FloatImage image = new FloatImage(2, 2, 2, pixels, 255);
		final FloatImage small = new Downscale(Downscale.Method.AREA, 2).apply(image, UNUSED);
		assertArrayEquals(new float[] { 4, 40 }, small.pixels, 1e-6f);
	}

	@Test
	void bicubicDownscaleKeepsConstantsAndRamps() {
		final Downscale bicubic = new Downscale(Downscale.Method.BICUBIC, 2);
		final FloatImage constant = bicubic.apply(TestImages.flat(20, 12, 2, 42, 255), UNUSED);
		for (final float v : constant.pixels)
			assertEquals(42, v, 1e-4);

		// Away from the borders, where mirroring bends the ramp, a symmetric kernel whose weights sum
		// to 1 returns the ramp's value at the sampling position: output pixel i samples input 2i + 0.5.
		final FloatImage ramp = bicubic.apply(TestImages.ramp(32, 32, 1, 3, 1, 2, 255), UNUSED);
		assertEquals(16, ramp.width);
		for (int y = 2; y <= 13; y++)
			for (int x = 2; x <= 13; x++)
				assertEquals(3 + (2 * x + 0.5) + 2 * (2 * y + 0.5), ramp.get(x, y, 0), 1e-3, "at " + x + "," + y);
	}

	@Test
	void bicubicUpscaleMatchesTheKernelByHand() {
		// A checkerboard is 0.5 + 0.5 s(x) s(y) with s = (1, -1, 1, -1); resizing is linear and keeps
		// constants, so the 8x8 result is 0.5 + 0.5 S(x) S(y), where S is s resized to 8 samples.
		// Output i samples u = i/2 - 0.25; the kernel (a = -0.5) at distances 0.25, 0.75, 1.25, 1.75 is
		// 0.8671875, 0.2265625, -0.0703125, -0.0234375. For i = 0 (u = -0.25) the inputs -2..1 mirror to
		// s(1), s(0), s(0), s(1) = -1, 1, 1, -1 with weights -0.0234375, 0.2265625, 0.8671875, -0.0703125:
		// S(0) = 0.0234375 + 0.2265625 + 0.8671875 + 0.0703125 = 1.1875. In the same way
		// S(1) = -0.0703125 + 0.8671875 - 0.2265625 - 0.0234375 = 0.546875,
		// S(2) = -0.0234375 + 0.2265625 - 0.8671875 - 0.0703125 = -0.734375,
		// S(3) = -0.0703125 - 0.8671875 + 0.2265625 + 0.0234375 = -0.6875, and s(3 - x) = -s(x) gives
		// S(7 - i) = -S(i).
		final double[] s = { 1.1875, 0.546875, -0.734375, -0.6875, 0.6875, 0.734375, -0.546875, -1.1875 };
		final float[] board = new float[16];
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 4; x++)
				board[y * 4 + x] = (x + y) % 2 == 0 ? 1 : 0;
		final FloatImage big = Downscale.resize(new FloatImage(4, 4, 1, board, 1), 8, 8);
		assertEquals(8, big.width);
		assertEquals(8, big.height);
		for (int y = 0; y < 8; y++)
			for (int x = 0; x < 8; x++)
				assertEquals(0.5 + 0.5 * s[x] * s[y], big.get(x, y, 0), 1e-6, "at " + x + "," + y);
	}

	@Test
	void bicubicDownscaleSpreadsAnImpulseByTheWidenedKernel() {
		// Shrinking by 2 evaluates the kernel at half the distance and halves it: output i samples input
		// 2i + 0.5, so an impulse at 4 gets weight 0.5 f(0.5 d) for d = 4 - (2i + 0.5): at i = 0..3 that
		// is 0.5 f(1.75), 0.5 f(0.75), 0.5 f(0.25), 0.5 f(1.25). Output 0 also reaches the mirrored
		// positions -3..-1 (= 2, 1, 0), none of which is the impulse. Without antialiasing output 3
		// would get f(2.5) = 0 and output 2 f(0.5) = 0.5625.
		final float[] pixels = new float[16 * 2];
		pixels[4] = 1;
		pixels[16 + 4] = 1;
		final FloatImage small = new Downscale(Downscale.Method.BICUBIC, 2).apply(
				new FloatImage(16, 2, 1, pixels, 1), UNUSED);
		assertArrayEquals(new float[] { -0.01171875f, 0.11328125f, 0.43359375f, -0.03515625f, 0, 0, 0, 0 },
				small.pixels, 1e-6f);
	}

	@Test
	void resizeToTheSameSizeChangesNothing() {
		final FloatImage image = TestImages.noise(9, 7, 100, 20, 255, 1);
		assertArrayEquals(image.pixels, Downscale.resize(image, 9, 7).pixels, 1e-6f);
	}

	@Test
	void outputSizeIsTheInputDividedByTheScale() {
		final FloatImage image = TestImages.ramp(17, 10, 3, 0, 1, 1, 255);
		for (final Downscale.Method method : Downscale.Method.values()) {
			final FloatImage small = new Downscale(method, 4).apply(image, UNUSED);
			assertEquals(4, small.width, method.name());
			assertEquals(2, small.height, method.name());
			assertEquals(3, small.channels, method.name());
			assertEquals(4 * 2 * 3, small.pixels.length, method.name());
		}
	}
}
