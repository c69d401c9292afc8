package org.pixelwise.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.OvalRoi;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;

import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.RealType;

import org.junit.jupiter.api.Test;
import org.pixelwise.data.AnnotatedImage;

class AnnotationsTest {

	private static double at(final AnnotatedImage a, final int x, final int y) {
		final RandomAccess<? extends RealType<?>> access = a.labels.randomAccess();
		access.setPosition(new long[] { x, y });
		return access.get().getRealDouble();
	}

	@Test
	void roisBecomeClassesAndTheRestIsUnannotated() {
		final ImagePlus image = new ImagePlus("cells", new FloatProcessor(40, 30));
		final Roi background = new Roi(0, 0, 5, 5);
		background.setName("background");
		final Roi cell = new OvalRoi(10, 10, 8, 8);
		final Roi nucleus = new Roi(25, 20, 4, 4);
		nucleus.setGroup(2);
		final List<AnnotatedImage> pairs = Annotations.fromRois(image, new Roi[] { background, cell,
			nucleus }, false);
		assertEquals(1, pairs.size());
		assertEquals(0, at(pairs.get(0), 2, 2));
		assertEquals(1, at(pairs.get(0), 14, 14));
		assertEquals(2, at(pairs.get(0), 26, 21));
		assertEquals(Annotations.UNANNOTATED, at(pairs.get(0), 35, 2));
	}

	@Test
	void forInstancesEachRoiIsAnObjectOfItsOwn() {
		final ImagePlus image = new ImagePlus("cells", new FloatProcessor(40, 30));
		final Roi left = new Roi(2, 2, 6, 6), right = new Roi(8, 2, 6, 6);
		final List<AnnotatedImage> pairs = Annotations.fromRois(image, new Roi[] { left, right }, true);
		assertEquals(1, at(pairs.get(0), 4, 4));
		assertEquals(2, at(pairs.get(0), 10, 4), "touching ROIs stay separate objects");
	}

	@Test
	void emptyRoiManagerIsRejected() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Annotations.fromRois(new ImagePlus("x", new FloatProcessor(8, 8)), new Roi[0], false));
		assertTrue(e.getMessage().contains("ROI Manager is empty"), e.getMessage());
	}

	@Test
	void stacksBecomeOneExamplePerSlice() {
		final ImageStack pixels = new ImageStack(16, 16), labels = new ImageStack(16, 16);
		for (int z = 0; z < 3; z++) {
			final FloatProcessor p = new FloatProcessor(16, 16);
			p.set(z * 10);
			pixels.addSlice(p);
			final ByteProcessor l = new ByteProcessor(16, 16);
			l.set(z);
			labels.addSlice(l);
		}
		final List<AnnotatedImage> pairs = Annotations.fromImages(new ImagePlus("stack", pixels),
			new ImagePlus("stack labels", labels));
		assertEquals(3, pairs.size());
		assertEquals(2, at(pairs.get(2), 5, 5));
		assertEquals(2, pairs.get(1).image.numDimensions());
		assertTrue(pairs.get(1).name.contains("slice 2"), pairs.get(1).name);
	}

	@Test
	void labelStackOfAnotherDepthIsRejected() {
		final ImageStack pixels = new ImageStack(8, 8);
		pixels.addSlice(new FloatProcessor(8, 8));
		pixels.addSlice(new FloatProcessor(8, 8));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Annotations.fromImages(new ImagePlus("two", pixels), new ImagePlus("one",
				new ByteProcessor(8, 8))));
		assertTrue(e.getMessage().contains("has 1 slices but image 'two' has 2"), e.getMessage());
	}
}
