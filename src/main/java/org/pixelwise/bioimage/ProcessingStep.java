package org.pixelwise.bioimage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One declared pre- or postprocessing step of a tensor, by its bioimage.io name (format 0.5
 * names; 0.4 names and modes are translated on reading) and its keyword arguments.
 */
public final class ProcessingStep {

	public final String name;
	public final Map<String, Object> kwargs;

	public ProcessingStep(final String name, final Map<String, ?> kwargs) {
		this.name = name;
		this.kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs == null ? Map.of()
			: kwargs));
	}

	public ProcessingStep(final String name) {
		this(name, Map.of());
	}

	/** The map a format 0.5 description holds for this step. */
	public Map<String, Object> toMap() {
		final Map<String, Object> map = new LinkedHashMap<>();
		map.put("id", name);
		if (!kwargs.isEmpty()) map.put("kwargs", new LinkedHashMap<>(kwargs));
		return map;
	}

	@Override
	public String toString() {
		return kwargs.isEmpty() ? name : name + kwargs;
	}
}
