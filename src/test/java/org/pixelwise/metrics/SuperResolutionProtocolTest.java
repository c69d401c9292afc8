package org.pixelwise.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class SuperResolutionProtocolTest {

	private static final Path SET5 = Paths.get("..", "shared", "data", "sr", "set5");

	@Test
	void yChannelOfPrimaryColoursMatchesBt601() {
		final float[] colours = {
				255, 0, 0,
				0, 255, 0,
				0, 0, 255,
				255, 255, 255,
				0, 0, 0};
		// 16 + 65.481 = 81.481, 16 + 128.553 = 144.553, 16 + 24.966 = 40.966, 16 + 219 = 235.
		assertArrayEquals(new float[] {81, 145, 41, 235, 16},
				SuperResolutionProtocol.yChannel(colours));
	}

	@Test
	void shavingRemovesScalePixelsFromEachBorder() {
		// 26x23 crops to 24x21 at scale 3; a prediction that is exact except in the outer 3
		// pixels scores as perfect.
		final int width = 26;
		final int height = 23;
		final int scale = 3;
		final float[] truth = randomRgb(width, height, new Random(3));
		final SuperResolutionProtocol.Upscaler exceptTheBorder = (lowResolution, lowWidth,
				lowHeight, factor) -> {
			final int croppedWidth = lowWidth * factor;
			final int croppedHeight = lowHeight * factor;
			final float[] prediction = new float[croppedWidth * croppedHeight * 3];
			for (int y = 0; y < croppedHeight; y++) {
				for (int x = 0; x < croppedWidth; x++) {
					final boolean border = x < factor || y < factor || x >= croppedWidth - factor
							|| y >= croppedHeight - factor;
					for (int c = 0; c < 3; c++) {
						prediction[(y * croppedWidth + x) * 3 + c] = border ? 0
								: truth[(y * width + x) * 3 + c];
					}
				}
			}
			return prediction;
		};
		final SuperResolutionProtocol.Score score = SuperResolutionProtocol.evaluate(truth, width,
				height, scale, exceptTheBorder);
		assertEquals(Double.POSITIVE_INFINITY, score.psnr());
		assertEquals(1.0, score.ssim(), 1e-12);
	}

	@Test
	void bicubicScoresAConstantImageAsPerfect() {
		final float[] grey = new float[30 * 30 * 3];
		Arrays.fill(grey, 128);
		final SuperResolutionProtocol.Score score = SuperResolutionProtocol.evaluate(grey, 30, 30,
				4, SuperResolutionProtocol.bicubic());
		assertEquals(Double.POSITIVE_INFINITY, score.psnr());
	}

	@Test
	void aPredictionOfTheWrongSizeIsRefused() {
		final float[] truth = randomRgb(32, 32, new Random(1));
		assertThrows(IllegalArgumentException.class, () -> SuperResolutionProtocol.evaluate(truth,
				32, 32, 2, (lowResolution, w, h, scale) -> lowResolution));
	}

	/**
	 * Grey images are scored on their grey values: a prediction 2 grey levels too bright
	 * everywhere has MSE 4 and PSNR 10 log10(255² / 4) = 42.11 dB exactly, on an odd-sized image.
	 * (Read as studio-range Y, as before, it scored about 1.3 dB higher.)
	 */
	@Test
	void greyImagesAreScoredOnTheirGreyValues() {
		final int w = 47, h = 35, scale = 2;
		final float[] grey = new float[w * h];
		for (int i = 0; i < grey.length; i++)
			grey[i] = 40 + (i * 7) % 180;
		final int cw = w / scale * scale;
		final SuperResolutionProtocol.Score score = SuperResolutionProtocol.evaluateGrey(grey, w, h,
			scale, (low, lw, lh, s) -> {
				final float[] out = new float[lw * s * lh * s * 3];
				for (int y = 0; y < lh * s; y++)
					for (int x = 0; x < lw * s; x++)
						for (int c = 0; c < 3; c++)
							out[(y * lw * s + x) * 3 + c] = grey[y * w + x] + 2;
				return out;
			});
		assertEquals(10 * Math.log10(255.0 * 255 / 4), score.psnr(), 1e-9);
		assertEquals(46, cw);
	}

	/** The method gets MATLAB's 8-bit low-resolution image: whole numbers in 0..255. */
	@Test
	void theLowResolutionInputIsRoundedToEightBits() {
		final int w = 33, h = 29;
		final float[] rgb = new float[w * h * 3];
		for (int i = 0; i < rgb.length; i++)
			rgb[i] = (i * 37) % 256;
		final float[][] seen = new float[1][];
		SuperResolutionProtocol.evaluate(rgb, w, h, 3, (low, lw, lh, s) -> {
			seen[0] = low;
			return SuperResolutionProtocol.bicubic().upscale(low, lw, lh, s);
		});
		boolean fractional = false;
		for (final float v : seen[0])
			if (v != Math.rint(v) || v < 0 || v > 255) fractional = true;
		assertEquals(false, fractional, "the input has values that are not 8-bit");
		assertEquals(11 * 9 * 3, seen[0].length);
	}

	@Test
	void set5BicubicMatchesPublishedFigures() throws IOException {
		Assumptions.assumeTrue(Files.isDirectory(SET5),
				"Set5 not found at " + SET5.toAbsolutePath()
						+ "; skipping the published-figure check");
		final List<Path> files;
		try (Stream<Path> listing = Files.list(SET5)) {
			files = listing.filter(p -> p.toString().endsWith(".png")).sorted()
					.collect(Collectors.toList());
		}
		Assumptions.assumeTrue(files.size() == 5, "expected 5 Set5 images in " + SET5);
		final List<BufferedImage> images = new ArrayList<>();
		for (final Path file : files) {
			images.add(ImageIO.read(file.toFile()));
		}
		final int[] scales = {2, 3, 4};
		final double[] publishedPsnr = {33.66, 30.39, 28.42};
		final double[] publishedSsim = {0.9299, 0.8682, 0.8104};
		for (int s = 0; s < scales.length; s++) {
			double psnr = 0;
			double ssim = 0;
			for (final BufferedImage image : images) {
				final SuperResolutionProtocol.Score score = SuperResolutionProtocol.evaluate(
						rgb(image), image.getWidth(), image.getHeight(), scales[s],
						SuperResolutionProtocol.bicubic());
				psnr += score.psnr() / images.size();
				ssim += score.ssim() / images.size();
			}
			System.out.printf("Set5 bicubic x%d: PSNR %.4f dB (published %.2f), SSIM %.4f"
					+ " (published %.4f)%n", scales[s], psnr, publishedPsnr[s], ssim,
					publishedSsim[s]);
			assertEquals(publishedPsnr[s], psnr, 0.03, "mean PSNR at x" + scales[s]);
			assertTrue(Math.abs(publishedSsim[s] - ssim) < 0.001, "mean SSIM " + ssim + " at x"
					+ scales[s] + " is far from the published " + publishedSsim[s]);
		}
	}

	private static float[] rgb(final BufferedImage image) {
		final int width = image.getWidth();
		final int height = image.getHeight();
		final float[] rgb = new float[width * height * 3];
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				final int pixel = image.getRGB(x, y);
				final int i = (y * width + x) * 3;
				rgb[i] = (pixel >> 16) & 0xff;
				rgb[i + 1] = (pixel >> 8) & 0xff;
				rgb[i + 2] = pixel & 0xff;
			}
		}
		return rgb;
	}

	private static float[] randomRgb(final int width, final int height, final Random random) {
		final float[] rgb = new float[width * height * 3];
		for (int i = 0; i < rgb.length; i++) {
			rgb[i] = random.nextInt(256);
		}
		return rgb;
	}
}
