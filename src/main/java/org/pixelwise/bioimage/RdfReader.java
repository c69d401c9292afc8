package org.pixelwise.bioimage;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a model description: bioimage.io format 0.5 here, 0.4 in {@link Rdf04Reader}, CSBDeep's
 * 0.2.0-csbdeep in {@link CsbdeepReader}. Fields the specification requires are checked and a
 * missing one is named with its path; fields Pixelwise does not use are kept in
 * {@link ModelRdf#raw} only.
 */
public final class RdfReader {

	/** The largest description read: real ones are a few kilobytes. */
	static final int MAX_BYTES = 4 << 20;

	private RdfReader() {}

	/** Parses YAML safely (no custom tags, bounded size and aliases) into a map. */
	public static Map<?, ?> yaml(final InputStream in, final String file) throws IOException {
		final byte[] bytes = in.readNBytes(MAX_BYTES + 1);
		if (bytes.length > MAX_BYTES) throw new InvalidModelException(file + " is larger than " +
			(MAX_BYTES >> 20) + " MB; it is not a model description");
		final LoaderOptions options = new LoaderOptions();
		options.setMaxAliasesForCollections(50);
		options.setAllowDuplicateKeys(false);
		try {
			final Object loaded = new Yaml(new SafeConstructor(options)).load(new String(bytes,
				java.nio.charset.StandardCharsets.UTF_8));
			if (!(loaded instanceof Map)) throw new InvalidModelException(file +
				" does not hold a model description (a YAML mapping of fields)");
			return (Map<?, ?>) loaded;
		}
		catch (final YAMLException e) {
			throw new InvalidModelException(file + " is not valid YAML (" + e.getMessage().split(
				"\n")[0] + "); the model description is damaged", e);
		}
	}

	public static ModelRdf parse(final Map<?, ?> raw, final String file) throws IOException {
		final Object version = raw.get("format_version");
		if (version == null) throw new InvalidModelException(file + " lacks the required field " +
			"'format_version'; it is not a bioimage.io model description");
		final String v = String.valueOf(version);
		if (v.startsWith("0.5.")) return parse05(new YamlFields(raw, "", file), v);
		if (v.startsWith("0.4.")) return Rdf04Reader.parse(new YamlFields(raw, "", file), v);
		if (v.endsWith("-csbdeep")) return CsbdeepReader.parse(new YamlFields(raw, "", file), v);
		throw new UnsupportedModelException(file + " has format_version " + v +
			"; Pixelwise reads bioimage.io formats 0.4 and 0.5 and CSBDeep's 0.2.0-csbdeep");
	}

	/** Checks the fields every bioimage.io model must have, whatever Pixelwise uses of them. */
	static void requireCommon(final YamlFields rdf) throws InvalidModelException {
		final Object type = rdf.required("type");
		if (!"model".equals(type)) throw new InvalidModelException(rdf.where("type") + " is '" +
			type + "', not 'model': the file describes something other than a model");
		for (final String key : new String[] { "name", "description", "license", "documentation" })
			rdf.required(key);
		rdf.list("authors");
		rdf.list("cite");
	}

	private static ModelRdf parse05(final YamlFields rdf, final String version) throws IOException {
		requireCommon(rdf);
		// Space axes of outputs state their size relative to an input axis, scaled by the ratio of
		// the two axes' physical scales; remember each input axis's scale to resolve them.
		final Map<String, Double> scales = new HashMap<>();
		final List<TensorSpec> inputs = new ArrayList<>();
		for (final YamlFields t : rdf.sections("inputs"))
			inputs.add(tensor05(t, "preprocessing", scales, true));
		final List<TensorSpec> outputs = new ArrayList<>();
		for (final YamlFields t : rdf.sections("outputs"))
			outputs.add(tensor05(t, "postprocessing", scales, false));
		final Map<String, ModelRdf.Weights> weights = weights(rdf);
		final List<String> attachments = new ArrayList<>();
		for (final Object a : rdf.optionalList("attachments"))
			if (a instanceof Map && ((Map<?, ?>) a).get("source") != null) attachments.add(String
				.valueOf(((Map<?, ?>) a).get("source")));
		return new ModelRdf(version, rdf.string("name"), rdf.string("description"), inputs, outputs,
			weights, rdf.string("documentation"), strings(rdf.optionalList("covers")), attachments,
			pixelwiseConfig(rdf), rdf.map());
	}

	private static TensorSpec tensor05(final YamlFields t, final String processingKey,
		final Map<String, Double> scales, final boolean input) throws IOException
	{
		// Format 0.5 names a lone input "input" and a lone output "output" when it says nothing.
		final String id = t.has("id") ? t.string("id") : input ? "input" : "output";
		final List<TensorSpec.Axis> axes = new ArrayList<>();
		for (final YamlFields a : t.sections("axes")) {
			final String type = a.string("type");
			final String axisId = a.has("id") ? a.string("id") : defaultAxisId(type);
			final char letter = letter(axisId, a);
			final int halo = a.has("halo") ? a.number("halo").intValue() : 0;
			final double scale = a.has("scale") ? a.number("scale").doubleValue() : 1;
			if (input) scales.put(id + "." + letter, scale);
			final Object size = a.raw("size");
			if (type.equals("channel")) axes.add(TensorSpec.Axis.sized('c', a.list("channel_names")
				.size(), 0, 0));
			else if (size == null) axes.add(TensorSpec.Axis.sized(letter, -1, 0, halo));
			else if (size instanceof Number) axes.add(TensorSpec.Axis.sized(letter, ((Number) size)
				.longValue(), 0, halo));
			else {
				final YamlFields s = a.section("size");
				if (s.has("tensor_id")) {
					final String ref = s.string("tensor_id");
					final char refAxis = letter(s.string("axis_id"), s);
					final Double refScale = scales.get(ref + "." + refAxis);
					axes.add(TensorSpec.Axis.following(letter, ref, refAxis, (refScale == null ? 1
						: refScale) / scale, s.has("offset") ? s.number("offset").doubleValue() : 0, halo));
				}
				else if (s.has("step")) axes.add(TensorSpec.Axis.sized(letter, s.number("min")
					.longValue(), s.number("step").longValue(), halo));
				else throw new UnsupportedModelException(t.where("axes") + ": the size of axis '" +
					axisId + "' depends on the data (" + size + "); Pixelwise runs models whose output " +
					"size follows from the input size");
			}
		}
		final List<ProcessingStep> steps = new ArrayList<>();
		for (final YamlFields p : t.has(processingKey) ? t.sections(processingKey)
			: List.<YamlFields> of())
		{
			final Object kwargs = p.raw("kwargs");
			steps.add(new ProcessingStep(p.string("id"), kwargs instanceof Map ? stringKeys(
				(Map<?, ?>) kwargs) : Map.of()));
		}
		final YamlFields test = t.section("test_tensor");
		return new TensorSpec(id, "float32", axes, steps, test.string("source"), test.optionalString(
			"sha256"));
	}

	/** The weights entries, by format, as formats 0.4 and 0.5 both write them. */
	static Map<String, ModelRdf.Weights> weights(final YamlFields rdf) throws InvalidModelException {
		final Map<String, ModelRdf.Weights> weights = new LinkedHashMap<>();
		final YamlFields w = rdf.section("weights");
		for (final Object format : w.map().keySet()) {
			final YamlFields entry = w.section(String.valueOf(format));
			weights.put(String.valueOf(format), new ModelRdf.Weights(String.valueOf(format), entry
				.string("source"), entry.optionalString("sha256"), entry.optionalString(
					"tensorflow_version")));
		}
		return weights;
	}

	static String defaultAxisId(final String type) {
		switch (type) {
			case "space":
				return "x";
			default:
				return type;
		}
	}

	/** The one-letter name Pixelwise uses for an axis id of format 0.5 (or a 0.4 letter). */
	static char letter(final String axisId, final YamlFields where) throws UnsupportedModelException {
		switch (axisId) {
			case "b": case "batch": return 'b';
			case "c": case "channel": return 'c';
			case "t": case "time": return 't';
			case "i": case "index": return 'i';
			case "x": return 'x';
			case "y": return 'y';
			case "z": return 'z';
			default:
				throw new UnsupportedModelException(where.where("id") + ": axis '" + axisId +
					"' is not one Pixelwise knows (batch, channel, x, y, z, time, index)");
		}
	}

	static Map<?, ?> pixelwiseConfig(final YamlFields rdf) {
		final Object config = rdf.raw("config");
		if (!(config instanceof Map)) return null;
		final Object pixelwise = ((Map<?, ?>) config).get("pixelwise");
		return pixelwise instanceof Map ? (Map<?, ?>) pixelwise : null;
	}

	static List<String> strings(final List<?> list) {
		final List<String> out = new ArrayList<>();
		for (final Object o : list)
			out.add(String.valueOf(o));
		return out;
	}

	static Map<String, Object> stringKeys(final Map<?, ?> map) {
		final Map<String, Object> out = new LinkedHashMap<>();
		for (final Map.Entry<?, ?> e : map.entrySet())
			out.put(String.valueOf(e.getKey()), e.getValue());
		return out;
	}
}
