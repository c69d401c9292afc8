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

	/** A folder as users have it: 8-bit, 16-bit and RGB images of different sizes, 8/16/32-bit labels. */
	@Test
	void mixedFoldersBecomeOneChannelExamples(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir)
		throws Exception
	{
		final java.io.File images = dir.resolve("images").toFile(), labels = dir.resolve("labels").toFile();
		images.mkdirs();
		labels.mkdirs();
		final ij.process.ColorProcessor rgb = new ij.process.ColorProcessor(40, 30);
		rgb.setColor(new java.awt.Color(0, 0, 200));
		rgb.fillOval(5, 5, 12, 12);
		new ij.io.FileSaver(new ImagePlus("a", rgb)).saveAsPng(new java.io.File(images, "a.png").getPath());
		final ij.process.ShortProcessor deep = new ij.process.ShortProcessor(50, 20);
		deep.setValue(40000);
		deep.fillOval(3, 3, 10, 10);
		new ij.io.FileSaver(new ImagePlus("b", deep)).saveAsTiff(new java.io.File(images, "b.tif").getPath());
		final ByteProcessor grey = new ByteProcessor(20, 20);
		grey.setValue(200);
		grey.fillOval(2, 2, 8, 8);
		new ij.io.FileSaver(new ImagePlus("c", grey)).saveAsPng(new java.io.File(images, "c.png").getPath());
		final ByteProcessor l8 = new ByteProcessor(40, 30);
		l8.setValue(3);
		l8.fillOval(5, 5, 12, 12);
		new ij.io.FileSaver(new ImagePlus("a", l8)).saveAsPng(new java.io.File(labels, "a.png").getPath());
		final ij.process.ShortProcessor l16 = new ij.process.ShortProcessor(50, 20);
		l16.setValue(1000);
		l16.fillOval(3, 3, 10, 10);
		new ij.io.FileSaver(new ImagePlus("b", l16)).saveAsTiff(new java.io.File(labels, "b.tif").getPath());
		final FloatProcessor l32 = new FloatProcessor(20, 20);
		l32.setValue(70000);
		l32.fillOval(2, 2, 8, 8);
		new ij.io.FileSaver(new ImagePlus("c", l32)).saveAsTiff(new java.io.File(labels, "c.tif").getPath());
		final List<AnnotatedImage> pairs = Annotations.fromFolders(images, labels);
		assertEquals(3, pairs.size());
		for (final AnnotatedImage a : pairs)
			assertEquals(2, a.image.numDimensions(), a.name + " should be one grey channel");
		final org.pixelwise.data.TrainingSet set = org.pixelwise.data.TrainingSet.prepare(pairs,
			org.pixelwise.data.LabelSettings.of(org.pixelwise.data.LabelMode.INSTANCES), 1, 99.8, true);
		assertEquals(1, set.channels);
		// Each image normalised by itself: every image's object reaches about 1.
		for (final org.pixelwise.data.TrainingImage t : set.images) {
			float max = 0;
			for (final float v : t.pixels)
				max = Math.max(max, v);
			assertTrue(max > 0.9 && max < 1.1, t.name + " max " + max);
		}
	}
}
