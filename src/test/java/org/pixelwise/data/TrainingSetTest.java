package org.pixelwise.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;

import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;
import org.pixelwise.SyntheticImages;

class TrainingSetTest {

	private static String failure(final AnnotatedImage image, final LabelSettings settings) {
		return assertThrows(IllegalArgumentException.class, () -> TrainingSet.prepare(Collections
			.singletonList(image), settings, 1, 99.8)).getMessage();
	}

	@Test
	void labelsOfAnotherSizeAreRejectedWithBothSizes() {
		final String m = failure(new AnnotatedImage("train", ArrayImgs.floats(512, 512), ArrayImgs
			.unsignedBytes(512, 500)), LabelSettings.of(LabelMode.BINARY));
		assertTrue(m.contains("label image 512x500 does not match image 512x512 ('train')"), m);
	}

	@Test
	void emptyLabelsAreRejected() {
		final String m = failure(new AnnotatedImage("blank", ArrayImgs.floats(64, 64), ArrayImgs
			.unsignedBytes(64, 64)), LabelSettings.of(LabelMode.BINARY));
		assertTrue(m.contains("label images are empty"), m);
		final String all = failure(new AnnotatedImage("unannotated", ArrayImgs.floats(64, 64),
			ArrayImgs.unsignedBytes(64, 64)), LabelSettings.of(LabelMode.BINARY).withIgnoreValue(0));
		assertTrue(all.contains("has no annotated pixels"), all);
	}

	@Test
	void nanPixelsAreRejectedWithTheirPosition() {
		final float[] pixels = new float[32 * 32];
		pixels[5 * 32 + 3] = Float.NaN;
		final SyntheticImages s = SyntheticImages.discs(32, 32, 3, 1);
		final String m = failure(new AnnotatedImage("nan", ArrayImgs.floats(pixels, 32, 32), s.mask()),
			LabelSettings.of(LabelMode.BINARY));
		assertTrue(m.contains("contains NaN pixels (first at x=3, y=5)"), m);
	}

	@Test
	void imagesOfWrongDimensionalityAreRejected() {
		final String m = failure(new AnnotatedImage("volume", ArrayImgs.floats(8, 8, 8, 8), ArrayImgs
			.unsignedBytes(8, 8), false), LabelSettings.of(LabelMode.BINARY));
		assertTrue(m.contains("has 4 dimensions"), m);
	}

	@Test
	void ignoreValueMarksPixelsUnannotatedAndClassesAreCounted() {
		final int[] labels = new int[16 * 16];
		Arrays.fill(labels, 255);
		labels[0] = 0;
		labels[1] = 1;
		labels[2] = 2;
		final TrainingSet set = TrainingSet.prepare(Collections.singletonList(new AnnotatedImage(
			"strokes", ArrayImgs.floats(16, 16), ArrayImgs.ints(labels, 16, 16))), LabelSettings.of(
				LabelMode.CLASSES).withIgnoreValue(255), 1, 99.8);
		assertEquals(3, set.classCount);
		assertEquals(3, set.images.get(0).annotatedPixels());
		assertEquals(Patch.IGNORE, set.images.get(0).classes[3]);
	}
}
