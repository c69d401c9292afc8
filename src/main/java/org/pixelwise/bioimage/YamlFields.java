package org.pixelwise.bioimage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed access to a YAML map that names the missing or wrong field by its path in the file,
 * e.g. "inputs[0].axes", so a user (or a model's author) can find and fix it.
 */
final class YamlFields {

	private final Map<?, ?> map;
	private final String path;
	private final String file;

	YamlFields(final Map<?, ?> map, final String path, final String file) {
		this.map = map;
		this.path = path;
		this.file = file;
	}

	boolean has(final String key) {
		return map.get(key) != null;
	}

	Object raw(final String key) {
		return map.get(key);
	}

	String string(final String key) throws InvalidModelException {
		return String.valueOf(required(key));
	}

	String optionalString(final String key) {
		final Object v = map.get(key);
		return v == null ? null : String.valueOf(v);
	}

	Object required(final String key) throws InvalidModelException {
		final Object v = map.get(key);
		if (v == null) throw missing(key);
		return v;
	}

	YamlFields section(final String key) throws InvalidModelException {
		final Object v = required(key);
		if (!(v instanceof Map)) throw wrong(key, "a mapping of fields");
		return new YamlFields((Map<?, ?>) v, where(key), file);
	}

	YamlFields optionalSection(final String key) throws InvalidModelException {
		return has(key) ? section(key) : null;
	}

	/** A list of maps, each as fields named "key[i]". */
	List<YamlFields> sections(final String key) throws InvalidModelException {
		final List<?> list = list(key);
		final List<YamlFields> out = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			if (!(list.get(i) instanceof Map)) throw wrong(key + "[" + i + "]", "a mapping of fields");
			out.add(new YamlFields((Map<?, ?>) list.get(i), where(key) + "[" + i + "]", file));
		}
		return out;
	}

	List<?> list(final String key) throws InvalidModelException {
		final Object v = required(key);
		if (!(v instanceof List)) throw wrong(key, "a list");
		if (((List<?>) v).isEmpty()) throw new InvalidModelException(file + ": '" + where(key) +
			"' is an empty list; the bioimage.io specification requires at least one entry");
		return (List<?>) v;
	}

	List<?> optionalList(final String key) throws InvalidModelException {
		if (!has(key)) return List.of();
		final Object v = map.get(key);
		if (!(v instanceof List)) throw wrong(key, "a list");
		return (List<?>) v;
	}

	Number number(final String key) throws InvalidModelException {
		final Object v = required(key);
		if (!(v instanceof Number)) throw wrong(key, "a number");
		return (Number) v;
	}

	Map<?, ?> map() {
		return map;
	}

	String where(final String key) {
		return path.isEmpty() ? key : path + "." + key;
	}

	InvalidModelException missing(final String key) {
		return new InvalidModelException(file + " lacks the required field '" + where(key) +
			"'; the model description is incomplete: ask its authors for a complete package, or " +
			"add the field following the bioimage.io specification");
	}

	InvalidModelException wrong(final String key, final String expected) {
		return new InvalidModelException(file + ": the field '" + where(key) + "' should be " +
			expected + " but is '" + map.get(key) + "'; the model description is malformed");
	}
}
