package org.pixelwise.imagej;

import ij.ImagePlus;
import ij.measure.Calibration;

import org.pixelwise.head.Segmentation;
import org.pixelwise.predict.Segmenter;

/**
 * Segments an ImageJ image (any hyperstack, slice by slice) and returns ImageJ images:
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
		final ImagePlus image = ChannelMatch.of(original, segmenter.inputChannels()).image;
		final HyperstackAxes axes = HyperstackAxes.of(image);
		final Segmentation s = segmenter.segmentStack(ImagePlusImages.wrap(image), axes.hasChannelAxis,
			progress);
		final Calibration calibration = image.getCalibration();
		final String title = stripExtension(image.getTitle());
		final int classes = (int) s.probabilities.dimension(2);
		final ImagePlus probabilities = ImagePlusImages.toImagePlus(s.probabilities, title +
			"_probabilities", axes.withChannels(classes), calibration);
		final ImagePlus labels = ImagePlusImages.toImagePlus(s.labels, title + "_labels", axes
			.withoutChannels(), calibration);
		final ImagePlus instances = s.instances == null ? null : ImagePlusImages.toImagePlus(
			s.instances, title + "_instances", axes.withoutChannels(), calibration);
		return new ImageSegmentation(probabilities, labels, instances);
	}

	static String stripExtension(final String title) {
		final int dot = title.lastIndexOf('.');
		return dot > 0 && ImageFiles.isImage(title) ? title.substring(0, dot) : title;
	}
}
