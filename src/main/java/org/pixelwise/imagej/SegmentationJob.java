package org.pixelwise.imagej;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;

import org.pixelwise.model.Segmenter;

/**
 * Segment Folder's work on one image: a float probability TIFF and a label TIFF, and an
 * instance TIFF when the model finds instances, named after the input.
 */
public final class SegmentationJob implements ImageJob<ImageSegmentation> {

	private final Segmenter segmenter;
	private final Path output;
	private final boolean instances;

	/** @param instances whether the model finds instances (binary and instance models do) */
	public SegmentationJob(final Segmenter segmenter, final Path output, final boolean instances) {
		this.segmenter = segmenter;
		this.output = output;
		this.instances = instances;
	}

	@Override
	public boolean finished(final File input) {
		return Files.exists(target(input, "probabilities")) && Files.exists(target(input,
			"labels")) && (!instances || Files.exists(target(input, "instances")));
	}

	@Override
	public ImageSegmentation process(final File input, final ImagePlus image) {
		return ImageSegmentation.of(image, segmenter, null);
	}

	@Override
	public void write(final File input, final ImageSegmentation result) throws Exception {
		ImageFiles.saveTiff(result.probabilities, target(input, "probabilities"));
		ImageFiles.saveTiff(result.labels, target(input, "labels"));
		if (result.instances != null) ImageFiles.saveTiff(result.instances, target(input,
			"instances"));
	}

	private Path target(final File input, final String kind) {
		return output.resolve(ImageFiles.baseName(input) + "_" + kind + ".tif");
	}
}
