package org.pixelwise.imagej;

import java.io.IOException;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;

import org.pixelwise.bioimage.Npy;
import org.pixelwise.bioimage.TensorSpec;
import org.pixelwise.bioimage.TestTensors;

/**
 * Reads test tensors stored as images (CSBDeep and N2V packages use TIFF) into arrays shaped
 * in the tensor's axis order: the image's rows and columns on y and x, its slices or channels
 * on the channel axis, size 1 elsewhere.
 */
public final class TiffTensors implements TestTensors.Reader {

	@Override
	public Npy.Array read(final Path file, final TensorSpec tensor) throws IOException {
		final ImagePlus image = IJ.openImage(file.toString());
		if (image == null) throw new IOException("the test image '" + file.getFileName() +
			"' cannot be read as an image");
		final int w = image.getWidth(), h = image.getHeight(), c = image.getStackSize();
		final String axes = tensor.axisLetters();
		final long[] shape = new long[axes.length()];
		for (int i = 0; i < shape.length; i++)
			shape[i] = axes.charAt(i) == 'y' ? h : axes.charAt(i) == 'x' ? w : axes.charAt(i) == 'c' ? c
				: 1;
		if (axes.indexOf('c') < 0 && c > 1) throw new IOException("the test image '" + file
			.getFileName() + "' has " + c + " slices but the tensor has no channel axis");
		final long[] strides = new long[shape.length];
		long stride = 1;
		for (int i = shape.length - 1; i >= 0; i--) {
			strides[i] = stride;
			stride *= shape[i];
		}
		final int yi = axes.indexOf('y'), xi = axes.indexOf('x'), ci = axes.indexOf('c');
		final float[] values = new float[(int) stride];
		for (int ch = 0; ch < c; ch++) {
			final ImageProcessor ip = image.getStack().getProcessor(ch + 1);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					values[(int) (y * strides[yi] + x * strides[xi] + (ci < 0 ? 0 : ch * strides[ci]))] = ip
						.getf(x, y);
		}
		return Npy.Array.ofFloats(shape, values);
	}
}
