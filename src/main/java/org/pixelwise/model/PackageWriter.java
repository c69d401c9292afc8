package org.pixelwise.model;

import org.pixelwise.files.AtomicFolder;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pixelwise.bioimage.Checksums;
import org.pixelwise.bioimage.Npy;
import org.pixelwise.bioimage.Processing;
import org.pixelwise.bioimage.ProcessingStep;
import org.pixelwise.bioimage.SafeZip;
import org.pixelwise.data.FloatImage;
import org.pixelwise.device.Device;
import org.tensorflow.TensorFlow;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Turns a Pixelwise model folder into a bioimage.io model package (format 0.5): the SavedModel
 * zipped as {@code tensorflow_saved_model_bundle} weights, test tensors made by running the
 * network once on a crop of a real image, a cover showing that crop and its prediction, the
 * model card as documentation, and Pixelwise's own description and training state as
 * attachments so that training can resume from the package.
 */
final class PackageWriter {

	static final String FORMAT_VERSION = "0.5.4";
	static final String RDF = "rdf.yaml";
	static final String WEIGHTS = "tf_saved_model.zip";
	static final String TEST_INPUT = "test_input.npy", TEST_OUTPUT = "test_output.npy";
	static final String COVER = "cover.png", DOCUMENTATION = "documentation.md";
	/** Files the package itself consists of; everything else in the folder is an attachment. */
	static final List<String> OWN_FILES = List.of(RDF, WEIGHTS, TEST_INPUT, TEST_OUTPUT, COVER,
		DOCUMENTATION);
	/** A hand-written model card that, when present, leads the documentation. */
	static final String README = "README.md";

	private PackageWriter() {}

	/**
	 * Completes {@code folder}, which holds {@code pixelwise.yaml}, {@code saved_model/} and the
	 * training files, into a package; {@code saved_model/} is replaced by its zip.
	 *
	 * @param sample raw pixels of an image like those the model was trained on
	 */
	static void complete(final Path folder, final Map<String, Object> description,
		final FloatImage sample, final Device device) throws IOException
	{
		final PackageFacts facts = PackageFacts.of(description);
		final int size = facts.minimumSize();
		final int planes = facts.testDepth();
		final FloatImage input = facts.dimensions == 3 ? TestImages.fitVolume(sample, size, planes,
			facts.inputChannels) : TestImages.fit(sample, size, facts.inputChannels);
		final float[] output = TestImages.predict(folder, facts, input, device);
		final int s = facts.scale;
		Npy.write(folder.resolve(TEST_INPUT), Npy.Array.ofFloats(shape(facts, planes, size,
			facts.inputChannels), input.pixels));
		Npy.write(folder.resolve(TEST_OUTPUT), Npy.Array.ofFloats(shape(facts, planes, size * s,
			facts.outputChannels), output));
		if (facts.dimensions == 3) {
			// The cover shows the middle plane.
			final int n = size * size;
			final int z = planes / 2;
			Cover.write(folder.resolve(COVER), input.plane(z), java.util.Arrays.copyOfRange(output, z *
				n * facts.outputChannels, (z + 1) * n * facts.outputChannels), facts);
		}
		else Cover.write(folder.resolve(COVER), input, output, facts);
		final String card = RestorationModel.FORMAT.equals(description.get("format")) ? ModelCard
			.ofRestoration(description) : ModelCard.of(ModelDescription.fromMap(description));
		final Path readme = folder.resolve(README);
		final String documentation = Files.isRegularFile(readme) ? Files.readString(readme) +
			"\n\n## Pixelwise model card\n\n" + card.replaceAll("(?m)^#", "##") : card;
		Files.write(folder.resolve(DOCUMENTATION), (documentation + usage(facts, ModelFolder
			.hasTrainingState(folder))).getBytes(
			StandardCharsets.UTF_8));
		final Path savedModel = folder.resolve(ModelFolder.SAVED_MODEL);
		SafeZip.write(savedModel, folder.resolve(WEIGHTS));
		AtomicFolder.delete(savedModel);
		writeRdf(folder, rdf(folder, description, facts, Map.of()));
	}

	/** A test tensor's shape: batch, (z,) y, x, channels. */
	private static long[] shape(final PackageFacts facts, final int planes, final int size,
		final int channels)
	{
		return facts.dimensions == 3 ? new long[] { 1, planes, size, size, channels } : new long[] { 1,
			size, size, channels };
	}

