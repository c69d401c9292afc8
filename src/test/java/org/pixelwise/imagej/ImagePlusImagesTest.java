package org.pixelwise.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;

class ImagePlusImagesTest {

	private static final int WIDTH = 5;
	private static final int HEIGHT = 4;

	/** A plane whose pixel (x, y) holds {@code base + x + 10 y}, so every position is distinct. */
	private static ImageProcessor plane(final int bitDepth, final int base) {
		final ImageProcessor ip = bitDepth == 8 ? new ByteProcessor(WIDTH, HEIGHT) : bitDepth == 16
			? new ShortProcessor(WIDTH, HEIGHT) : new FloatProcessor(WIDTH, HEIGHT);
		for (int y = 0; y < HEIGHT; y++)
			for (int x = 0; x < WIDTH; x++)
				ip.setf(x, y, base + x + 10 * y + (bitDepth == 32 ? 0.25f : 0));
		return ip;
	}

	/** A hyperstack whose plane (c, z, t) is {@link #plane} with base {@link #base}(c, z, t). */
	private static ImagePlus hyperstack(final int bitDepth, final int channels, final int slices,
		final int frames)
	{
		final ImageStack stack = new ImageStack(WIDTH, HEIGHT);
		for (int t = 0; t < frames; t++)
			for (int z = 0; z < slices; z++)
				for (int c = 0; c < channels; c++)
					stack.addSlice(plane(bitDepth, base(c, z, t)));
		final ImagePlus imp = new ImagePlus("stack", stack);
		imp.setDimensions(channels, slices, frames);
		return imp;
	}

	/** Distinct per plane for up to 2 channels, 3 slices and 4 frames, and small enough for 8-bit. */
	private static int base(final int c, final int z, final int t) {
		return 100 * c + 50 * z + t;
	}

	private static double at(final RandomAccessibleInterval<? extends RealType<?>> image,
		final long... position)
	{
		final RandomAccess<? extends RealType<?>> access = image.randomAccess();
		access.setPosition(position);
		return access.get().getRealDouble();
	}

	@Test
	void eightBitSixteenBitAndFloatImagesWrapWithTheirValues() {
		final ImagePlus bytes = new ImagePlus("8", plane(8, 200));
		final ImagePlus shorts = new ImagePlus("16", plane(16, 60000));
		final ImagePlus floats = new ImagePlus("32", plane(32, -7));

		final RandomAccessibleInterval<? extends RealType<?>> b = ImagePlusImages.wrap(bytes);
		final RandomAccessibleInterval<? extends RealType<?>> s = ImagePlusImages.wrap(shorts);
		final RandomAccessibleInterval<? extends RealType<?>> f = ImagePlusImages.wrap(floats);

		assertInstanceOf(UnsignedByteType.class, b.getType());
		assertInstanceOf(UnsignedShortType.class, s.getType());
		assertInstanceOf(FloatType.class, f.getType());
		for (final RandomAccessibleInterval<?> image : new RandomAccessibleInterval<?>[] {b, s, f})
			assertArrayEquals(new long[] {WIDTH, HEIGHT}, image.dimensionsAsLongArray());
		// Unsigned values above the signed range must not come out negative.
		assertEquals(200 + 4 + 30, at(b, 4, 3));
		assertEquals(60000 + 3 + 20, at(s, 3, 2));
		assertEquals(-7 + 1 + 10 + 0.25, at(f, 1, 1));
	}

	@Test
	void wrappingDoesNotCopyPixels() {
		final ImagePlus single = new ImagePlus("single", plane(16, 0));
		final RandomAccessibleInterval<? extends RealType<?>> singleView = ImagePlusImages.wrap(single);
		single.getProcessor().set(2, 1, 1234);
		assertEquals(1234, at(singleView, 2, 1));

		final ImagePlus stack = hyperstack(32, 2, 3, 1);
		final RandomAccessibleInterval<? extends RealType<?>> stackView = ImagePlusImages.wrap(stack);
		stack.getStack().getProcessor(stack.getStackIndex(2, 3, 1)).setf(4, 3, -5.5f);
		assertEquals(-5.5, at(stackView, 4, 3, 1, 2));
	}

	@Test
	void rgbBecomesThreeChannels() {
		final ColorProcessor rgb = new ColorProcessor(WIDTH, HEIGHT);
		rgb.set(1, 2, (250 << 16) | (128 << 8) | 7);
		final ImagePlus imp = new ImagePlus("rgb", rgb);

		final RandomAccessibleInterval<? extends RealType<?>> view = ImagePlusImages.wrap(imp);
		final HyperstackAxes axes = HyperstackAxes.of(imp);

		assertTrue(axes.hasChannelAxis);
		assertEquals(2, axes.channelAxis());
		assertInstanceOf(UnsignedByteType.class, view.getType());
		assertArrayEquals(new long[] {WIDTH, HEIGHT, 3}, view.dimensionsAsLongArray());
		assertEquals(250, at(view, 1, 2, 0));
		assertEquals(128, at(view, 1, 2, 1));
		assertEquals(7, at(view, 1, 2, 2));
		assertEquals(0, at(view, 0, 0, 0));
	}

