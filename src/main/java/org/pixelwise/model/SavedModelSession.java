package org.pixelwise.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.pixelwise.bioimage.ModelPackage;
import org.pixelwise.device.Device;
import org.tensorflow.Result;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pixelwise.net.Parameters;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A model folder's SavedModel, loaded into a TensorFlow session and run on NHWC float
 * batches through its "serving_default" signature. Loading checks the folder and says what is
 * wrong with it, rather than failing later inside TensorFlow.
 */
final class SavedModelSession implements AutoCloseable {

	private final SavedModelBundle bundle;
	private final String inputName;
	private final String outputName;

	private SavedModelSession(final SavedModelBundle bundle, final String inputName,
		final String outputName)
	{
		this.bundle = bundle;
		this.inputName = inputName;
		this.outputName = outputName;
	}

	/**
	 * Loads the SavedModel of a Pixelwise model folder: unpacked from the package's weights zip
	 * (after checking its SHA-256 and graph), or {@code saved_model/} of folders written before
	 * packages.
	 */
	static SavedModelSession load(final Path folder, final String output, final Device device)
		throws IOException
	{
		final Path unpacked = folder.resolve(ModelFolder.SAVED_MODEL);
		if (Files.isRegularFile(unpacked.resolve("saved_model.pb"))) return load(unpacked, folder,
			output, device);
		if (!ModelPackage.isPackage(folder)) throw new IOException("the model '" + folder +
			"' has no weights (neither a package description nor " + unpacked +
			"/saved_model.pb); retrain it or restore the folder");
		try (ModelPackage pkg = ModelPackage.open(folder)) {
			return load(pkg.unpackSavedModel(false), folder, output, device);
		}
	}

	private static SavedModelSession load(final Path savedModel, final Path folder,
		final String output, final Device device) throws IOException
	{
		device.check();
		final SavedModelBundle bundle;
		try {
			bundle = SavedModelBundle.loader(savedModel.toString()).withTags("serve").withConfigProto(
				device.sessionConfig()).load();
		}
		catch (final RuntimeException e) {
			throw new IOException("the weights in '" + folder + "' cannot be read (" + e
				.getMessage().split("\n")[0] + "); the folder is damaged: retrain or restore it", e);
		}
		try {
			final Signature signature = bundle.function(InferenceExport.SIGNATURE).signature();
			return new SavedModelSession(bundle, signature.getInputs().get(InferenceExport.INPUT).name,
				signature.getOutputs().get(output).name);
		}
		catch (final RuntimeException e) {
			bundle.close();
			throw new IOException("the SavedModel in '" + savedModel + "' lacks the '" +
				InferenceExport.SIGNATURE + "' signature with input '" + InferenceExport.INPUT +
				"' and output '" + output + "'; it was not written by Pixelwise", e);
		}
	}

	/**
	 * The values of the named network variables (names as {@link
	 * org.pixelwise.net.Parameters} gives them), for starting a new training from this model.
	 */
	Map<String, float[]> variables(final Collection<String> names) {
		final List<String> list = new ArrayList<>(names);
		final Session.Runner runner = bundle.session().runner();
		for (final String name : list) {
			if (bundle.graph().operation(Parameters.opName(name)) == null) throw new IllegalArgumentException(
				"the model has no weights '" + name + "', so its network differs from the one to train;" +
					" give the same depth and base filters, or start from scratch");
			runner.fetch(Parameters.opName(name));
		}
		final Map<String, float[]> values = new LinkedHashMap<>();
		try (Result result = runner.run()) {
			for (int i = 0; i < list.size(); i++) {
				final TFloat32 t = (TFloat32) result.get(i);
				final float[] array = new float[(int) t.size()];
				t.copyTo(DataBuffers.of(array, false, false));
				values.put(list.get(i), array);
			}
		}
		return values;
	}

	/** Runs a batch: {@code input} is [batch, h, w, c]; {@code output} receives the first values. */
	void run(final float[] input, final long[] inputShape, final float[] output,
		final long outputSize)
	{
		long inputSize = 1;
		for (final long d : inputShape)
			inputSize *= d;
		try (TFloat32 in = TFloat32.tensorOf(Shape.of(inputShape), DataBuffers.of(input, true, false)
			.narrow(inputSize)); Result result = bundle.session().runner().feed(inputName, in).fetch(
				outputName).run())
		{
			((TFloat32) result.get(0)).copyTo(DataBuffers.of(output, false, false).narrow(outputSize));
		}
	}

	@Override
	public void close() {
		bundle.close();
	}
}
