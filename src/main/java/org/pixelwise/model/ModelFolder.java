package org.pixelwise.model;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.pixelwise.device.Device;
import org.pixelwise.train.Objective;
import org.pixelwise.train.TrainingGraph;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The on-disk layout of a Pixelwise model. A model folder holds {@code pixelwise.yaml} (the
 * {@link ModelDescription}), {@code saved_model/} (inference weights as a TensorFlow
 * SavedModel) and {@code training/} (the full training state, optimiser included, for resuming,
 * and the training curve as CSV). Training writes two such folders under the model path,
 * {@code best/} (best by validation) and {@code latest/}; loading the model path picks best.
 */
public final class ModelFolder {

	public static final String DESCRIPTION = "pixelwise.yaml";
	public static final String SAVED_MODEL = "saved_model";
	public static final String TRAINING = "training";
	public static final String STATE_PREFIX = "state";
	public static final String HISTORY = "history.csv";
	public static final String BEST = "best";
	public static final String LATEST = "latest";

	private ModelFolder() {}

	/**
	 * Writes a complete model folder atomically.
	 *
	 * @param description what {@code pixelwise.yaml} holds, its "history" included
	 * @param state the training graph whose full state to keep for resuming, or null
	 */
	public static void write(final Path folder, final Map<String, Object> description,
		final Objective objective, final Map<String, float[]> weights, final TrainingGraph state,
		final Device device) throws IOException
	{
		AtomicFolder.write(folder, tmp -> {
			InferenceExport.export(objective, weights, tmp.resolve(SAVED_MODEL), device);
			final Path training = Files.createDirectories(tmp.resolve(TRAINING));
			if (state != null) state.saveState(training.resolve(STATE_PREFIX));
			@SuppressWarnings("unchecked")
			final List<Map<String, Object>> history = (List<Map<String, Object>>) description
				.getOrDefault("history", java.util.Collections.emptyList());
			Files.write(training.resolve(HISTORY), historyCsv(history).getBytes(StandardCharsets.UTF_8));
			try (Writer w = Files.newBufferedWriter(tmp.resolve(DESCRIPTION), StandardCharsets.UTF_8)) {
				final DumperOptions options = new DumperOptions();
				options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
				new Yaml(options).dump(description, w);
			}
		});
	}

	/** The raw content of a model folder's description, whatever kind of model it is. */
	public static Map<?, ?> readMap(final Path folder) throws IOException {
		final Path file = folder.resolve(DESCRIPTION);
		if (!Files.isRegularFile(file)) throw new IOException("'" + folder +
			"' is not a Pixelwise model: " + DESCRIPTION + " is missing");
		try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			final Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
			if (!(loaded instanceof Map)) throw new IOException(file + " does not hold a model description");
			return (Map<?, ?>) loaded;
		}
		catch (final YAMLException e) {
			throw new IOException("the model description " + file + " is damaged (" + e.getMessage()
				.split("\n")[0] + "); retrain or restore the model folder", e);
		}
	}

	/**
	 * The model folder a user's path stands for: the path itself when it holds a model, else
	 * its {@code best/} or, failing that, {@code latest/}. Fails with what is wrong otherwise.
	 */
	public static Path resolve(final Path path) throws IOException {
		final Path root = AtomicFolder.recover(path);
		if (!Files.exists(root)) throw new IOException("model '" + path +
			"' does not exist; give the folder a training run wrote");
		if (Files.exists(root.resolve(DESCRIPTION))) return root;
		for (final String child : new String[] { BEST, LATEST }) {
			final Path candidate = AtomicFolder.recover(root.resolve(child));
			if (Files.exists(candidate.resolve(DESCRIPTION))) return candidate;
		}
		throw new IOException("'" + path + "' is not a Pixelwise model: it has no " + DESCRIPTION +
			" (nor best/ or latest/ with one); give the folder a training run wrote");
	}

	/** A segmentation model's description. */
	public static ModelDescription readDescription(final Path folder) throws IOException {
		final Map<?, ?> map = readMap(folder);
		try {
			return ModelDescription.fromMap(map);
		}
		catch (final IllegalArgumentException | ClassCastException e) {
			throw new IOException("the model description " + folder.resolve(DESCRIPTION) +
				" is damaged (" + e.getMessage() + "); retrain or restore the model folder", e);
		}
	}

	public static boolean hasTrainingState(final Path folder) {
		return Files.exists(folder.resolve(TRAINING).resolve(STATE_PREFIX + ".index"));
	}

	static String historyCsv(final List<Map<String, Object>> history) {
		if (history.isEmpty()) return "";
		final StringBuilder csv = new StringBuilder(String.join(",", history.get(0).keySet())).append(
			'\n');
		for (final Map<String, Object> row : history) {
			final StringBuilder line = new StringBuilder();
			for (final Object v : row.values())
				line.append(line.length() == 0 ? "" : ",").append(v);
			csv.append(line).append('\n');
		}
		return csv.toString();
	}
}
