package org.pixelwise.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.pixelwise.bioimage.Npy;
import org.pixelwise.bioimage.RdfReader;
import org.pixelwise.bioimage.SafeZip;
import org.pixelwise.files.AtomicFolder;
import org.pixelwise.net.FeatureEncoder;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The frozen feature network a restoration model's feature loss compares images with: an
 * encoder and its trained weights, kept beside the model as {@code feature_network.zip} (one
 * {@code .npy} per weight and a YAML description) so that a resumed run compares with the very
 * same features.
 */
public final class FeatureNetwork {

	public static final String FILE = "feature_network.zip";
	private static final String DESCRIPTION = "feature_network.yaml";

	public final FeatureEncoder encoder;
	public final Map<String, float[]> weights;
	/** How it was made: the pretext task and its scores. */
	public final Map<String, Object> facts;

	public FeatureNetwork(final FeatureEncoder encoder, final Map<String, float[]> weights,
		final Map<String, Object> facts)
	{
		this.encoder = encoder;
		this.weights = weights;
		this.facts = facts;
	}

	/**
	 * Trains an encoder on the user's images with {@link FeaturePretext} (denoising); with 0
	 * steps the encoder keeps its seeded random weights, which shows what the pretext adds.
	 *
	 * @param folder where the pretext run keeps its checkpoints; with {@code resume} an
	 *          interrupted pretext run there continues
	 */
	public static FeatureNetwork pretrain(final java.util.List<org.pixelwise.data.FloatImage> images,
		final int channels, final int steps, final long seed, final org.pixelwise.device.Device device,
		final TrainingListener listener, final java.util.function.BooleanSupplier cancelled,
		final Path folder, final boolean resume) throws IOException
	{
		if (steps == 0) {
			final FeatureEncoder encoder = FeatureEncoder.defaults(channels);
			final Map<String, Object> facts = new LinkedHashMap<>(encoder.toMap());
			facts.put("pretext", "none: random weights (seed " + seed + ")");
			return new FeatureNetwork(encoder, encoder.randomWeights(seed), facts);
		}
		final FeaturePretext pretext = new FeaturePretext(FeatureEncoder.defaults(channels), steps, 8,
			64, seed);
		final FeaturePretext.Result result = pretext.train(images, device, listener, cancelled, folder,
			resume);
		final Map<String, Object> facts = new LinkedHashMap<>(result.toMap());
		facts.put("pretext", "denoising (Gaussian noise 0.05-0.25 of full scale)");
		return new FeatureNetwork(result.encoder, result.weights, facts);
	}

	/** fast.ai's loss with layer weights 20, 70, 10 and the given Gram factor. */
	public FeatureLoss loss(final double gramFactor) {
		return new FeatureLoss(FeatureLoss.frozen(encoder, weights), FeatureLoss.defaultLayerWeights(
			encoder.layerNames()), 1, gramFactor);
	}

	/** Writes {@code folder/feature_network.zip}. */
	public void write(final Path folder) throws IOException {
		final Path work = Files.createTempDirectory("pixelwise-features-");
		try {
			final Map<String, Object> description = new LinkedHashMap<>();
			description.put("encoder", encoder.toMap());
			description.put("facts", facts);
			final Map<String, Object> shapes = new LinkedHashMap<>();
			final Map<String, long[]> expected = encoder.weightShapes();
			int i = 0;
			for (final Map.Entry<String, float[]> w : weights.entrySet()) {
				final String file = "w" + i++ + ".npy";
				final long[] shape = expected.containsKey(w.getKey()) ? expected.get(w.getKey())
					: new long[] { w.getValue().length };
				Npy.write(work.resolve(file), Npy.Array.ofFloats(shape, w.getValue()));
				shapes.put(w.getKey(), file);
			}
			description.put("weights", shapes);
			final DumperOptions options = new DumperOptions();
			options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
			try (Writer out = Files.newBufferedWriter(work.resolve(DESCRIPTION),
				StandardCharsets.UTF_8))
			{
				new Yaml(options).dump(description, out);
			}
			SafeZip.write(work, folder.resolve(FILE));
		}
		finally {
			AtomicFolder.delete(work);
		}
	}

	/** Reads what {@link #write} wrote, or null when {@code folder} has no feature network. */
	public static FeatureNetwork read(final Path folder) throws IOException {
		final Path zip = folder.resolve(FILE);
		if (!Files.isRegularFile(zip)) return null;
		final Path work = Files.createTempDirectory("pixelwise-features-");
		try {
			final Path unpacked = work.resolve("features");
			SafeZip.extract(zip, unpacked);
			final Map<?, ?> description;
			try (InputStream in = Files.newInputStream(unpacked.resolve(DESCRIPTION))) {
				description = RdfReader.yaml(in, DESCRIPTION);
			}
			final FeatureEncoder encoder = FeatureEncoder.fromMap((Map<?, ?>) description.get("encoder"));
			final Map<String, float[]> weights = new LinkedHashMap<>();
			for (final Map.Entry<?, ?> e : ((Map<?, ?>) description.get("weights")).entrySet())
				weights.put(String.valueOf(e.getKey()), Npy.read(unpacked.resolve(String.valueOf(e
					.getValue()))).toFloats());
			final Map<String, Object> facts = new LinkedHashMap<>();
			if (description.get("facts") instanceof Map) for (final Map.Entry<?, ?> e : ((Map<?, ?>) description
				.get("facts")).entrySet())
				facts.put(String.valueOf(e.getKey()), e.getValue());
			return new FeatureNetwork(encoder, weights, facts);
		}
		catch (final RuntimeException e) {
			throw new IOException("the feature network " + zip + " is damaged (" + e.getMessage() +
				"); train anew", e);
		}
		finally {
			AtomicFolder.delete(work);
		}
	}
}
