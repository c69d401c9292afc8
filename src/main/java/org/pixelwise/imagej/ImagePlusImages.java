package org.pixelwise.imagej;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.view.Views;

/**
 * Converts between ImageJ images and the ImgLib2 images the engine works on. Reading shows an
 * ImageJ image as axes X, Y, [C], [Z], [T] (see {@link HyperstackAxes}); gray images share
 * ImageJ's pixel arrays, so a large stack costs no extra memory and edits on either side show on
 * the other, while RGB images are split into three 8-bit channels, which is a copy. Writing turns
 * the engine's results (probabilities, label and instance images) into ImageJ hyperstacks of the
 * smallest type that holds their values exactly, with the source image's spatial calibration.
 */
public final class ImagePlusImages {

	/** Whole numbers above this would be rounded in a 32-bit float image, merging labels. */
	private static final double LARGEST_EXACT_FLOAT_INTEGER = 1 << 24;

	private ImagePlusImages() {}

	/**
	 * The pixels of {@code imp} as UnsignedByteType (8-bit, also with a colour LUT),
	 * UnsignedShortType (16-bit) or FloatType (32-bit), or three UnsignedByteType channels R, G, B
	 * for an RGB image. Values are the raw pixel values: a density calibration is not applied.
	 * A virtual stack is read into memory, and edits to the view do not reach its files.
	 */
	public static RandomAccessibleInterval<? extends RealType<?>> wrap(final ImagePlus imp) {
		if (imp.getProcessor() == null) throw new IllegalArgumentException("image '" + imp.getTitle() +
			"' has no pixels; open or create an image before passing it on");
		final HyperstackAxes axes = HyperstackAxes.of(imp);
		final ImageStack stack = imp.getStack();
		final boolean rgb = imp.getType() == ImagePlus.COLOR_RGB;
		final int expectedPlanes = rgb ? axes.slices * axes.frames : axes.planes();
		if (stack.getSize() != expectedPlanes) throw new IllegalArgumentException("image '" + imp
			.getTitle() + "' has " + stack.getSize() + " planes but its dimensions " + axes + " need " +
			expectedPlanes + "; correct channels, slices and frames in Image > Properties");
		final long[] dims = axes.dimensions(imp.getWidth(), imp.getHeight());
		switch (imp.getType()) {
			case ImagePlus.GRAY8:
			case ImagePlus.COLOR_256:
				return unsignedBytes(planes(stack, pixels -> new ByteArray((byte[]) pixels)), dims);
			case ImagePlus.GRAY16:
				return unsignedShorts(planes(stack, pixels -> new ShortArray((short[]) pixels)), dims);
			case ImagePlus.GRAY32:
				return floats(planes(stack, pixels -> new FloatArray((float[]) pixels)), dims);
			case ImagePlus.COLOR_RGB:
				return unsignedBytes(colourChannels(stack), dims);
			default:
				throw new IllegalArgumentException("image '" + imp.getTitle() + "' has ImageJ type " + imp
					.getType() + ", which Pixelwise cannot read; convert it to 8-bit, 16-bit, 32-bit or RGB");
		}
	}

	/** Stack planes in ImageJ's order (channel fastest, then slice, then frame), not copied. */
	private static <A> List<A> planes(final ImageStack stack, final Function<Object, A> access) {
		final List<A> planes = new ArrayList<>(stack.getSize());
		for (int i = 1; i <= stack.getSize(); i++)
			planes.add(access.apply(stack.getPixels(i)));
		return planes;
	}

