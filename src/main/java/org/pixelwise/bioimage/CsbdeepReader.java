package org.pixelwise.bioimage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the older CSBDeep / N2V {@code model.yaml} (format 0.2.0-csbdeep) that the CSBDeep and
 * N2V Fiji plugins write beside a TensorFlow SavedModel: the SavedModel lies in the package root,
 * test images are TIFF, and N2V's mean/standard-deviation normalisation is named by the Java
 * method that applies it.
 */
final class CsbdeepReader {

	static final String N2V_PRE = "de.csbdresden.n2v.predict.N2VPrediction::preprocess";
	static final String N2V_POST = "de.csbdresden.n2v.predict.N2VPrediction::postprocess";

	private CsbdeepReader() {}

	static ModelRdf parse(final YamlFields rdf, final String version) throws IOException {
		final Object framework = rdf.raw("framework");
		if (framework != null && !"tensorflow".equals(framework)) throw new UnsupportedModelException(
			"the model's framework is " + framework + "; Pixelwise runs TensorFlow SavedModels only");
		final YamlFields prediction = rdf.section("prediction");
		final List<TensorSpec> inputs = new ArrayList<>();
		final List<YamlFields> in = rdf.sections("inputs");
		if (in.size() != 1) throw new UnsupportedModelException("the model has " + in.size() +
			" inputs; Pixelwise runs models with one input");
		final YamlFields input = in.get(0);
		inputs.add(tensor(input, steps(prediction, "preprocess"), rdf.optionalString("test_input"),
			null));
		final List<TensorSpec> outputs = new ArrayList<>();
		for (final YamlFields out : rdf.sections("outputs"))
			outputs.add(tensor(out, steps(prediction, "postprocess"), rdf.optionalString("test_output"),
				inputs.get(0)));
		final Map<String, ModelRdf.Weights> weights = new LinkedHashMap<>();
		weights.put(ModelRdf.TENSORFLOW, new ModelRdf.Weights(ModelRdf.TENSORFLOW, ".", null, null));
		return new ModelRdf(version, rdf.string("name"), String.valueOf(rdf.raw("description")),
			inputs, outputs, weights, null, List.of(), List.of(), null, rdf.map());
	}

	private static TensorSpec tensor(final YamlFields t, final List<ProcessingStep> steps,
		final String test, final TensorSpec input) throws IOException
	{
		final String axes = t.string("axes");
		final YamlFields shape = t.section("shape");
		final List<?> halo = t.optionalList("halo");
		final List<TensorSpec.Axis> list = new ArrayList<>();
		for (int i = 0; i < axes.length(); i++) {
			final char letter = RdfReader.letter(String.valueOf(axes.charAt(i)), t);
			final int h = i < halo.size() ? ((Number) halo.get(i)).intValue() : 0;
			if (input == null) list.add(TensorSpec.Axis.sized(letter, ((Number) shape.list("min").get(i))
				.longValue(), ((Number) shape.list("step").get(i)).longValue(), h));
			else list.add(TensorSpec.Axis.following(letter, input.id, input.axes.get(i).letter,
				((Number) shape.list("scale").get(i)).doubleValue(), 2 * ((Number) shape.list("offset")
					.get(i)).doubleValue(), h));
		}
		return new TensorSpec(t.string("name"), t.string("data_type"), list, steps, test, null);
	}

	private static List<ProcessingStep> steps(final YamlFields prediction, final String key)
		throws IOException
	{
		final List<ProcessingStep> steps = new ArrayList<>();
		for (final YamlFields step : prediction.has(key) ? prediction.sections(key)
			: List.<YamlFields> of())
		{
			final String spec = step.string("spec");
			final YamlFields kwargs = step.section("kwargs");
			final Map<String, Object> args = new LinkedHashMap<>();
			if (spec.equals(N2V_PRE)) {
				args.put("mean", kwargs.list("mean"));
				args.put("std", kwargs.list("stdDev"));
				steps.add(new ProcessingStep("fixed_zero_mean_unit_variance", args));
			}
			else if (spec.equals(N2V_POST)) {
				// N2V undoes its normalisation: x * std + mean.
				args.put("gain", kwargs.list("stdDev"));
				args.put("offset", kwargs.list("mean"));
				steps.add(new ProcessingStep("scale_linear", args));
			}
			else throw new UnsupportedModelException("the model's " + step.where("spec") + " is " +
				spec + ", a Java method of another plugin that Pixelwise cannot apply; Pixelwise knows " +
				"N2V's normalisation and the bioimage.io processing steps");
		}
		return steps;
	}
}
