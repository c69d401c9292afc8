package org.pixelwise.bioimage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads bioimage.io format 0.4 model descriptions: axes as a letter string, shapes as a list,
 * {min, step} or {reference_tensor, scale, offset}, test tensors as top-level lists, and
 * processing steps by "name" with a "mode". Steps are translated to their format 0.5 names.
 */
final class Rdf04Reader {

	private Rdf04Reader() {}

	static ModelRdf parse(final YamlFields rdf, final String version) throws IOException {
		RdfReader.requireCommon(rdf);
		rdf.required("timestamp");
		final List<?> testInputs = rdf.list("test_inputs");
		final List<?> testOutputs = rdf.list("test_outputs");
		final List<TensorSpec> inputs = new ArrayList<>();
		final List<YamlFields> in = rdf.sections("inputs");
		for (int i = 0; i < in.size(); i++)
			inputs.add(tensor(in.get(i), "preprocessing", i < testInputs.size() ? testInputs.get(i)
				: null, inputs));
		final List<TensorSpec> outputs = new ArrayList<>();
		final List<YamlFields> out = rdf.sections("outputs");
		for (int i = 0; i < out.size(); i++)
			outputs.add(tensor(out.get(i), "postprocessing", i < testOutputs.size() ? testOutputs.get(i)
				: null, inputs));
		final Map<String, ModelRdf.Weights> weights = RdfReader.weights(rdf);
		final YamlFields attachments = rdf.optionalSection("attachments");
		return new ModelRdf(version, rdf.string("name"), rdf.string("description"), inputs, outputs,
			weights, rdf.string("documentation"), RdfReader.strings(rdf.optionalList("covers")),
			attachments == null ? List.of() : RdfReader.strings(attachments.optionalList("files")),
			RdfReader.pixelwiseConfig(rdf), rdf.map());
	}

	private static TensorSpec tensor(final YamlFields t, final String processingKey,
		final Object testTensor, final List<TensorSpec> inputs) throws IOException
	{
		final String name = t.string("name");
		final String axes = t.string("axes");
		final Object shape = t.required("shape");
		final List<?> halo = t.optionalList("halo");
		final List<TensorSpec.Axis> list = new ArrayList<>();
		for (int i = 0; i < axes.length(); i++) {
			final char letter = RdfReader.letter(String.valueOf(axes.charAt(i)), t);
			final int h = i < halo.size() ? ((Number) halo.get(i)).intValue() : 0;
			if (shape instanceof List) list.add(TensorSpec.Axis.sized(letter, number(t, "shape", i),
				0, h));
			else {
				final YamlFields s = t.section("shape");
				if (s.has("reference_tensor")) {
					final String ref = s.string("reference_tensor");
					final TensorSpec input = find(inputs, ref, t);
					// 0.4 relates axes by position: output size = input size * scale + 2 * offset.
					final char refAxis = i < input.axes.size() ? input.axes.get(i).letter : letter;
					list.add(TensorSpec.Axis.following(letter, ref, refAxis, value(s, "scale", i), 2 *
						value(s, "offset", i), h));
				}
				else list.add(TensorSpec.Axis.sized(letter, (long) value(s, "min", i), (long) value(s, "step",
					i), h));
			}
		}
		final List<ProcessingStep> steps = new ArrayList<>();
		for (final YamlFields p : t.has(processingKey) ? t.sections(processingKey)
			: List.<YamlFields> of())
			steps.add(translate(p));
		return new TensorSpec(name, t.string("data_type"), list, steps, testTensor == null ? null
			: String.valueOf(testTensor), null);
	}

	/** A 0.4 step by its 0.5 name; "mode" picks between fixed and per-sample variants. */
	private static ProcessingStep translate(final YamlFields p) throws IOException {
		final String name = p.string("name");
		final Map<String, Object> kwargs = p.raw("kwargs") instanceof Map ? RdfReader.stringKeys(
			(Map<?, ?>) p.raw("kwargs")) : new LinkedHashMap<>();
		final Object mode = kwargs.remove("mode");
		if ("per_dataset".equals(mode)) throw new UnsupportedModelException(p.where("kwargs") +
			": '" + name + "' with mode per_dataset needs statistics of the training data that the " +
			"package does not contain; Pixelwise supports modes fixed and per_sample");
		if (name.equals("zero_mean_unit_variance") && "fixed".equals(mode)) return new ProcessingStep(
			"fixed_zero_mean_unit_variance", kwargs);
		return new ProcessingStep(name, kwargs);
	}

	private static TensorSpec find(final List<TensorSpec> inputs, final String id,
		final YamlFields where) throws InvalidModelException
	{
		for (final TensorSpec t : inputs)
			if (t.id.equals(id)) return t;
		throw new InvalidModelException(where.where("shape") + " refers to input '" + id +
			"', which the model does not have");
	}

	private static long number(final YamlFields t, final String key, final int i)
		throws InvalidModelException
	{
		return (long) value(t, key, i);
	}

	private static double value(final YamlFields t, final String key, final int i)
		throws InvalidModelException
	{
		final List<?> list = t.list(key);
		// A null scale marks an axis the output adds; its size is then 2 * offset alone.
		if (key.equals("scale") && i < list.size() && list.get(i) == null) return 0;
		if (i >= list.size() || !(list.get(i) instanceof Number)) throw t.wrong(key,
			"a list of numbers, one per axis");
		return ((Number) list.get(i)).doubleValue();
	}
}
