package org.pixelwise.model;

import org.pixelwise.files.AtomicFolder;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.DirectoryStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.pixelwise.bioimage.ModelPackage;
import org.pixelwise.data.FloatImage;
import org.pixelwise.device.Device;
import org.pixelwise.net.InferenceGraph;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The on-disk layout of a Pixelwise model: a bioimage.io model package (see
 * {@link PackageWriter}) whose attachments are {@code pixelwise.yaml} (the
 * {@link ModelDescription}), the full training state, optimiser included, for resuming, and the
 * training curve as CSV. Training writes two such folders under the model path, {@code best/}
 * (best by validation) and {@code latest/}; loading the model path picks best. Folders written
 * before packages ({@code saved_model/} and {@code training/} beside {@code pixelwise.yaml})
 * still load and resume.
 */
public final class ModelFolder {

	public static final String DESCRIPTION = "pixelwise.yaml";
	/** The SavedModel: unpacked only while a package is written, or in folders from before. */
	public static final String SAVED_MODEL = "saved_model";
	public static final String STATE_PREFIX = "training_state";
	public static final String HISTORY = "training_history.csv";
	/** Where folders written before packages keep the training state and history. */
	static final String LEGACY_TRAINING = "training";
	public static final String BEST = "best";
	public static final String LATEST = "latest";

	private ModelFolder() {}

	/**
	 * Writes a complete model package atomically.
	 *
	 * @param description what {@code pixelwise.yaml} holds, its "history" included
	 * @param sample raw pixels of an image like the training images, for the test tensors and
	 *          cover
	 */
	public static void write(final Path folder, final Map<String, Object> description,
		final InferenceGraph network, final Map<String, float[]> weights, final Device device,
		final FloatImage sample) throws IOException
	{
		write(folder, description, network, weights, device, sample, tmp -> {});
	}

	/**
	 * As above, with more files a task keeps beside the model: the training state for resuming
	 * (under {@link #STATE_PREFIX}), feature networks. They become attachments.
	 */
	public static void write(final Path folder, final Map<String, Object> description,
		final InferenceGraph network, final Map<String, float[]> weights, final Device device,
		final FloatImage sample, final AtomicFolder.Content extras)
		throws IOException
	{
		AtomicFolder.write(folder, tmp -> {
			extras.writeTo(tmp);
			InferenceExport.export(network, weights, tmp.resolve(SAVED_MODEL), device);
			@SuppressWarnings("unchecked")
			final List<Map<String, Object>> history = (List<Map<String, Object>>) description
				.getOrDefault("history", java.util.Collections.emptyList());
			Files.write(tmp.resolve(HISTORY), historyCsv(history).getBytes(StandardCharsets.UTF_8));
			try (Writer w = Files.newBufferedWriter(tmp.resolve(DESCRIPTION), StandardCharsets.UTF_8)) {
				final DumperOptions options = new DumperOptions();
				options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
				new Yaml(options).dump(description, w);
			}
			PackageWriter.complete(tmp, description, sample, device);
		});
	}

	/**
	 * The files a package attaches: Pixelwise's description, training state and history, and
	 * anything else a person put beside them (a hand-written card, the training curve).
	 */
	static List<String> attachments(final Path folder) throws IOException {
		final List<String> files = new ArrayList<>();
		try (DirectoryStream<Path> all = Files.newDirectoryStream(folder)) {
			for (final Path p : all) {
				final String name = p.getFileName().toString();
				if (Files.isRegularFile(p) && !name.startsWith(".") && !PackageWriter.OWN_FILES.contains(
					name)) files.add(name);
			}
		}
		java.util.Collections.sort(files);
		return files;
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
		if (Files.isRegularFile(root) && ModelPackage.isPackage(root)) return root;
		if (holdsModel(root)) return root;
		for (final String child : new String[] { BEST, LATEST }) {
			final Path candidate = AtomicFolder.recover(root.resolve(child));
			if (holdsModel(candidate)) return candidate;
		}
		throw new IOException("'" + path + "' is not a model: it has no " + DESCRIPTION +
			" or rdf.yaml (nor best/ or latest/ with one); give the folder a training run wrote, " +
			"a bioimage.io package (folder or .zip) or a CSBDeep model folder");
	}

	/** A segmentation model's description. */
	public static ModelDescription readDescription(final Path folder) throws IOException {
		final Map<?, ?> map = readMap(folder);
		if (RestorationModel.FORMAT.equals(map.get("format"))) throw new IOException("'" + folder +
			"' is a restoration model, not a segmentation model; run it with Pixelwise Restore " +
			"Image or Restore Folder");
		try {
			return ModelDescription.fromMap(map);
		}
		catch (final IllegalArgumentException | ClassCastException e) {
			throw new IOException("the model description " + folder.resolve(DESCRIPTION) +
				" is damaged (" + e.getMessage() + "); retrain or restore the model folder", e);
		}
	}

	private static boolean holdsModel(final Path folder) {
		return Files.exists(folder.resolve(DESCRIPTION)) || Files.isDirectory(folder) &&
			ModelPackage.isPackage(folder);
	}

	/** True when {@code folder} holds Pixelwise's own description (not only a foreign package). */
	public static boolean isPixelwise(final Path folder) {
		return Files.isRegularFile(folder.resolve(DESCRIPTION));
	}

	public static boolean hasTrainingState(final Path folder) {
		return Files.exists(Path.of(statePrefix(folder) + ".index"));
	}

	/** The prefix of the training state's checkpoint files, in a package or an older folder. */
	public static Path statePrefix(final Path folder) {
		final Path legacy = folder.resolve(LEGACY_TRAINING).resolve("state");
		return Files.exists(Path.of(legacy + ".index")) ? legacy : folder.resolve(STATE_PREFIX);
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
