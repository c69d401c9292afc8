package org.pixelwise.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.pixelwise.bioimage.ModelPackage;
import org.pixelwise.device.Device;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
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
