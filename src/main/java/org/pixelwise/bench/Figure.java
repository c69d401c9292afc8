package org.pixelwise.bench;

import java.util.Locale;

/**
 * One measured number with its name and unit, printed as {@code name value unit} so that two
 * runs can be compared line by line. A unit ending in "/s" is a rate (higher is better); "s"
 * is a time (lower is better); anything else ("%", "MB", "GFLOP/s" derived figures) is a plain
 * quantity.
 */
final class Figure {

	final String name;
	final double value;
	final String unit;

	Figure(final String name, final double value, final String unit) {
		this.name = name;
		this.value = value;
		this.unit = unit;
	}

	/** Parses a {@code name value unit} line, as the PyTorch peer and the child JVM print them. */
	static Figure parse(final String line) {
		final String[] words = line.trim().split("\\s+");
		if (words.length != 3) throw new IllegalArgumentException("expected 'name value unit', got '" +
			line + "'");
		return new Figure(words[0], Double.parseDouble(words[1]), words[2]);
	}

	boolean isTime() {
		return unit.equals("s");
	}

	boolean isRate() {
		return unit.endsWith("/s") && !unit.startsWith("GFLOP");
	}

	@Override
	public String toString() {
		return name + " " + format(value) + " " + unit;
	}

	/** Four significant digits: enough to compare runs, few enough to read. */
	static String format(final double value) {
		if (Double.isNaN(value)) return "NaN";
		final double magnitude = Math.abs(value);
		if (magnitude >= 1000) return String.format(Locale.ROOT, "%.0f", value);
		if (magnitude >= 100) return String.format(Locale.ROOT, "%.1f", value);
		if (magnitude >= 10) return String.format(Locale.ROOT, "%.2f", value);
		if (magnitude >= 1) return String.format(Locale.ROOT, "%.3f", value);
		return String.format(Locale.ROOT, "%.4g", value);
	}
}
