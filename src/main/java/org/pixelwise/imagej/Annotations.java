package org.pixelwise.imagej;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.process.ByteProcessor;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.view.Views;
import net.imglib2.type.numeric.RealType;

import org.pixelwise.data.AnnotatedImage;
import org.pixelwise.data.StackSlices;

/**
 * Where training annotations come from in Fiji: two folders of images and label images
 * matched by file name, an open image with its label image, or an open image with ROI Manager
 * ROIs (the way the Freiburg U-Net plugin and Labkit take scribbles). Stacks and time series
 * become one training example per 2-D slice.
 */
public final class Annotations {

	/** The label value that ROI-made label images use for unannotated pixels. */
	public static final int UNANNOTATED = 255;

	private Annotations() {}

	/** Pairs each image with the label file of the same base name (any image extension). */
	public static List<AnnotatedImage> fromFolders(final File images, final File labels)
		throws IOException
	{
		return fromFolders(images, labels, false);
	}

	/** As above; with {@code volumes}, every z-stack is one 3-D example. */
	public static List<AnnotatedImage> fromFolders(final File images, final File labels,
		final boolean volumes) throws IOException
	{
		final List<File> imageFiles = ImageFiles.list(images, "images");
		if (imageFiles.isEmpty()) throw new IOException("the images folder '" + images +
			"' holds no images (TIFF, PNG, JPEG, BMP, GIF)");
		final Map<String, File> labelFiles = new HashMap<>();
		for (final File f : ImageFiles.list(labels, "labels"))
			labelFiles.put(ImageFiles.baseName(f), f);
		final List<String> unmatched = new ArrayList<>();
		for (final File f : imageFiles)
			if (!labelFiles.containsKey(ImageFiles.baseName(f))) unmatched.add(f.getName());
		if (!unmatched.isEmpty()) throw new IOException("the labels folder '" + labels +
			"' has no label image for " + unmatched + "; give each image a label image with the same name " +
			"(any image extension)");
		final List<ImagePlus> opened = new ArrayList<>();
		boolean anyGrey = false;
		for (final File f : imageFiles) {
			final ImagePlus image = ImageFiles.open(f);
			anyGrey |= image.getType() != ImagePlus.COLOR_RGB && image.getNChannels() == 1;
			opened.add(image);
		}
		final List<AnnotatedImage> pairs = new ArrayList<>();
		for (int i = 0; i < opened.size(); i++) {
			// A folder of grey and RGB images (e.g. pseudo-coloured exports) trains a grey model:
			// RGB images become their luminance, as they will at prediction.
			final ImagePlus image = anyGrey ? ChannelMatch.of(opened.get(i), 1).image : opened.get(i);
			pairs.addAll(fromImages(image, ImageFiles.open(labelFiles.get(ImageFiles.baseName(
				imageFiles.get(i)))), volumes));
		}
		return pairs;
	}

	/** An image and its label image, sliced into 2-D examples when they are stacks. */
	public static List<AnnotatedImage> fromImages(final ImagePlus image, final ImagePlus labels) {
		return fromImages(image, labels, false);
	}

