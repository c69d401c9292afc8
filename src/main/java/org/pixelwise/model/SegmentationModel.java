package org.pixelwise.model;

import java.io.IOException;
import java.nio.file.Path;

import org.pixelwise.device.Device;
import org.pixelwise.predict.TileNetwork;

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
	private final SavedModelSession session;

	private SegmentationModel(final Path folder, final ModelDescription description,
		final SavedModelSession session)
	{
		this.folder = folder;
		this.description = description;
		this.session = session;
	}

	public static SegmentationModel load(final Path path, final Device device) throws IOException {
		final Path folder = ModelFolder.resolve(path);
		final ModelDescription description = ModelFolder.readDescription(folder);
		return new SegmentationModel(folder, description, SavedModelSession.load(folder, PROBABILITIES,
			device));
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
		session.run(input, new long[] { batch, height, width, inputChannels() }, output, (long) batch *
			height * width * outputChannels());
	}

	@Override
	public void close() {
		session.close();
	}
}