	/** Each RGB plane becomes three consecutive planes R, G, B, which puts C before Z and T. */
	private static List<ByteArray> colourChannels(final ImageStack stack) {
		final List<ByteArray> planes = new ArrayList<>(3 * stack.getSize());
		for (int i = 1; i <= stack.getSize(); i++) {
			final int[] rgb = (int[]) stack.getPixels(i);
			final byte[] red = new byte[rgb.length];
			final byte[] green = new byte[rgb.length];
			final byte[] blue = new byte[rgb.length];
			for (int p = 0; p < rgb.length; p++) {
				red[p] = (byte) (rgb[p] >> 16);
				green[p] = (byte) (rgb[p] >> 8);
				blue[p] = (byte) rgb[p];
			}
			planes.add(new ByteArray(red));
			planes.add(new ByteArray(green));
			planes.add(new ByteArray(blue));
		}
		return planes;
	}

	private static PlanarImg<UnsignedByteType, ByteArray> unsignedBytes(final List<ByteArray> planes,
		final long[] dims)
	{
		final PlanarImg<UnsignedByteType, ByteArray> img = new PlanarImg<>(planes, dims, new Fraction());
		img.setLinkedType(new UnsignedByteType(img));
		return img;
	}

	private static PlanarImg<UnsignedShortType, ShortArray> unsignedShorts(
		final List<ShortArray> planes, final long[] dims)
	{
		final PlanarImg<UnsignedShortType, ShortArray> img = new PlanarImg<>(planes, dims,
			new Fraction());
		img.setLinkedType(new UnsignedShortType(img));
		return img;
	}

	private static PlanarImg<FloatType, FloatArray> floats(final List<FloatArray> planes,
		final long[] dims)
	{
		final PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(planes, dims, new Fraction());
		img.setLinkedType(new FloatType(img));
		return img;
	}

	/**
	 * A new ImageJ image with a copy of {@code image}'s values: 8-bit for UnsignedByteType,
	 * 16-bit for other whole-number types whose values lie in 0..65535, 32-bit otherwise. Whole
	 * numbers (labels) are displayed from 0 to their maximum, other values from their minimum to
	 * their maximum.
	 *
	 * @param image axes X, Y, then those {@code axes} describe
	 * @param title the new image's title
	 * @param axes which of C, Z and T {@code image} has, usually those of the source image,
	 *          {@link HyperstackAxes#withChannels} or {@link HyperstackAxes#withoutChannels}
	 * @param calibration the source image's calibration, copied; null for none
	 */
	public static ImagePlus toImagePlus(final RandomAccessibleInterval<? extends RealType<?>> image,
		final String title, final HyperstackAxes axes, final Calibration calibration)
	{
		final long[] expected = axes.dimensions(image.dimension(0), image.dimension(1));
		final long[] actual = image.dimensionsAsLongArray();
		if (!Arrays.equals(expected, actual)) throw new IllegalArgumentException("'" + title +
			"' has size " + Arrays.toString(actual) + " but axes " + axes + " need " + Arrays.toString(
				expected) + "; give the image axes X, Y, then channel, slice and frame axes as listed");
		if (actual[0] * actual[1] > Integer.MAX_VALUE) throw new IllegalArgumentException("'" + title +
			"' has planes of " + actual[0] + "x" + actual[1] +
			" pixels, more than an ImageJ image can hold; crop it or predict on tiles of the image");

		final boolean wholeNumbers = image.getType() instanceof IntegerType;
		final Object array = ArrayPixels.of(image);
		final double[] range = array != null ? ArrayPixels.range(array) : range(image);
		final int bitDepth = bitDepth(image.getType(), wholeNumbers, range, title);

		final ImagePlus imp = new ImagePlus(title, stack(image, array, bitDepth));
		imp.setDimensions(axes.channels, axes.slices, axes.frames);
		// A lone Z axis is a plain ImageJ stack; channels and frames need a hyperstack for their sliders.
		imp.setOpenAsHyperStack(axes.channels > 1 || axes.frames > 1);
		if (calibration != null) {
			final Calibration copy = calibration.copy();
			// The values are probabilities or labels, not the source's calibrated intensities.
			copy.disableDensityCalibration();
			imp.setCalibration(copy);
		}
		if (wholeNumbers) imp.setDisplayRange(0, Math.max(1, range[1]));
		else if (range[0] <= range[1]) imp.setDisplayRange(range[0], range[1]);
		return imp;
	}