	/**
	 * As above; with {@code volumes}, each time point's z-stack and its label stack are one 3-D
	 * example (axes X, Y, Z, then channels).
	 */
	public static List<AnnotatedImage> fromImages(final ImagePlus image, final ImagePlus labels,
		final boolean volumes)
	{
		final HyperstackAxes imageAxes = HyperstackAxes.of(image);
		final HyperstackAxes labelAxes = HyperstackAxes.of(labels);
		if (labelAxes.hasChannelAxis) throw new IllegalArgumentException("label image '" + labels
			.getTitle() + "' has " + labelAxes.channels +
			" channels; give a single-channel label image (0 = background, 1..K = classes)");
		if (labelAxes.slices * labelAxes.frames != imageAxes.slices * imageAxes.frames)
			throw new IllegalArgumentException("label image '" + labels.getTitle() + "' has " +
				labelAxes.slices * labelAxes.frames + " slices but image '" + image.getTitle() + "' has " +
				imageAxes.slices * imageAxes.frames + "; give one label slice per image slice");
		final RandomAccessibleInterval<? extends RealType<?>> pixels = ImagePlusImages.wrap(image);
		final RandomAccessibleInterval<? extends RealType<?>> classes = ImagePlusImages.wrap(labels);
		if (volumes) return volumes(image, imageAxes, labelAxes, pixels, classes);
		final int count = imageAxes.slices * imageAxes.frames;
		final List<AnnotatedImage> pairs = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			final String name = count == 1 ? image.getTitle() : String.format(Locale.ROOT, "%s (slice %d)",
				image.getTitle(), i + 1);
			pairs.add(new AnnotatedImage(name, StackSlices.slice(pixels, imageAxes.hasChannelAxis ? 3 : 2,
				i), StackSlices.slice(classes, 2, i), imageAxes.hasChannelAxis));
		}
		return pairs;
	}

	private static List<AnnotatedImage> volumes(final ImagePlus image, final HyperstackAxes imageAxes,
		final HyperstackAxes labelAxes, final RandomAccessibleInterval<? extends RealType<?>> pixels,
		final RandomAccessibleInterval<? extends RealType<?>> classes)
	{
		if (imageAxes.slices < 2 || labelAxes.slices != imageAxes.slices) throw new IllegalArgumentException(
			"'" + image.getTitle() + "' has " + imageAxes.slices + " z slice(s) and its labels " +
				labelAxes.slices + "; 3-D training (dimensions=3) needs z-stacks with one label slice " +
				"per z slice (check Image > Properties: slices, not frames)");
		final List<AnnotatedImage> pairs = new ArrayList<>();
		for (int t = 0; t < imageAxes.frames; t++) {
			RandomAccessibleInterval<? extends RealType<?>> stack = imageAxes.frames > 1 ? Views
				.hyperSlice(pixels, imageAxes.frameAxis(), t) : pixels;
			if (imageAxes.hasChannelAxis) stack = Views.moveAxis(stack, 2, 3);
			final RandomAccessibleInterval<? extends RealType<?>> label = labelAxes.frames > 1 ? Views
				.hyperSlice(classes, labelAxes.frameAxis(), t) : classes;
			final String name = imageAxes.frames == 1 ? image.getTitle() : String.format(Locale.ROOT,
				"%s (frame %d)", image.getTitle(), t + 1);
			pairs.add(AnnotatedImage.volume(name, stack, label, imageAxes.hasChannelAxis));
		}
		return pairs;
	}

	/**
	 * Annotations drawn as ROIs: a ROI named "background" (or "bg") marks class 0; otherwise
	 * its ROI Manager group, when set, is its class, and ungrouped ROIs are class 1. For instance
	 * labels every other ROI is an object of its own. Pixels under no ROI are
	 * {@link #UNANNOTATED}, so they do not count in training.
	 */
	public static List<AnnotatedImage> fromRois(final ImagePlus image, final Roi[] rois,
		final boolean instances)
	{
		if (rois == null || rois.length == 0) throw new IllegalArgumentException(
			"the ROI Manager is empty; draw ROIs on the image (name one 'background') and add them with 't'");
		final ByteProcessor labels = new ByteProcessor(image.getWidth(), image.getHeight());
		labels.setValue(UNANNOTATED);
		labels.fill();
		int object = 0;
		for (final Roi roi : rois) {
			final int cls = classOf(roi);
			if (instances && cls > 0 && ++object >= UNANNOTATED) throw new IllegalArgumentException(
				"more than " + (UNANNOTATED - 1) + " object ROIs; split the annotations over several images");
			labels.setValue(instances && cls > 0 ? object : cls);
			if (roi.isLine()) labels.draw(roi);
			else labels.fill(roi);
		}
		return fromImages(image, new ImagePlus(image.getTitle() + " ROI labels", labels));
	}

	static int classOf(final Roi roi) {
		final String name = roi.getName() == null ? "" : roi.getName().trim().toLowerCase(Locale.ROOT);
		if (name.equals("background") || name.equals("bg") || name.startsWith("background ")) return 0;
		if (roi.getGroup() >= UNANNOTATED) throw new IllegalArgumentException("ROI '" + roi.getName() +
			"' is in group " + roi.getGroup() + "; use groups 1 to " + (UNANNOTATED - 1) + " for classes");
		return roi.getGroup() > 0 ? roi.getGroup() : 1;
	}
}
