package org.pixelwise.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ImageQualityTest {

	private static final double EPS = 1e-9;

	@Test
	void psnrOfKnownNoiseMatchesTheFormula() {
		final float[] truth = new float[100];
		final float[] restored = new float[100];
		for (int i = 0; i < truth.length; i++) {
			truth[i] = 100 + i;
			restored[i] = truth[i] + (i % 2 == 0 ? 5 : -5);
		}
		// Every error is 5, so MSE = 25 and PSNR = 10 log10(255^2 / 25) = 20 log10(51).
		assertEquals(20 * Math.log10(51), ImageQuality.psnr(restored, truth, 255), EPS);
		assertEquals(20 * Math.log10(1 / 0.5), ImageQuality.psnr(new float[] {0.5f, 0},
				new float[] {0, 0.5f}, 1), EPS);
	}

	@Test
	void psnrOfEqualImagesIsInfinite() {
		final float[] image = {1, 2, 3};
		assertEquals(Double.POSITIVE_INFINITY, ImageQuality.psnr(image, image, 255));
	}

	@Test
	void ssimOfIdenticalImagesIsOne() {
		final Random random = new Random(42);
		final float[] image = new float[23 * 17];
		for (int i = 0; i < image.length; i++) {
			image[i] = random.nextInt(256);
		}
		assertEquals(1.0, ImageQuality.ssim(image, image.clone(), 23, 17, 255), EPS);
	}

	@Test
	void ssimOfAConstantShiftMatchesTheFormula() {
		// Flat images have no variance, so only the luminance term is left:
		// (2 mu_x mu_y + C1) / (mu_x^2 + mu_y^2 + C1) with C1 = (0.01 * 255)^2.
		final float[] truth = filled(16 * 12, 100);
		final float[] restored = filled(16 * 12, 110);
		final double c1 = 2.55 * 2.55;
		final double expected = (2 * 100 * 110 + c1) / (100 * 100 + 110 * 110 + c1);
		assertEquals(expected, ImageQuality.ssim(restored, truth, 16, 12, 255), EPS);
	}

	@Test
	void ssimOfAnElevenPixelSquareUsesOneGaussianWindow() {
		final Random random = new Random(7);
		final float[] truth = new float[11 * 11];
		final float[] restored = new float[11 * 11];
		for (int i = 0; i < truth.length; i++) {
			truth[i] = random.nextInt(256);
			restored[i] = truth[i] + random.nextInt(41) - 20;
		}
		// An 11x11 image holds exactly one valid window: the 2-D Gaussian, sigma 1.5, summed to 1.
		final double[] weight = new double[11 * 11];
		double total = 0;
		for (int y = 0; y < 11; y++) {
			for (int x = 0; x < 11; x++) {
				weight[y * 11 + x] = Math.exp(-((x - 5) * (x - 5) + (y - 5) * (y - 5)) / 4.5);
				total += weight[y * 11 + x];
			}
		}
		double muX = 0;
		double muY = 0;
		for (int i = 0; i < weight.length; i++) {
			weight[i] /= total;
			muX += weight[i] * restored[i];
			muY += weight[i] * truth[i];
		}
		double varianceX = 0;
		double varianceY = 0;
		double covariance = 0;
		for (int i = 0; i < weight.length; i++) {
			varianceX += weight[i] * (restored[i] - muX) * (restored[i] - muX);
			varianceY += weight[i] * (truth[i] - muY) * (truth[i] - muY);
			covariance += weight[i] * (restored[i] - muX) * (truth[i] - muY);
		}
		final double c1 = 2.55 * 2.55;
		final double c2 = 7.65 * 7.65;
		final double expected = (2 * muX * muY + c1) * (2 * covariance + c2)
				/ ((muX * muX + muY * muY + c1) * (varianceX + varianceY + c2));
		assertEquals(expected, ImageQuality.ssim(restored, truth, 11, 11, 255), 1e-7);
	}

	@Test
	void ssimRefusesImagesSmallerThanItsWindow() {
		final float[] image = new float[10 * 20];
		assertThrows(IllegalArgumentException.class,
				() -> ImageQuality.ssim(image, image, 10, 20, 255));
	}

	@Test
	void shavingRemovesScalePixelsFromEachBorder() {
		final int width = 7;
		final int height = 6;
		final float[] image = new float[width * height];
		for (int i = 0; i < image.length; i++) {
			image[i] = i;
		}
		final float[] shaved = ImageQuality.shave(image, width, height, 2);
		assertArrayEquals(new float[] {16, 17, 18, 23, 24, 25}, shaved);
		assertArrayEquals(image, ImageQuality.shave(image, width, height, 0));
		assertThrows(IllegalArgumentException.class,
				() -> ImageQuality.shave(image, width, height, 3));
	}

	private static float[] filled(final int length, final float value) {
		final float[] image = new float[length];
		Arrays.fill(image, value);
		return image;
	}
}
