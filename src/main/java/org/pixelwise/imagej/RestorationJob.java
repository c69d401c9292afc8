package org.pixelwise.imagej;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;

import org.pixelwise.model.Restorer;

/** Restore Folder's work on one image: the restored image as a TIFF named after the input. */
public final class RestorationJob implements ImageJob<ImagePlus> {

	private final Restorer restorer;
	private final int scale;
	private final boolean sameTypeAsInput;
	private final Path output;

	/**
	 * @param scale the model's output scale
	 * @param sameTypeAsInput whether outputs take the input's pixel type (else 32-bit)
	 */
	public RestorationJob(final Restorer restorer, final int scale, final boolean sameTypeAsInput,
		final Path output)
	{
		this.restorer = restorer;
		this.scale = scale;
		this.sameTypeAsInput = sameTypeAsInput;
		this.output = output;
	}

	@Override
	public boolean finished(final File input) {
		return Files.exists(target(input));
	}

	@Override
	public ImagePlus process(final File input, final ImagePlus image) {
		return ImageRestoration.of(image, restorer, scale, sameTypeAsInput, null);
	}

	@Override
	public void write(final File input, final ImagePlus result) throws Exception {
		ImageFiles.saveTiff(result, target(input));
	}

	private Path target(final File input) {
		return output.resolve(ImageFiles.baseName(input) + "_restored.tif");
	}
}
