package org.pixelwise.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AugmenterTest {

	/** A patch whose pixel, label and weight all encode the pixel's position, so misalignment shows. */
	private static Patch positionCoded(final int width, final int height) {
		final int n = width * height;
		final float[] pixels = new float[2 * n];
		final int[] labels = new int[n];
		final float[] weights = new float[n];
		for (int i = 0; i < n; i++) {
			pixels[2 * i] = i;
			pixels[2 * i + 1] = -i;
			labels[i] = i;
			weights[i] = i;
		}
		return new Patch(width, height, 2, pixels, labels, weights);
	}

	private static final Augmentation GEOMETRY_ONLY = Augmentation.none().withFlips(true).withRot90(true);

	@Test
	void noAugmentationLeavesPatchUnchanged() {
		final Patch input = positionCoded(4, 3);
		final Patch output = new Augmenter(Augmentation.none()).apply(input, new Random(1));
		assertArrayEquals(input.pixels, output.pixels);
		assertArrayEquals(input.labels, output.labels);
		assertArrayEquals(input.weights, output.weights);
	}

	@Test
	void sameSeedGivesSamePatch() {
		final Patch input = positionCoded(8, 8);
		final Augmenter augmenter = new Augmenter(Augmentation.defaults().withElasticProbability(1));
		final Patch a = augmenter.apply(input, new Random(42));
		final Patch b = augmenter.apply(input, new Random(42));
		assertArrayEquals(a.pixels, b.pixels);
		assertArrayEquals(a.labels, b.labels);
		assertArrayEquals(a.weights, b.weights);
	}

	@Test
	void flipsAndTurnsMovePixelsLabelsAndWeightsTogether() {
		final Patch input = positionCoded(5, 5);
		final Augmenter augmenter = new Augmenter(GEOMETRY_ONLY);
		final Random random = new Random(3);
		final Set<String> orientations = new HashSet<>();
		for (int trial = 0; trial < 64; trial++) {
			final Patch output = augmenter.apply(input, random);
			for (int i = 0; i < 25; i++) {
				assertEquals(output.labels[i], output.pixels[2 * i], 0);
				assertEquals(-output.labels[i], output.pixels[2 * i + 1], 0);
				assertEquals(output.labels[i], output.weights[i], 0);
			}
			final int[] sorted = output.labels.clone();
			Arrays.sort(sorted);
			assertArrayEquals(input.labels, sorted, "reorienting must be a permutation of the pixels");
			orientations.add(Arrays.toString(output.labels));
		}
		assertEquals(8, orientations.size(), "flips and quarter turns give the 8 orientations of a square");
	}

	@Test
	void quarterTurnKeepsNeighboursAdjacent() {
		final Patch input = positionCoded(4, 4);
		final Augmenter augmenter = new Augmenter(GEOMETRY_ONLY);
		final Random random = new Random(11);
		for (int trial = 0; trial < 16; trial++) {
			final Patch output = augmenter.apply(input, random);
			for (int y = 0; y < 4; y++) {
				for (int x = 0; x < 3; x++) {
					final int a = output.labels[y * 4 + x];
					final int b = output.labels[y * 4 + x + 1];
					final int distance = Math.abs(a % 4 - b % 4) + Math.abs(a / 4 - b / 4);
					assertEquals(1, distance, "rigid moves keep 4-neighbours together");
				}
			}
		}
	}

	@Test
	void nonSquarePatchIsNeverTurnedByQuarter() {
		final Patch input = positionCoded(5, 3);
		final Augmenter augmenter = new Augmenter(Augmentation.none().withRot90(true));
		final Random random = new Random(5);
		final Set<String> orientations = new HashSet<>();
		for (int trial = 0; trial < 32; trial++) {
			final Patch output = augmenter.apply(input, random);
			assertEquals(5, output.width);
			assertEquals(3, output.height);
			// Row neighbours of the input stay row neighbours: only 0 or 180 degree turns.
			assertEquals(1, Math.abs(output.labels[0] - output.labels[1]));
			orientations.add(Arrays.toString(output.labels));
		}
		assertEquals(2, orientations.size());
	}

	@Test
	void intensityChangesTouchPixelsButNotLabelsOrWeights() {
		final Patch input = positionCoded(6, 6);
		final Augmentation intensity = Augmentation.none().withIntensityScale(0.5, 0.6)
				.withIntensityShift(1, 2).withNoiseStdMax(0.1);
		final Patch output = new Augmenter(intensity).apply(input, new Random(9));
		assertArrayEquals(input.labels, output.labels);
		assertArrayEquals(input.weights, output.weights);
		for (int i = 0; i < input.pixels.length; i++) {
			assertNotEquals(input.pixels[i], output.pixels[i]);
		}
		// Pixel 35 (value 35): 35 * [0.5, 0.6] + [1, 2] plus small noise.
		assertTrue(output.pixels[70] > 17.5 + 1 - 0.6 && output.pixels[70] < 21 + 2 + 0.6, "" + output.pixels[70]);
	}

	@Test
	void augmentationDoesNotModifyItsInput() {
		final Patch input = positionCoded(6, 6);
		final Patch copy = positionCoded(6, 6);
		new Augmenter(Augmentation.defaults().withElasticProbability(1)).apply(input, new Random(2));
		assertArrayEquals(copy.pixels, input.pixels);
		assertArrayEquals(copy.labels, input.labels);
		assertArrayEquals(copy.weights, input.weights);
	}

	@Test
	void elasticDeformationKeepsLabelsInteger() {
		final int size = 32;
		final int[] labels = new int[size * size];
		final float[] pixels = new float[size * size];
		for (int i = 0; i < labels.length; i++) {
			labels[i] = (i / size) < 8 ? Patch.IGNORE : (i % size) / 11;
			pixels[i] = labels[i];
		}
		final Augmenter augmenter = new Augmenter(Augmentation.none().withElastic(true)
				.withElasticProbability(1).withElasticSigma(10));
		boolean changed = false;
		for (int seed = 0; seed < 5; seed++) {
			final Patch output = augmenter.apply(new Patch(size, size, 1, pixels, labels), new Random(seed));
			for (final int label : output.labels) {
				assertTrue(label == Patch.IGNORE || (label >= 0 && label <= 2), "unexpected label " + label);
			}
			changed |= !Arrays.equals(labels, output.labels);
		}
		assertTrue(changed, "sigma 10 should visibly move the labels");
	}
}