	/** Smallest and largest value, ignoring NaN; {min, max} = {+inf, -inf} when there is none. */
	private static double[] range(final RandomAccessibleInterval<? extends RealType<?>> image) {
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		for (final RealType<?> pixel : Views.flatIterable(image)) {
			final double v = pixel.getRealDouble();
			if (v < min) min = v;
			if (v > max) max = v;
		}
		return new double[] {min, max};
	}

	private static int bitDepth(final RealType<?> type, final boolean wholeNumbers,
		final double[] range, final String title)
	{
		if (type instanceof UnsignedByteType) return 8;
		if (!wholeNumbers) return 32;
		if (range[0] >= 0 && range[1] <= 65535) return 16;
		final double largest = Math.max(-range[0], range[1]);
		if (largest > LARGEST_EXACT_FLOAT_INTEGER) throw new IllegalArgumentException("'" + title +
			"' holds the whole number " + (long) (range[1] == largest ? range[1] : range[0]) +
			", which a 32-bit ImageJ image cannot store exactly (its limit is " +
			(long) LARGEST_EXACT_FLOAT_INTEGER + "); number the labels consecutively from 1");
		return 32;
	}

	/**
	 * One processor per plane, filled in ImageJ's plane order, which flat iteration follows;
	 * straight from {@code array} when the image is one (see {@link ArrayPixels#of}).
	 */
	private static ImageStack stack(final RandomAccessibleInterval<? extends RealType<?>> image,
		final Object array, final int bitDepth)
	{
		final int width = (int) image.dimension(0);
		final int height = (int) image.dimension(1);
		final long planes = image.size() / ((long) width * height);
		final ImageStack stack = new ImageStack(width, height);
		if (array != null) {
			final ImageProcessor whole = planes == 1 ? ArrayPixels.whole(array, width, height) : null;
			if (whole != null) stack.addSlice(whole);
			else for (int p = 0; p < planes; p++)
				stack.addSlice(ArrayPixels.plane(array, p, width, height, bitDepth));
			return stack;
		}
		final Cursor<? extends RealType<?>> cursor = Views.flatIterable(image).cursor();
		for (long p = 0; p < planes; p++) {
			final ImageProcessor plane = bitDepth == 8 ? new ByteProcessor(width, height)
				: bitDepth == 16 ? new ShortProcessor(width, height) : new FloatProcessor(width, height);
			for (int i = 0; i < width * height; i++)
				plane.setf(i, cursor.next().getRealFloat());
			stack.addSlice(plane);
		}
		return stack;
	}

	/**
	 * Each time point's z-stack, for a 3-D model: views in the engine's axis order X, Y, Z (then
	 * channels); a clear error when the image has one slice.
	 */
	public static java.util.List<RandomAccessibleInterval<? extends RealType<?>>> zStacks(
		final ImagePlus image, final HyperstackAxes axes)
	{
		if (axes.slices < 2) throw new IllegalArgumentException("the model is 3-D and needs a " +
			"z-stack, but '" + image.getTitle() + "' has one slice; give a z-stack (Image > " +
			"Properties: slices > 1), or use a 2-D model");
		final RandomAccessibleInterval<? extends RealType<?>> all = wrap(image);
		final java.util.List<RandomAccessibleInterval<? extends RealType<?>>> stacks =
			new java.util.ArrayList<>();
		for (int t = 0; t < axes.frames; t++) {
			RandomAccessibleInterval<? extends RealType<?>> stack = axes.frames > 1 ? Views.hyperSlice(
				all, axes.frameAxis(), t) : all;
			// ImageJ's X, Y, C, Z to the engine's X, Y, Z, C.
			if (axes.hasChannelAxis) stack = Views.moveAxis(stack, 2, 3);
			stacks.add(stack);
		}
		return stacks;
	}
}
