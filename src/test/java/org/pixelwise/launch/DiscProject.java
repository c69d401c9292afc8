package org.pixelwise.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

import org.pixelwise.SyntheticImages;

/** A project folder as users make one: images/ and labels/ with three 96² images of discs. */
final class DiscProject {

	private DiscProject() {}

	static void write(final Path project) throws IOException {
		Files.createDirectories(project.resolve("images"));
		Files.createDirectories(project.resolve("labels"));
		for (int i = 0; i < 3; i++) {
			final SyntheticImages s = SyntheticImages.discs(96, 96, 20, i);
			new FileSaver(new ImagePlus("c" + i, new FloatProcessor(96, 96, s.image.update(null)
				.getCurrentStorageArray()))).saveAsTiff(project.resolve("images/c" + i + ".tif").toString());
			final int[] mask = s.mask().update(null).getCurrentStorageArray();
			final short[] values = new short[mask.length];
			for (int p = 0; p < mask.length; p++)
				values[p] = (short) mask[p];
			new FileSaver(new ImagePlus("c" + i, new ShortProcessor(96, 96, values, null))).saveAsTiff(
				project.resolve("labels/c" + i + ".tif").toString());
		}
	}
}
