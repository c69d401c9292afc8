package org.pixelwise.imagej;

import java.io.File;

import ij.ImagePlus;

/**
 * What a folder command does to one image of the folder: which outputs it writes, how they are
 * made, and whether they exist already. The folder commands run it through
 * {@link FolderPipeline}; the Spark jobs run the same object on cluster executors, so both
 * write the same files.
 *
 * @param <O> the result of one image, before it is written
 */
public interface ImageJob<O> {

	/** Whether all of this input's outputs exist; outputs are written atomically, so they are whole. */
	boolean finished(File input);

	/** Predicts one image. */
	O process(File input, ImagePlus image) throws Exception;

	/** Writes one image's outputs, each atomically. */
	void write(File input, O result) throws Exception;

	/** Reads, processes and writes one image. */
	default void run(final File input) throws Exception {
		write(input, process(input, ImageFiles.open(input)));
	}
}
