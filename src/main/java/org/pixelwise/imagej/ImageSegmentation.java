package org.pixelwise.imagej;

import ij.ImagePlus;
import ij.measure.Calibration;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgFactory;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;


import org.pixelwise.head.Segmentation;
import org.pixelwise.model.Segmenter;

/**
 * Segments an ImageJ image (any hyperstack: slice by slice with a 2-D model, z-stack by z-stack
 * with a 3-D one) and returns ImageJ images:
 * probabilities (one channel per class), class labels and, for binary and instance models,
 * instance labels. Outputs keep the input's calibration and are named after it.
 */
public final class ImageSegmentation {

	public final ImagePlus probabilities;
	public final ImagePlus labels;
	/** Null for multi-class models. */
	public final ImagePlus instances;

	private ImageSegmentation(final ImagePlus probabilities, final ImagePlus labels,
		final ImagePlus instances)
	{
		this.probabilities = probabilities;
		this.labels = labels;
		this.instances = instances;
	}

	public static ImageSegmentation of(final ImagePlus original, final Segmenter segmenter,
		final java.util.function.DoubleConsumer progress)
	{
		return of(original, segmenter, progress, true, true);
	}

	/**
	 * As above, making ImageJ images only of the outputs asked for (labels always): a large
	 * stack's probabilities are then not copied into ImageJ, and with a 3-D model whose head
	 * decides voxel by voxel not even computed whole ({@link Segmenter#setKeepProbabilities}).
	 */
	public static ImageSegmentation of(final ImagePlus original, final Segmenter segmenter,
		final java.util.function.DoubleConsumer progress, final boolean withProbabilities,
		final boolean withInstances)
	{
		final ImagePlus image = ChannelMatch.of(original, segmenter.inputChannels()).image;
		final HyperstackAxes axes = HyperstackAxes.of(image);
		segmenter.setKeepProbabilities(withProbabilities);
		segmenter.setKeepInstances(withInstances);
		final Segmentation s = segmenter.dimensions() == 3 ? volumes(segmenter, image, axes, progress)
			: segmenter.segmentStack(ImagePlusImages.wrap(image), axes.hasChannelAxis, progress);
		final Calibration calibration = image.getCalibration();
		final String title = stripExtension(image.getTitle());
		final ImagePlus probabilities = !withProbabilities || s.probabilities == null ? null
			: ImagePlusImages.toImagePlus(s.probabilities, title + "_probabilities", axes.withChannels(
				(int) s.probabilities.dimension(2)), calibration);
		final ImagePlus labels = ImagePlusImages.toImagePlus(s.labels, title + "_labels", axes
			.withoutChannels(), calibration);
		final ImagePlus instances = !withInstances || s.instances == null ? null : ImagePlusImages
			.toImagePlus(s.instances, title + "_instances", axes.withoutChannels(), calibration);
		return new ImageSegmentation(probabilities, labels, instances);
	}

	/** Each time point's z-stack as one volume; outputs stacked back along T. */
	private static Segmentation volumes(final Segmenter segmenter, final ImagePlus image,
		final HyperstackAxes axes, final java.util.function.DoubleConsumer progress)
	{
		final List<RandomAccessibleInterval<? extends RealType<?>>> stacks = ImagePlusImages.zStacks(
			image, axes);
		// One time point (a plain z-stack): its outputs as they are; a copy of a large stack's
		// probabilities would hold them twice.
		if (stacks.size() == 1) return segmenter.segmentVolume(stacks.get(0), axes.hasChannelAxis, 0,
			0, progress);
		final List<RandomAccessibleInterval<FloatType>> probabilities = new ArrayList<>();
		final List<RandomAccessibleInterval<UnsignedByteType>> labels = new ArrayList<>();
		final List<RandomAccessibleInterval<IntType>> instances = new ArrayList<>();
		for (int t = 0; t < stacks.size(); t++) {
			final int frame = t;
			final Segmentation s = segmenter.segmentVolume(stacks.get(t), axes.hasChannelAxis, 0, 0,
				progress == null ? null : p -> progress.accept((frame + p) / stacks.size()));
			if (s.probabilities != null) probabilities.add(s.probabilities);
			labels.add(s.labels);
			if (s.instances != null) instances.add(s.instances);
		}
		return new Segmentation(probabilities.isEmpty() ? null : copy(Views.stack(probabilities)),
			copy(Views.stack(labels)), instances
			.isEmpty() ? null : copy(Views.stack(instances)));
	}

	private static <T extends NativeType<T>> Img<T> copy(final RandomAccessibleInterval<T> view) {
		final Img<T> img = new ArrayImgFactory<>(view.getType().createVariable()).create(view);
		LoopBuilder.setImages(view, img).forEachPixel((a, b) -> b.set(a));
		return img;
	}

	static String stripExtension(final String title) {
		final int dot = title.lastIndexOf('.');
		return dot > 0 && ImageFiles.isImage(title) ? title.substring(0, dot) : title;
	}
}