	@Test
	void hyperstackAxesComeOutAsXYCZT() {
		final ImagePlus imp = hyperstack(8, 2, 3, 4);

		final RandomAccessibleInterval<? extends RealType<?>> view = ImagePlusImages.wrap(imp);
		final HyperstackAxes axes = HyperstackAxes.of(imp);

		assertArrayEquals(new long[] {WIDTH, HEIGHT, 2, 3, 4}, view.dimensionsAsLongArray());
		assertEquals(2, axes.channelAxis());
		assertEquals(3, axes.sliceAxis());
		assertEquals(4, axes.frameAxis());
		for (int t = 0; t < 4; t++)
			for (int z = 0; z < 3; z++)
				for (int c = 0; c < 2; c++)
					assertEquals(base(c, z, t) + 3 + 10 * 2, at(view, 3, 2, c, z, t), "c" + c + " z" + z +
						" t" + t);
	}

	@Test
	void singletonAxesAreDropped() {
		final ImagePlus framesOnly = hyperstack(16, 1, 1, 4);
		final RandomAccessibleInterval<? extends RealType<?>> frames = ImagePlusImages.wrap(framesOnly);
		final HyperstackAxes framesAxes = HyperstackAxes.of(framesOnly);
		assertArrayEquals(new long[] {WIDTH, HEIGHT, 4}, frames.dimensionsAsLongArray());
		assertFalse(framesAxes.hasChannelAxis);
		assertEquals(-1, framesAxes.sliceAxis());
		assertEquals(2, framesAxes.frameAxis());
		assertEquals(base(0, 0, 3), at(frames, 0, 0, 3));

		final ImagePlus channelsAndFrames = hyperstack(16, 2, 1, 4);
		final RandomAccessibleInterval<? extends RealType<?>> both = ImagePlusImages.wrap(
			channelsAndFrames);
		assertArrayEquals(new long[] {WIDTH, HEIGHT, 2, 4}, both.dimensionsAsLongArray());
		assertEquals(3, HyperstackAxes.of(channelsAndFrames).frameAxis());
		assertEquals(base(1, 0, 2), at(both, 0, 0, 1, 2));
	}

	@Test
	void roundTripKeepsValuesTypeAndCalibration() {
		final Calibration calibration = new Calibration();
		calibration.pixelWidth = 0.5;
		calibration.pixelHeight = 0.25;
		calibration.pixelDepth = 2;
		calibration.setUnit("micron");
		calibration.frameInterval = 30;
		for (final ImagePlus source : new ImagePlus[] {new ImagePlus("8", plane(8, 3)), new ImagePlus(
			"16", plane(16, 40000)), new ImagePlus("32", plane(32, -2)), hyperstack(16, 2, 3, 4)})
		{
			source.setCalibration(calibration);
			final HyperstackAxes axes = HyperstackAxes.of(source);

			final ImagePlus copy = ImagePlusImages.toImagePlus(ImagePlusImages.wrap(source), "copy", axes,
				source.getCalibration());

			final String what = source.getTitle() + " " + axes;
			assertEquals(source.getBitDepth(), copy.getBitDepth(), what);
			assertEquals(source.getNChannels(), copy.getNChannels(), what);
			assertEquals(source.getNSlices(), copy.getNSlices(), what);
			assertEquals(source.getNFrames(), copy.getNFrames(), what);
			for (int i = 1; i <= source.getStackSize(); i++)
				assertArrayEquals(source.getStack().getProcessor(i).getFloatArray(), copy.getStack()
					.getProcessor(i).getFloatArray(), what + " plane " + i);
			final Calibration copied = copy.getCalibration();
			assertEquals(0.5, copied.pixelWidth, what);
			assertEquals(0.25, copied.pixelHeight, what);
			assertEquals(2, copied.pixelDepth, what);
			assertEquals("micron", copied.getUnit(), what);
			assertEquals(30, copied.frameInterval, what);
		}
		assertTrue(ImagePlusImages.toImagePlus(ImagePlusImages.wrap(hyperstack(8, 2, 3, 4)), "h",
			new HyperstackAxes(true, 2, 3, 4), null).getOpenAsHyperStack());
	}

	@Test
	void labelImagesBecome16BitDisplayedFromZeroToTheirLargestLabel() {
		final Img<IntType> labels = ArrayImgs.ints(new int[] {0, 3, 7, 65535, 2, 1}, 3, 2);

		final ImagePlus imp = ImagePlusImages.toImagePlus(labels, "labels", new HyperstackAxes(false, 1,
			1, 1), null);

		assertEquals(16, imp.getBitDepth());
		assertEquals(65535, imp.getProcessor().get(0, 1));
		assertEquals(0, imp.getDisplayRangeMin());
		assertEquals(65535, imp.getDisplayRangeMax());
	}

