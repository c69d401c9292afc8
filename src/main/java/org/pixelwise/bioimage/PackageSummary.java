package org.pixelwise.bioimage;

import java.util.List;
import java.util.Map;

/**
 * A package's description in words for "Pixelwise Model Info": who made it, under which
 * licence, what to cite, what its tensors are and how they are processed, and which weights
 * it has, so that a user can judge a downloaded model before running it.
 */
public final class PackageSummary {

	private PackageSummary() {}

	public static String of(final ModelRdf rdf) {
		final StringBuilder s = new StringBuilder();
		s.append("# ").append(rdf.name).append("\n\n");
		s.append(rdf.description == null || rdf.description.equals("null") ? "(no description)"
			: rdf.description).append("\n\n");
		s.append("Format: ").append(rdf.formatVersion.endsWith("-csbdeep") ? "CSBDeep " : "bioimage.io ")
			.append(rdf.formatVersion).append('\n');
		line(s, "Authors", names(rdf.raw.get("authors")));
		line(s, "Licence", rdf.raw.get("license"));
		line(s, "Tags", rdf.raw.get("tags"));
		final Object cite = rdf.raw.get("cite");
		if (cite instanceof List) for (final Object c : (List<?>) cite)
			if (c instanceof Map) {
				final Map<?, ?> m = (Map<?, ?>) c;
				line(s, "Cite", String.valueOf(m.get("text")).trim() + (m.get("doi") != null ? " (doi " + m
					.get("doi") + ")" : m.get("url") != null ? " (" + m.get("url") + ")" : ""));
			}
		for (final TensorSpec t : rdf.inputs)
			tensor(s, "Input", t);
		for (final TensorSpec t : rdf.outputs)
			tensor(s, "Output", t);
		for (final ModelRdf.Weights w : rdf.weights.values())
			line(s, "Weights", w.format + (w.tensorflowVersion != null ? " (TensorFlow " +
				w.tensorflowVersion + ")" : "") + (w.format.equals(ModelRdf.TENSORFLOW)
					? ": Pixelwise runs these" : ": not run by Pixelwise"));
		line(s, "Documentation", rdf.documentation);
		if (!rdf.attachments.isEmpty()) line(s, "Attachments", rdf.attachments);
		if (rdf.pixelwise != null) s.append(rdf.attachments.stream().anyMatch(a -> a.startsWith(
			"training_state")) ? "Trained with Pixelwise; training can resume from it.\n"
				: "Trained with Pixelwise; it carries no optimiser state, so training cannot resume " +
					"from it (train anew, or fine-tune on your images).\n");
		return s.toString();
	}

	private static void tensor(final StringBuilder s, final String role, final TensorSpec t) {
		line(s, role, "'" + t.id + "' axes " + t.axisLetters() + " " + t.axes + (t.processing
			.isEmpty() ? "" : ", " + (role.equals("Input") ? "preprocessing " : "postprocessing ") +
				t.processing));
	}

	private static String names(final Object authors) {
		if (!(authors instanceof List)) return null;
		final StringBuilder names = new StringBuilder();
		for (final Object a : (List<?>) authors)
			if (a instanceof Map) names.append(names.length() == 0 ? "" : ", ").append(((Map<?, ?>) a)
				.get("name"));
		return names.toString();
	}

	private static void line(final StringBuilder s, final String label, final Object value) {
		if (value != null) s.append("- ").append(label).append(": ").append(value).append('\n');
	}
}
