package org.pixelwise.launch;

import java.util.Map;

/**
 * Option names that changed so that each macro key has one meaning across all commands (see
 * the README's table of keys). An old name is not accepted, since Fiji would silently ignore it;
 * the message names the new one.
 */
final class RenamedOptions {

	private static final Map<String, Map<String, String>> RENAMED = Map.of(
		"Pixelwise Segment Image", Map.of("output", "show"),
		"Pixelwise Train Segmentation", Map.of("source", "training_data", "label_image", "label_title"),
		"Pixelwise Compare Restorations", Map.of("image", "truth"),
		"Pixelwise Train Restoration", Map.of("feature_scale", "feature_range"));

	private RenamedOptions() {}

	/** " ('old' is now 'new')" when this option of this command was renamed, else "". */
	static String hint(final String command, final String key) {
		final String now = RENAMED.getOrDefault(command, Map.of()).get(key);
		return now == null ? "" : String.format(" ('%s' is now called '%s')", key, now);
	}
}
