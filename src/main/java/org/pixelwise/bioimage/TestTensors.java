package org.pixelwise.bioimage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import org.pixelwise.device.Device;

/**
 * Runs a package's test input through its declared pipeline (preprocessing, one run of the
 * network on the whole tensor, postprocessing) and compares the result with its test output,
 * as the bioimage.io tools do. This is how a user checks that a downloaded model computes here
 * what its authors saw.
 */
public final class TestTensors {

	/** Reads a test tensor file that is not {@code .npy}, e.g. CSBDeep's TIFF images. */
	public interface Reader {
		/** The file as an array shaped in the order of the tensor's axes. */
		Npy.Array read(Path file, TensorSpec tensor) throws IOException;
	}

	/** The outcome: largest absolute difference, and where the tolerance comes from. */
	public static final class Result {

		public final double maxDifference, tolerance;
		public final long values;

		Result(final double maxDifference, final double tolerance, final long values) {
			this.maxDifference = maxDifference;
			this.tolerance = tolerance;
			this.values = values;
		}

		public boolean passed() {
			return maxDifference <= tolerance;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%s: largest difference %.3g over %d values (tolerance %.3g)",
				passed() ? "passed" : "FAILED", maxDifference, values, tolerance);
		}
	}

	private TestTensors() {}

	public static Result run(final ModelPackage pkg, final Device device,
		final boolean allowRiskyOps, final Reader otherFormats, final double tolerance)
		throws IOException
	{
		final TensorSpec inSpec = pkg.rdf.inputs.get(0), outSpec = pkg.rdf.outputs.get(0);
		if (inSpec.testTensor == null || outSpec.testTensor == null) throw new InvalidModelException(
			"the model '" + pkg.rdf.name + "' has no test tensors to check it with");
		// CSBDeep's test images hold the network's own input and output (before preprocessing and
		// after the network), written from ImgLib2 views that reverse the tensor's axes, so y and
		// x are swapped. Measured on the N2V plugin's model: this reading matches to 1e-5.
		final boolean csbdeep = pkg.rdf.formatVersion.endsWith("-csbdeep");
		try (PackagedNetwork net = PackagedNetwork.load(pkg, device.withBfloat16(false),
			allowRiskyOps)) {
			Planar input = Planar.of(read(pkg, inSpec, otherFormats), inSpec);
			Planar expected = Planar.of(read(pkg, outSpec, otherFormats), outSpec);
			if (csbdeep) {
				input = input.transposed();
				expected = expected.transposed();
			}
			if (input.channels != net.inputChannels()) throw new InvalidModelException("the test input " +
				"has " + input.channels + " channels but the model takes " + net.inputChannels());
			if (!csbdeep) Processing.apply(inSpec.processing, input.values, input.pixels(),
				input.channels);
			final int s = net.outputScale();
			final float[] nhwc = new float[input.pixels() * s * s * net.outputChannels()];
			net.run(input.interleaved(), 1, input.depth, input.height, input.width, nhwc);
			final Planar actual = Planar.ofInterleaved(nhwc, input.width * s, input.height * s,
				input.depth, net.outputChannels());
			if (!csbdeep) Processing.apply(outSpec.processing, actual.values, actual.pixels(),
				actual.channels);
			if (actual.values.length != expected.values.length) throw new InvalidModelException(
				"the model's output for the test input has " + actual.width + " x " + actual.height +
					" x " + actual.channels + " values but the test output has " + expected.width + " x " +
					expected.height + " x " + expected.channels);
			double max = 0;
			for (int i = 0; i < actual.values.length; i++)
				max = Math.max(max, Math.abs((double) actual.values[i] - expected.values[i]));
			return new Result(max, tolerance, actual.values.length);
		}
	}

	private static Npy.Array read(final ModelPackage pkg, final TensorSpec tensor,
		final Reader otherFormats) throws IOException
	{
		final Path file = pkg.file(tensor.testTensor);
		if (file.toString().toLowerCase(Locale.ROOT).endsWith(".npy")) return Npy.read(file);
		if (otherFormats == null) throw new UnsupportedModelException("the test tensor '" +
			tensor.testTensor + "' is not a .npy file");
		return otherFormats.read(file, tensor);
	}

	/** An image or volume as planar floats (channel by channel), from a tensor's axis order. */
	static final class Planar {

		final int width, height, depth, channels;
		final float[] values;

		Planar(final int width, final int height, final int channels, final float[] values) {
			this(width, height, 1, channels, values);
		}

		Planar(final int width, final int height, final int depth, final int channels,
			final float[] values)
		{
			this.width = width;
			this.height = height;
			this.depth = depth;
			this.channels = channels;
			this.values = values;
		}

		int pixels() {
			return width * height * depth;
		}

		static Planar of(final Npy.Array array, final TensorSpec spec) throws InvalidModelException {
			final long[] shape = array.shape();
			final String axes = spec.axisLetters();
			if (shape.length != axes.length()) throw new InvalidModelException("the test tensor '" +
				spec.testTensor + "' has " + shape.length + " axes but the tensor '" + spec.id + "' has " +
				axes.length() + " (" + axes + ")");
			final int yi = axes.indexOf('y'), xi = axes.indexOf('x'), ci = axes.indexOf('c');
			final int zi = axes.indexOf('z');
			for (int i = 0; i < shape.length; i++)
				if (i != yi && i != xi && i != ci && i != zi && shape[i] != 1)
					throw new InvalidModelException("the test tensor '" + spec.testTensor + "' has size " +
						shape[i] + " along axis " + axes.charAt(i) + "; Pixelwise tests models with one " +
						"image or volume");
			final int h = (int) shape[yi], w = (int) shape[xi], c = ci < 0 ? 1 : (int) shape[ci];
			final int d = zi < 0 ? 1 : (int) shape[zi];
			final long[] strides = new long[shape.length];
			long stride = 1;
			for (int i = shape.length - 1; i >= 0; i--) {
				strides[i] = stride;
				stride *= shape[i];
			}
			final float[] flat = array.toFloats();
			final float[] planar = new float[w * h * d * c];
			for (int ch = 0; ch < c; ch++)
				for (int z = 0; z < d; z++)
					for (int y = 0; y < h; y++)
						for (int x = 0; x < w; x++)
							planar[((ch * d + z) * h + y) * w + x] = flat[(int) (y * strides[yi] + x * strides[xi] +
								(ci < 0 ? 0 : ch * strides[ci]) + (zi < 0 ? 0 : z * strides[zi]))];
			return new Planar(w, h, d, c, planar);
		}

		static Planar ofInterleaved(final float[] nhwc, final int width, final int height,
			final int depth, final int channels)
		{
			final float[] planar = new float[nhwc.length];
			final int pixels = width * height * depth;
			for (int i = 0; i < pixels; i++)
				for (int c = 0; c < channels; c++)
					planar[c * pixels + i] = nhwc[i * channels + c];
			return new Planar(width, height, depth, channels, planar);
		}

		/** The same image with y and x swapped. */
		Planar transposed() {
			final float[] out = new float[values.length];
			for (int c = 0; c < channels; c++)
				for (int y = 0; y < height; y++)
					for (int x = 0; x < width; x++)
						out[(c * width + x) * height + y] = values[(c * height + y) * width + x];
			return new Planar(height, width, channels, out);
		}

		float[] interleaved() {
			final float[] out = new float[values.length];
			final int pixels = pixels();
			for (int i = 0; i < pixels; i++)
				for (int c = 0; c < channels; c++)
					out[i * channels + c] = values[c * pixels + i];
			return out;
		}
	}
}
