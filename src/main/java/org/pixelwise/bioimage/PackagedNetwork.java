package org.pixelwise.bioimage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.pixelwise.device.Device;
import org.pixelwise.predict.TileNetwork;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/**
 * A package's TensorFlow SavedModel as a {@link TileNetwork}: tiles arrive as NHWC float
 * batches and are reordered into the model's own axes (byxc, bcyx, ...), padded by mirroring up
 * to the next size the model accepts (min + k * step, or its fixed size) and cropped back after.
 * The output halo becomes the context margin of tiled prediction.
 */
public final class PackagedNetwork implements TileNetwork, AutoCloseable {

	private final SavedModelBundle bundle;
	private final TensorLayout input, output;
	private final String inputName, outputName;

	private PackagedNetwork(final SavedModelBundle bundle, final TensorLayout input,
		final TensorLayout output, final String inputName, final String outputName)
	{
		this.bundle = bundle;
		this.input = input;
		this.output = output;
		this.inputName = inputName;
		this.outputName = outputName;
	}

	/** Loads the package's SavedModel after checking that Pixelwise can run it safely. */
	public static PackagedNetwork load(final ModelPackage model, final Device device,
		final boolean allowRiskyOps) throws IOException
	{
		final ModelRdf rdf = model.rdf;
		if (rdf.inputs.size() != 1 || rdf.outputs.size() != 1) throw new UnsupportedModelException(
			"the model '" + rdf.name + "' has " + rdf.inputs.size() + " inputs and " + rdf.outputs
				.size() + " outputs; Pixelwise runs models with one input and one output");
		final TensorLayout in = TensorLayout.ofInput(rdf.inputs.get(0));
		final TensorLayout out = TensorLayout.ofOutput(rdf.outputs.get(0), in);
		Processing.check(rdf.inputs.get(0));
		Processing.check(rdf.outputs.get(0));
		final Path savedModel = model.unpackSavedModel(allowRiskyOps);
		device.check();
		final SavedModelBundle bundle;
		try {
			bundle = SavedModelBundle.loader(savedModel.toString()).withTags("serve")
				.withConfigProto(device.sessionConfig()).load();
		}
		catch (final RuntimeException e) {
			throw new InvalidModelException("TensorFlow cannot load the weights of '" + rdf.name +
				"' (" + e.getMessage().split("\n")[0] + "); the SavedModel may need a newer " +
				"TensorFlow than Pixelwise's " + org.tensorflow.TensorFlow.version() +
				" or be damaged", e);
		}
		try {
			return new PackagedNetwork(bundle, in, out, tensorName(bundle, in.spec.id, true),
				tensorName(bundle, out.spec.id, false));
		}
		catch (final IOException | RuntimeException e) {
			bundle.close();
			throw e;
		}
	}

	/**
	 * The graph tensor a description's tensor id stands for: a signature key, a tensor name,
	 * or the signature's only input or output.
	 */
	private static String tensorName(final SavedModelBundle bundle, final String id,
		final boolean isInput) throws InvalidModelException
	{
		Map<String, Signature.TensorDescription> only = null;
		for (final Signature s : bundle.signatures()) {
			final Map<String, Signature.TensorDescription> tensors = isInput ? s.getInputs() : s
				.getOutputs();
			if (tensors.containsKey(id)) return tensors.get(id).name;
			for (final Signature.TensorDescription t : tensors.values())
				if (t.name.equals(id) || t.name.equals(id + ":0")) return t.name;
			if (tensors.size() == 1 && (only == null || s.key().equals("serving_default"))) only =
				tensors;
		}
		if (only != null) return only.values().iterator().next().name;
		if (bundle.graph().operation(id.replaceAll(":0$", "")) != null) return id;
		throw new InvalidModelException("the SavedModel has no " + (isInput ? "input" : "output") +
			" '" + id + "' that its description names; the package's description and weights do " +
			"not match");
	}

	@Override
	public int inputChannels() {
		return input.channels;
	}

	@Override
	public int outputChannels() {
		return output.channels;
	}

	@Override
	public int sizeMultiple() {
		return input.sizeMultiple();
	}

	@Override
	public int receptiveFieldRadius() {
		// bioimage.io states the halo on outputs, in output pixels; CSBDeep on the input.
		return Math.max(input.halo(), (output.halo() + output.scale - 1) / output.scale);
	}

	@Override
	public int outputScale() {
		return output.scale;
	}

	@Override
	public int dimensions() {
		return input.isVolume() ? 3 : 2;
	}

	@Override
	public int zSizeMultiple() {
		return input.zSizeMultiple();
	}

	@Override
	public int zReceptiveFieldRadius() {
		return Math.max(input.zHalo(), output.zHalo());
	}

	/** Runs a 3-D model on volume tiles ({@code depth} planes each, NDHWC). */
	@Override
	public void run(final float[] tiles, final int batch, final int depth, final int height,
		final int width, final float[] result)
	{
		if (!input.isVolume()) {
			TileNetwork.super.run(tiles, batch, depth, height, width, result);
			return;
		}
		final int d = (int) input.spec.axis('z').validSize(depth);
		final int h = (int) input.spec.axis('y').validSize(height);
		final int w = (int) input.spec.axis('x').validSize(width);
		for (int first = 0; first < batch; first++) {
			final float[] fed = input.toModel(tiles, first, 1, depth, height, width, d, h, w);
			try (TFloat32 in = TFloat32.tensorOf(Shape.of(input.shape(1, d, h, w)), DataBuffers.of(fed,
				true, false)); Result out = bundle.session().runner().feed(inputName, in).fetch(outputName)
					.run())
			{
				final TFloat32 t = (TFloat32) out.get(0);
				final float[] values = new float[(int) t.shape().size()];
				t.copyTo(DataBuffers.of(values, false, false));
				output.fromModel(values, t.shape().asArray(), result, first, 1, depth, height, width);
			}
		}
	}

	/** The tile size to use given a requested one: a fixed-shape model's own size. */
	public int tileSize(final int requested) {
		return input.tileSize(requested);
	}

	public TensorSpec inputSpec() {
		return input.spec;
	}

	public TensorSpec outputSpec() {
		return output.spec;
	}

	@Override
	public void run(final float[] tiles, final int batch, final int height, final int width,
		final float[] result)
	{
		final int h = (int) input.spec.axis('y').validSize(height);
		final int w = (int) input.spec.axis('x').validSize(width);
		final int perCall = input.batchLimit() == 1 ? 1 : batch;
		final int s = output.scale;
		for (int first = 0; first < batch; first += perCall) {
			final int n = Math.min(perCall, batch - first);
			final long[] shape = input.shape(n, h, w);
			final float[] fed = input.toModel(tiles, first, n, height, width, h, w);
			try (TFloat32 in = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(fed, true, false));
				Result out = bundle.session().runner().feed(inputName, in).fetch(outputName).run())
			{
				final Tensor t = out.get(0);
				final float[] values = new float[(int) t.shape().size()];
				if (t instanceof TFloat64) {
					final double[] d = new double[values.length];
					((TFloat64) t).copyTo(DataBuffers.of(d, false, false));
					for (int i = 0; i < d.length; i++)
						values[i] = (float) d[i];
				}
				else ((TFloat32) t).copyTo(DataBuffers.of(values, false, false));
				output.fromModel(values, t.shape().asArray(), result, first, n, height * s, width * s);
			}
		}
	}

	@Override
	public void close() {
		bundle.close();
	}
}
