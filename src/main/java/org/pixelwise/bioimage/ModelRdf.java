package org.pixelwise.bioimage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model package's description as Pixelwise uses it, read from a bioimage.io {@code rdf.yaml}
 * (format 0.4 or 0.5) or an older CSBDeep / N2V {@code model.yaml}: name, tensors, weights and
 * files. The raw YAML map is kept for showing every field to the user.
 */
public final class ModelRdf {

	/** The weights format Pixelwise runs. */
	public static final String TENSORFLOW = "tensorflow_saved_model_bundle";

	/** A weights entry: its format, file (a zip, or "." for a SavedModel in the package root). */
	public static final class Weights {

		public final String format, source, sha256, tensorflowVersion;

		public Weights(final String format, final String source, final String sha256,
			final String tensorflowVersion)
		{
			this.format = format;
			this.source = source;
			this.sha256 = sha256;
			this.tensorflowVersion = tensorflowVersion;
		}
	}

	public final String formatVersion;
	public final String name;
	public final String description;
	public final List<TensorSpec> inputs, outputs;
	/** Weights entries by format, in the order the description lists them. */
	public final Map<String, Weights> weights;
	public final String documentation;
	public final List<String> covers;
	/** Files other than weights, tests and covers that belong to the package. */
	public final List<String> attachments;
	/** Pixelwise's own description of a model it trained (config.pixelwise), or null. */
	public final Map<?, ?> pixelwise;
	public final Map<?, ?> raw;

	ModelRdf(final String formatVersion, final String name, final String description,
		final List<TensorSpec> inputs, final List<TensorSpec> outputs,
		final Map<String, Weights> weights, final String documentation, final List<String> covers,
		final List<String> attachments, final Map<?, ?> pixelwise, final Map<?, ?> raw)
	{
		this.formatVersion = formatVersion;
		this.name = name;
		this.description = description;
		this.inputs = Collections.unmodifiableList(new ArrayList<>(inputs));
		this.outputs = Collections.unmodifiableList(new ArrayList<>(outputs));
		this.weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
		this.documentation = documentation;
		this.covers = Collections.unmodifiableList(new ArrayList<>(covers));
		this.attachments = Collections.unmodifiableList(new ArrayList<>(attachments));
		this.pixelwise = pixelwise;
		this.raw = raw;
	}

	/** The TensorFlow SavedModel weights, or a message naming the formats the package has. */
	public Weights tensorflowWeights() throws UnsupportedModelException {
		final Weights w = weights.get(TENSORFLOW);
		if (w != null) return w;
		throw new UnsupportedModelException("the model '" + name + "' has weights only as " + String
			.join(", ", weights.keySet()) + "; Pixelwise runs TensorFlow SavedModel weights (" +
			TENSORFLOW + ") only, so it cannot run PyTorch, TorchScript, ONNX or Keras HDF5 weights. " +
			"Ask the model's authors for a TensorFlow SavedModel export, or run the model in a tool " +
			"that supports its format");
	}

	public TensorSpec input(final String id) {
		for (final TensorSpec t : inputs)
			if (t.id.equals(id)) return t;
		return null;
	}

	/** Every file the package description refers to, relative to the package root. */
	public List<String> files() {
		final List<String> files = new ArrayList<>();
		for (final Weights w : weights.values())
			if (w.source != null && !w.source.equals(".") && !isUrl(w.source)) files.add(w.source);
		for (final List<TensorSpec> tensors : List.of(inputs, outputs))
			for (final TensorSpec t : tensors)
				if (t.testTensor != null) files.add(t.testTensor);
		if (documentation != null && !isUrl(documentation)) files.add(documentation);
		for (final String c : covers)
			if (!isUrl(c)) files.add(c);
		for (final String a : attachments)
			if (!isUrl(a)) files.add(a);
		return files;
	}

	static boolean isUrl(final String source) {
		return source.contains("://");
	}
}