	@Test
	void largeLabelValuesBecome32Bit() {
		final Img<IntType> labels = ArrayImgs.ints(new int[] {0, 70000, 1 << 24, 5}, 2, 2);

		final ImagePlus imp = ImagePlusImages.toImagePlus(labels, "labels", new HyperstackAxes(false, 1,
			1, 1), null);

		assertEquals(32, imp.getBitDepth());
		assertEquals(70000, imp.getProcessor().getf(1, 0));
		assertEquals(1 << 24, imp.getProcessor().getf(0, 1));
		assertEquals(0, imp.getDisplayRangeMin());
		assertEquals(1 << 24, imp.getDisplayRangeMax());
	}

	@Test
	void labelsTooLargeForFloatAreRejectedWithAMessage() {
		final Img<IntType> labels = ArrayImgs.ints(new int[] {0, (1 << 24) + 1}, 2, 1);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ImagePlusImages.toImagePlus(labels, "instances", new HyperstackAxes(false, 1, 1, 1),
				null));
		assertTrue(e.getMessage().contains("16777217"), e.getMessage());
	}

	@Test
	void probabilitiesBecome32BitChannelsDisplayedOverTheirRange() {
		final Img<FloatType> probabilities = ArrayImgs.floats(new float[] {0.1f, 0.2f, 0.9f, 0.8f}, 2, 1,
			2);

		final ImagePlus imp = ImagePlusImages.toImagePlus(probabilities, "p", new HyperstackAxes(false,
			1, 1, 1).withChannels(2), null);

		assertEquals(32, imp.getBitDepth());
		assertEquals(2, imp.getNChannels());
		assertEquals(0.9f, imp.getStack().getProcessor(2).getf(0, 0));
		assertEquals(0.1, imp.getDisplayRangeMin(), 1e-6);
		assertEquals(0.9, imp.getDisplayRangeMax(), 1e-6);
	}

	@Test
	void outputsReadStraightFromTheirArraysEqualThoseReadThroughImgLib2() {
		final java.util.Random random = new java.util.Random(4);
		final float[] floats = new float[5 * 4 * 3];
		final byte[] bytes = new byte[5 * 4 * 3];
		final int[] small = new int[5 * 4 * 3], large = new int[5 * 4 * 3];
		for (int i = 0; i < floats.length; i++) {
			floats[i] = i == 7 ? Float.NaN : (float) random.nextGaussian();
			bytes[i] = (byte) random.nextInt(256);
			small[i] = random.nextInt(65536);
			large[i] = random.nextInt(1 << 20);
		}
		final List<Img<? extends RealType<?>>> outputs = List.of(ArrayImgs.floats(floats, 5, 4, 3),
			ArrayImgs.unsignedBytes(bytes, 5, 4, 3), ArrayImgs.ints(small, 5, 4, 3), ArrayImgs.ints(
				large, 5, 4, 3), ArrayImgs.floats(Arrays.copyOf(floats, 20), 5, 4));
		for (final Img<? extends RealType<?>> output : outputs) {
			final HyperstackAxes axes = new HyperstackAxes(false, 1, output.numDimensions() > 2 ? 3 : 1,
				1);
			final ImagePlus direct = ImagePlusImages.toImagePlus(output, "a", axes, null);
			final ImagePlus generic = ImagePlusImages.toImagePlus(net.imglib2.view.Views.interval(output,
				output), "b", axes, null);
			assertEquals(generic.getBitDepth(), direct.getBitDepth());
			assertEquals(generic.getDisplayRangeMin(), direct.getDisplayRangeMin());
			assertEquals(generic.getDisplayRangeMax(), direct.getDisplayRangeMax());
			for (int z = 1; z <= generic.getStackSize(); z++)
				for (int i = 0; i < 20; i++)
					assertEquals(generic.getStack().getProcessor(z).getf(i), direct.getStack().getProcessor(z)
						.getf(i), 0, output.firstElement().getClass().getSimpleName() + " plane " + z);
		}
	}

	@Test
	void imageWhoseSizeDoesNotMatchItsAxesIsRejectedWithAMessage() {
		final Img<FloatType> image = ArrayImgs.floats(4, 4, 3);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ImagePlusImages.toImagePlus(image, "p", new HyperstackAxes(false, 1, 5, 1), null));
		assertTrue(e.getMessage().contains("XYZ5"), e.getMessage());
	}

	@Test
	void imageWithoutPixelsIsRejectedWithAMessage() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ImagePlusImages.wrap(new ImagePlus()));
		assertTrue(e.getMessage().contains("no pixels"), e.getMessage());
	}
}
