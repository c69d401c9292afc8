package org.pixelwise.launch;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import ij.Macro;

/**
 * Reads the option strings that name a command's parameters, in the two forms Fiji users
 * already write. {@link #runOptions} reads the {@code --run} form,
 * {@code model='/x/y',input='/a b',threshold=0.5}, where commas separate options and quotes
 * or brackets keep commas and spaces inside a value. {@link #macroOptions} reads the form an
 * ImageJ 1 macro passes to {@code run("Label", options)}, {@code model=[/a b/m] threshold=0.5},
 * where spaces separate options and brackets keep spaces inside a value.
 */
public final class CommandLine {

	private CommandLine() {}

	/**
	 * The options of a {@code --run} line, in the order given: {@code key=value} pairs separated
	 * by commas, a value in single quotes, double quotes (with backslash escapes) or brackets
	 * taken as written.
	 *
	 * @throws IllegalArgumentException when a key has no value, a quote or bracket is not
	 *           closed, or a key is given twice
	 */
	public static Map<String, String> runOptions(final String options) {
		final Map<String, String> parsed = new LinkedHashMap<>();
		final Reader in = new Reader(options == null ? "" : options);
		while (in.skipSpaces()) {
			final String key = in.until("=,").trim();
			if (!in.take('='))
				throw new IllegalArgumentException(String.format(
					"option '%s' has no value; write %s=value (in \"%s\")", key, key, options));
			in.skipSpaces();
			final String value;
			if (in.at('\'') || in.at('"'))
				value = in.quoted();
			else if (in.at('['))
				value = in.bracketed();
			else
				value = in.until(",").trim();
			in.skipSpaces();
			if (!in.done() && !in.take(','))
				throw new IllegalArgumentException(String.format(
					"expected ',' after the value of '%s' (in \"%s\")", key, options));
			put(parsed, key, value);
		}
		return parsed;
	}

	/**
	 * The options an ImageJ 1 macro passed to {@code run(name, options)} for a command with these
	 * parameter names, read exactly as imagej-legacy reads them in Fiji: each parameter gets
	 * {@code Macro.getValue(options, name)}, ImageJ 1's own lookup of {@code name=value},
	 * {@code name=[value with spaces]} or {@code name='value'}. Fiji silently ignores whatever
	 * that lookup does not find, so here those are mistakes: a key no parameter has (keys are
	 * lower case), a key given twice, and a key alone, which Fiji reads as nothing (write
	 * {@code key=true}).
	 *
	 * @throws IllegalArgumentException naming the key and what to write instead
	 */
	public static Map<String, String> macroOptions(final String command, final String options,
		final Collection<String> names)
	{
		final String text = options == null ? "" : options;
		final Map<String, String> written = new LinkedHashMap<>();
		final Reader in = new Reader(text);
		while (in.skipSpaces()) {
			final String key = in.until("= \t\n");
			if (!in.take('='))
				throw new IllegalArgumentException(String.format(
					"option '%s' has no value; write %s=true (Fiji ignores a key alone)", key, key));
			put(written, key, in.at('[') ? in.bracketed() : in.at('\'') ? in.quoted() : in.until(
				" \t\n"));
		}
		for (final String key : written.keySet())
			if (!names.contains(key)) throw new IllegalArgumentException(String.format(
				"unknown option '%s'%s%s; the options are: %s", key, names.contains(key.toLowerCase(
					Locale.ROOT)) ? " (option names are lower case)" : "", RenamedOptions.hint(command,
						key), String.join(", ", names)));
		final Map<String, String> parsed = new LinkedHashMap<>();
		for (final String name : names) {
			final String value = Macro.getValue(text, name, null);
			if (value != null) parsed.put(name, value);
		}
		return parsed;
	}

	private static void put(final Map<String, String> parsed, final String key,
		final String value)
	{
		if (key.isEmpty())
			throw new IllegalArgumentException("an option has no name before its '='");
		if (parsed.put(key, value) != null)
			throw new IllegalArgumentException(String.format(
				"option '%s' is given twice; give it once", key));
	}

	/** A cursor over one option string. */
	private static final class Reader {

		private final String text;
		private int at;

		Reader(final String text) {
			this.text = text;
		}

		boolean done() {
			return at >= text.length();
		}

		boolean at(final char c) {
			return !done() && text.charAt(at) == c;
		}

		boolean take(final char c) {
			if (!at(c))
				return false;
			at++;
			return true;
		}

		/** Skips white space and says whether anything is left. */
		boolean skipSpaces() {
			while (!done() && Character.isWhitespace(text.charAt(at)))
				at++;
			return !done();
		}

		/** The text up to (not including) the first of the given stop characters. */
		String until(final String stops) {
			final int start = at;
			while (!done() && stops.indexOf(text.charAt(at)) < 0)
				at++;
			return text.substring(start, at);
		}

		String quoted() {
			final char quote = text.charAt(at++);
			final StringBuilder value = new StringBuilder();
			while (!done() && text.charAt(at) != quote) {
				// Only double quotes escape, as in Java strings: a Windows path in single quotes
				// keeps its backslashes.
				if (quote == '"' && text.charAt(at) == '\\' && at + 1 < text.length())
					at++;
				value.append(text.charAt(at++));
			}
			if (!take(quote))
				throw new IllegalArgumentException(String.format(
					"quote %c before '%s' is not closed (in \"%s\")", quote, value, text));
			return value.toString();
		}

		String bracketed() {
			at++;
			final String value = until("]");
			if (!take(']'))
				throw new IllegalArgumentException(String.format(
					"bracket [ before '%s' is not closed (in \"%s\")", value, text));
			return value;
		}
	}
}
