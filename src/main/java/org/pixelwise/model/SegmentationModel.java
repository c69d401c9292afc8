package org.pixelwise.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.pixelwise.device.Device;
import org.pixelwise.predict.TileNetwork;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A trained segmentation model loaded for prediction: its description and its SavedModel
 * in a TensorFlow session. Loading checks the folder and says what is wrong with it rather
 * than failing later inside TensorFlow.
 */
public final class SegmentationModel implements TileNetwork, AutoCloseable {

	/** The output of a segmentation model's signature. */
	static final String PROBABILITIES = "probabilities";

	public final Path folder;
	public final ModelDescription description;
	private final SavedModelBundle bundle;
	private final String inputName;
	private final String outputName;

	private SegmentationModel(final Path folder, final ModelDescription description,
		final SavedModelBundle bundle, final String inputName, final String outputName)
	{
		this.folder = folder;
		this.description = description;
		this.bundle = bundle;
		this.inputName = inputName;
		this.outputName = outputName;
	}

	public static SegmentationModel load(final Path path, final Device device) throws IOException {
		final Path folder = ModelFolder.resolve(path);
		final ModelDescription description = ModelFolder.readDescription(folder);
		final Path savedModel = folder.resolve(ModelFolder.SAVED_MODEL);
		if (!Files.isRegularFile(savedModel.resolve("saved_model.pb"))) throw new IOException(
			"the model '" + folder + "' has no weights (" + savedModel +
				"/saved_model.pb is missing); retrain it or restore the folder");
		device.check();
		final SavedModelBundle bundle;
		try {
			bundle = SavedModelBundle.loader(savedModel.toString()).withTags("serve").withConfigProto(
				device.sessionConfig()).load();
		}
		catch (final RuntimeException e) {
			throw new IOException("the weights in '" + savedModel + "' cannot be read (" + e
				.getMessage().split("\n")[0] + "); the folder is damaged: retrain or restore it", e);
		}
		try {
			final Signature signature = bundle.function(InferenceExport.SIGNATURE).signature();
			final String input = signature.getInputs().get(InferenceExport.INPUT).name;
			final String output = signature.getOutputs().get(PROBABILITIES).name;
			return new SegmentationModel(folder, description, bundle, input, output);
		}
		catch (final RuntimeException e) {
			bundle.close();
			throw new IOException("the SavedModel in '" + savedModel + "' lacks the '" +
				InferenceExport.SIGNATURE + "' signature with input '" + InferenceExport.INPUT +
				"' and output '" + PROBABILITIES + "'; it was not written by Pixelwise", e);
		}
	}

	@Override
	public int inputChannels() {
		return description.network.inputChannels;
	}

	@Override
	public int outputChannels() {
		return description.network.outputChannels;
	}

	@Override
	public int sizeMultiple() {
		return description.network.sizeMultiple();
	}

	@Override
	public int receptiveFieldRadius() {
		return description.network.receptiveFieldRadius();
	}

	@Override
	public void run(final float[] input, final int batch, final int height, final int width,
		final float[] output)
	{
		try (TFloat32 in = TFloat32.tensorOf(Shape.of(batch, height, width, inputChannels()),
			DataBuffers.of(input, true, false).narrow((long) batch * height * width * inputChannels()));
			Result result = bundle.session().runner().feed(inputName, in).fetch(outputName).run())
		{
			((TFloat32) result.get(0)).copyTo(DataBuffers.of(output, false, false).narrow((long) batch * height * width * outputChannels()));
		}
	}

	@Override
	public void close() {
		bundle.close();
	}
}
