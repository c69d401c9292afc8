package org.pixelwise.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.pixelwise.device.Device;
import org.pixelwise.net.RestorationConfig;
import org.pixelwise.predict.TileNetwork;

/**
 * A trained restoration / super-resolution model loaded for prediction: its network, the
 * value range its images were scaled by, the degradation it learned to undo, and its
 * SavedModel in a TensorFlow session.
 */
public final class RestorationModel implements TileNetwork, AutoCloseable {

	/** The output of a restoration model's signature. */
	static final String RESTORED = "restored";
	public static final String FORMAT = "pixelwise-restoration/1";

	public final Path folder;
	public final String name;
	public final RestorationConfig network;
	/** Pixel values are divided by this before the network and multiplied after. */
	public final float valueRange;
	public final String degradation;
	private final SavedModelSession session;

	private RestorationModel(final Path folder, final Map<?, ?> description,
		final SavedModelSession session)
	{
		this.folder = folder;
		this.name = String.valueOf(description.get("name"));
		this.network = RestorationConfig.fromMap((Map<?, ?>) description.get("network"));
		this.valueRange = ((Number) description.get("value_range")).floatValue();
		this.degradation = String.valueOf(description.get("degradation"));
		this.session = session;
	}

	public static RestorationModel load(final Path path, final Device device) throws IOException {
		final Path folder = ModelFolder.resolve(path);
		final Map<?, ?> description = ModelFolder.readMap(folder);
		if (!FORMAT.equals(description.get("format"))) throw new IOException("'" + folder +
			"' holds a " + description.get("format") + " model, not a restoration model; give a model " +
			"trained with Pixelwise Train Restoration");
		try {
			RestorationConfig.fromMap((Map<?, ?>) description.get("network"));
			((Number) description.get("value_range")).floatValue();
		}
		catch (final RuntimeException e) {
			throw new IOException("the model description in '" + folder + "' is damaged (" + e
				.getMessage() + "); retrain or restore the model folder", e);
		}
		return new RestorationModel(folder, description, SavedModelSession.load(folder, RESTORED,
			device));
	}

	@Override
	public int inputChannels() {
		return network.channels;
	}

	@Override
	public int outputChannels() {
		return network.channels;
	}

	@Override
	public int sizeMultiple() {
		return network.sizeMultiple();
	}

	@Override
	public int receptiveFieldRadius() {
		return network.receptiveFieldRadius();
	}

	@Override
	public int outputScale() {
		return network.scale;
	}

	@Override
	public void run(final float[] input, final int batch, final int height, final int width,
		final float[] output)
	{
		final int s = network.scale;
		session.run(input, new long[] { batch, height, width, network.channels }, output, (long) batch *
			height * s * width * s * network.channels);
	}

	@Override
	public void close() {
		session.close();
	}
}
