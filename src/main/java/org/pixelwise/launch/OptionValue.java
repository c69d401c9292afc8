package org.pixelwise.launch;

import java.util.List;
import java.util.Locale;

import org.scijava.convert.ConvertService;
import org.scijava.module.ModuleItem;

/**
 * Turns the text of one option into a value of its parameter's type. Images are looked up by
 * title or opened from a file; everything else goes through SciJava's {@link ConvertService},
 * after checks the converter does not make: a choice must be one of the allowed values, a
 * number must read as one (the converter turns "many" into 0), and a boolean must be
 * {@code true} or {@code false}.
 */
final class OptionValue {

	private OptionValue() {}

	static Object of(final ConvertService convert, final String label, final ModuleItem<?> item,
		final String text) throws LaunchFailure
	{
		final Class<?> type = item.getType();
		if (ImageArgument.isImage(type))
			return ImageArgument.resolve(item.getName(), text);
		final List<?> choices = item.getChoices();
		if (choices != null && !choices.isEmpty() && !choices.contains(text))
			throw wrong(label, item, text, "one of: " + choices);
		if (isBoolean(type) && !text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false"))
			throw wrong(label, item, text, "true or false");
		if (isNumber(type))
			try {
				Double.parseDouble(text.trim());
			}
			catch (final NumberFormatException e) {
				throw wrong(label, item, text, "a number (" + type.getSimpleName() + ")");
			}
		final Object value = convert.supports(text, type) ? convert.convert(text, type) : null;
		if (value == null)
			throw wrong(label, item, text, "a " + type.getSimpleName());
		return value;
	}

	private static boolean isBoolean(final Class<?> type) {
		return type == boolean.class || type == Boolean.class;
	}

	private static boolean isNumber(final Class<?> type) {
		return Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class &&
			type != char.class;
	}

	private static LaunchFailure wrong(final String label, final ModuleItem<?> item,
		final String text, final String expected)
	{
		return new LaunchFailure(LaunchFailure.USAGE, String.format(Locale.ROOT,
			"option '%s' of '%s' is '%s'; it must be %s", item.getName(), label, text, expected));
	}
}
