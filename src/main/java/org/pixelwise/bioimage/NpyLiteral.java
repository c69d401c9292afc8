package org.pixelwise.bioimage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Python literal of an npy header without evaluating it: strings, integers,
 * True, False, None, tuples, lists and dicts. Headers come from files we did not write, so
 * this is a small parser of its own rather than anything that runs code, and nesting is bounded
 * so a hostile header cannot overflow the stack. Strings come back as {@link String}, integers
 * as {@link Long}, tuples and lists as {@link List}, dicts as {@link Map}.
 */
final class NpyLiteral {

	private static final int MAX_DEPTH = 16;
	private static final Object NONE = new Object();
	private final String text;
	private int pos;

	private NpyLiteral(final String text) {
		this.text = text;
	}

	/** The value {@code text} holds; an {@link IllegalArgumentException} says where it is wrong. */
	static Object parse(final String text) {
		final NpyLiteral parser = new NpyLiteral(text);
		final Object value = parser.value(0);
		parser.skipSpace();
		if (parser.pos < text.length()) throw parser.error("unexpected '" + text.charAt(
			parser.pos) + "'");
		return value;
	}

	private Object value(final int depth) {
		if (depth > MAX_DEPTH) throw error("nested more than " + MAX_DEPTH + " deep");
		skipSpace();
		if (pos >= text.length()) throw error("it ends early");
		final char c = text.charAt(pos);
		if (c == '\'' || c == '"') return string(c);
		if (c == '(') return items(')', depth);
		if (c == '[') return items(']', depth);
		if (c == '{') return dict(depth);
		if (c == '-' || c >= '0' && c <= '9') return integer();
		if (Character.isLetter(c)) return name();
		throw error("unexpected '" + c + "'");
	}

	private List<Object> items(final char close, final int depth) {
		pos++;
		final List<Object> items = new ArrayList<>();
		while (true) {
			skipSpace();
			if (at(close)) return items;
			items.add(value(depth + 1));
			separator(close);
		}
	}

	private Map<Object, Object> dict(final int depth) {
		pos++;
		final Map<Object, Object> dict = new HashMap<>();
		while (true) {
			skipSpace();
			if (at('}')) return dict;
			final Object key = value(depth + 1);
			skipSpace();
			if (!at(':')) throw error("expected ':'");
			dict.put(key, value(depth + 1));
			separator('}');
		}
	}

	/** Consumes a comma, or sees (without consuming) the closing bracket. */
	private void separator(final char close) {
		skipSpace();
		if (at(',')) return;
		if (pos >= text.length() || text.charAt(pos) != close) throw error("expected ',' or '" +
			close + "'");
	}

	private String string(final char quote) {
		final StringBuilder s = new StringBuilder();
		pos++;
		while (pos < text.length()) {
			char c = text.charAt(pos++);
			if (c == quote) return s.toString();
			if (c == '\\' && pos < text.length()) c = text.charAt(pos++);
			s.append(c);
		}
		throw error("a string is not closed");
	}

	private Long integer() {
		final int start = pos;
		if (text.charAt(pos) == '-') pos++;
		while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') pos++;
		final String digits = text.substring(start, pos);
		// Python 2 wrote long integers with an L suffix.
		if (pos < text.length() && Character.toUpperCase(text.charAt(pos)) == 'L') pos++;
		try {
			return Long.parseLong(digits);
		}
		catch (final NumberFormatException e) {
			throw error("an integer is malformed or too large");
		}
	}

	private Object name() {
		final int start = pos;
		while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) pos++;
		final String word = text.substring(start, pos);
		if (word.equals("True")) return Boolean.TRUE;
		if (word.equals("False")) return Boolean.FALSE;
		if (word.equals("None")) return NONE;
		throw error("unknown name '" + (word.length() > 20 ? word.substring(0, 20) + "..." : word) +
			"'");
	}

	private boolean at(final char c) {
		if (pos >= text.length() || text.charAt(pos) != c) return false;
		pos++;
		return true;
	}

	private void skipSpace() {
		while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
	}

	private IllegalArgumentException error(final String what) {
		return new IllegalArgumentException(what + " at character " + pos);
	}
}