	/** The rdf.yaml content; {@code metadata} overrides authors, cite, license, name, etc. */
	static Map<String, Object> rdf(final Path folder, final Map<?, ?> description,
		final PackageFacts facts, final Map<String, Object> metadata) throws IOException
	{
		final Map<String, Object> rdf = new LinkedHashMap<>();
		rdf.put("format_version", FORMAT_VERSION);
		rdf.put("type", "model");
		rdf.put("name", cleanName(String.valueOf(description.get("name"))));
		rdf.put("description", "Pixelwise " + facts.kind + " model (" + summary(description) +
			"); see documentation.md for its training data and scores");
		final Map<String, Object> author = new LinkedHashMap<>();
		author.put("name", System.getProperty("user.name", "Pixelwise user"));
		rdf.put("authors", List.of(author));
		rdf.put("cite", facts.cite);
		rdf.put("license", "CC-BY-4.0");
		rdf.put("documentation", DOCUMENTATION);
		rdf.put("covers", List.of(COVER));
		rdf.put("tags", facts.tags);
		rdf.put("timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
		rdf.put("inputs", List.of(tensor(facts.inputId, facts, true, folder)));
		rdf.put("outputs", List.of(tensor(facts.outputId, facts, false, folder)));
		final Map<String, Object> weights = new LinkedHashMap<>();
		weights.put("source", WEIGHTS);
		weights.put("sha256", Checksums.sha256(folder.resolve(WEIGHTS)));
		weights.put("tensorflow_version", TensorFlow.version());
		rdf.put("weights", Map.of("tensorflow_saved_model_bundle", weights));
		final List<Map<String, Object>> attachments = new ArrayList<>();
		for (final String file : ModelFolder.attachments(folder)) {
			final Map<String, Object> a = new LinkedHashMap<>();
			a.put("source", file);
			a.put("sha256", Checksums.sha256(folder.resolve(file)));
			attachments.add(a);
		}
		rdf.put("attachments", attachments);
		final Map<String, Object> pixelwise = new LinkedHashMap<>();
		pixelwise.put("format", description.get("format"));
		pixelwise.put("description", ModelFolder.DESCRIPTION);
		pixelwise.put("training_state", ModelFolder.hasTrainingState(folder) ? ModelFolder.STATE_PREFIX
			: null);
		pixelwise.put("history", ModelFolder.HISTORY);
		final Map<String, Object> tolerance = new LinkedHashMap<>();
		tolerance.put("absolute_tolerance", 1e-4);
		tolerance.put("relative_tolerance", 1e-4);
		rdf.put("config", Map.of("pixelwise", pixelwise, "bioimageio", Map.of(
			"reproducibility_tolerance", List.of(tolerance))));
		rdf.putAll(metadata);
		return rdf;
	}

	static void writeRdf(final Path folder, final Map<String, Object> rdf) throws IOException {
		final DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		options.setWidth(100);
		try (Writer w = Files.newBufferedWriter(folder.resolve(RDF), StandardCharsets.UTF_8)) {
			new Yaml(options).dump(rdf, w);
		}
	}

	private static Map<String, Object> tensor(final String id, final PackageFacts f,
		final boolean input, final Path folder) throws IOException
	{
		final Map<String, Object> t = new LinkedHashMap<>();
		t.put("id", id);
		final List<Object> axes = new ArrayList<>();
		axes.add(Map.of("type", "batch"));
		for (final String axis : f.dimensions == 3 ? new String[] { "z", "y", "x" } : new String[] {
			"y", "x" })
		{
			final Map<String, Object> a = new LinkedHashMap<>();
			a.put("id", axis);
			a.put("type", "space");
			if (axis.equals("z")) {
				if (input) a.put("size", Map.of("min", f.zMultiple, "step", f.zMultiple));
				else {
					a.put("size", Map.of("tensor_id", f.inputId, "axis_id", axis));
					a.put("halo", f.zRadius);
				}
			}
			else if (input) a.put("size", Map.of("min", f.minimumSize(), "step", f.sizeMultiple));
			else {
				a.put("size", Map.of("tensor_id", f.inputId, "axis_id", axis));
				// Output pixels are 1/scale the size of input pixels, so there are scale times more.
				a.put("scale", 1.0 / f.scale);
				a.put("halo", f.radius * f.scale);
			}
			axes.add(a);
		}
		final Map<String, Object> channel = new LinkedHashMap<>();
		channel.put("type", "channel");
		channel.put("channel_names", input ? PackageFacts.channelNames(f.inputChannels)
			: f.outputChannelNames);
		axes.add(channel);
		t.put("axes", axes);
		final String test = input ? TEST_INPUT : TEST_OUTPUT;
		t.put("test_tensor", Map.of("source", test, "sha256", Checksums.sha256(folder.resolve(test))));
		t.put("data", Map.of("type", "float32"));
		final List<Map<String, Object>> steps = new ArrayList<>();
		for (final ProcessingStep step : input ? f.preprocessing : f.postprocessing)
			steps.add(step.toMap());
		if (!steps.isEmpty()) t.put(input ? "preprocessing" : "postprocessing", steps);
		return t;
	}

	private static String summary(final Map<?, ?> d) {
		final Object network = d.get("network");
		return network instanceof Map ? String.valueOf(((Map<?, ?>) network).get(
			"architecture") != null ? org.pixelwise.net.RestorationConfig.fromMap((Map<?, ?>) network)
				: org.pixelwise.net.UNetConfig.fromMap((Map<?, ?>) network)) : "network";
	}

	/** bioimage.io names allow letters, digits, spaces and _-.() only, up to 128 characters. */
	static String cleanName(final String name) {
		final String clean = name.replaceAll("[^A-Za-z0-9 _\\-.()]", "-").trim();
		return clean.isEmpty() ? "Pixelwise model" : clean.substring(0, Math.min(128, clean
			.length()));
	}

	private static String usage(final PackageFacts f, final boolean withState) {
		return "\n## Using this model\n\nIn Fiji: Plugins > Pixelwise > " + (f.kind.equals(
			"segmentation") ? "Pixelwise Segment Image" : "Pixelwise Restore Image") + ", choosing this folder or zip. " +
			"Other bioimage.io tools run its TensorFlow SavedModel weights: input '" + f.inputId +
			"' (batch, y, x, channel; float32; sides " + f.minimumSize() + " + k * " + f.sizeMultiple +
			"), output '" + f.outputId + "'" + (f.scale > 1 ? " (" + f.scale + "x larger)" : "") +
			", halo " + f.radius * f.scale + " pixels." + (withState ? " Training can resume from " +
				"this package in Pixelwise: its attachments hold the training state." : "") + "\n";
	}
}
