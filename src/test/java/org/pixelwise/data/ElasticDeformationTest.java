package org.pixelwise.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ElasticDeformationTest {

	private static Patch ramp(final int width, final int height) {
		final float[] pixels = new float[width * height];
		final int[] labels = new int[width * height];
		final float[] weights = new float[width * height];
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				pixels[y * width + x] = x + 100 * y;
				labels[y * width + x] = x;
				weights[y * width + x] = y;
			}
		}
		return new Patch(width, height, 1, pixels, labels, weights);
	}

	@Test
	void zeroDisplacementReturnsThePatchUnchanged() {
		final Patch input = ramp(7, 5);
		final Patch output = ElasticDeformation.deform(input, new float[35], new float[35]);
		assertArrayEquals(input.pixels, output.pixels);
		assertArrayEquals(input.labels, output.labels);
		assertArrayEquals(input.weights, output.weights);
	}

	@Test
	void halfPixelShiftInterpolatesPixelsAndWeightsButRoundsLabels() {
		final Patch input = ramp(6, 4);
		final float[] dx = new float[24];
		final float[] dy = new float[24];
		java.util.Arrays.fill(dx, 0.5f);
		java.util.Arrays.fill(dy, 0.25f);
		final Patch output = ElasticDeformation.deform(input, dx, dy);
		// Pixel (2, 1) samples (2.5, 1.25).
		assertEquals(2.5f + 125f, output.pixels[1 * 6 + 2], 1e-4);
		assertEquals(1.25f, output.weights[1 * 6 + 2], 1e-6);
		assertEquals(3, output.labels[1 * 6 + 2]);
	}

	@Test
	void positionsOutsideThePatchAreMirroredBack() {
		assertEquals(1.5, ElasticDeformation.mirror(-1.5, 5), 1e-12);
		assertEquals(2.0, ElasticDeformation.mirror(6.0, 5), 1e-12);
		assertEquals(3.0, ElasticDeformation.mirror(-11.0, 5), 1e-12);
		assertEquals(0.0, ElasticDeformation.mirror(3.7, 1), 1e-12);
		final Patch input = ramp(5, 1);
		final float[] dx = {-2, -2, -2, -2, -2};
		final Patch output = ElasticDeformation.deform(input, dx, new float[5]);
		assertArrayEquals(new int[] {2, 1, 0, 1, 2}, output.labels);
	}

	@Test
	void displacementFieldIsSmoothAndHasTheRequestedSpread() {
		final int size = 65;
		final double sigma = 10;
		final Random random = new Random(7);
		double sumSquares = 0;
		final int draws = 400;
		for (int draw = 0; draw < draws; draw++) {
			final float[][] field = ElasticDeformation.randomDisplacement(size, size, sigma, random);
			for (int y = 0; y < size; y++) {
				for (int x = 1; x < size; x++) {
					final int i = y * size + x;
					assertTrue(Math.abs(field[0][i] - field[0][i - 1]) < sigma / 2,
							"neighbouring displacements should differ by far less than sigma");
				}
			}
			// The patch centre is a grid node, so its displacement is one Gaussian draw.
			final float centre = field[1][(size - 1) / 2 * size + (size - 1) / 2];
			sumSquares += centre * centre;
		}
		final double std = Math.sqrt(sumSquares / draws);
		assertEquals(sigma, std, 1.5);
	}

	@Test
	void cornerDisplacementsAreTheGridNodes() {
		final Random a = new Random(4);
		final float[][] field = ElasticDeformation.randomDisplacement(9, 9, 3, a);
		final Random b = new Random(4);
		final double firstX = 3 * b.nextGaussian();
		assertEquals(firstX, field[0][0], 1e-5, "the top-left pixel sits on the first grid node");
	}
}
