package org.pixelwise.degrade;

import java.math.BigDecimal;
import java.util.Random;

/**
 * The interval from which a degradation draws its strength for each image, written
 * {@code MIN-MAX} in a specification, or a single number for a fixed strength.
 */
public final class Range {

	public final double min;
	public final double max;

	public Range(final double min, final double max) {
		if (Double.isNaN(min) || Double.isNaN(max) || Double.isInfinite(min) || Double.isInfinite(max)) {
			throw new IllegalArgumentException("range " + min + "-" + max + " is not made of two finite numbers");
		}
		if (min > max) {
			throw new IllegalArgumentException("range " + format(min) + "-" + format(max)
					+ " runs backwards; give the smaller value first");
		}
		this.min = min;
		this.max = max;
	}

	/** A range holding only {@code value}, for a fixed strength. */
	public static Range of(final double value) {
		return new Range(value, value);
	}

	/**
	 * Reads {@code MIN-MAX} or a single number. A minus sign right after an exponent letter belongs
	 * to the number, so {@code 1e-4-1e-3} reads as 0.0001 to 0.001.
	 */
	static Range parse(final String text) {
		final String trimmed = text.trim();
		for (int i = 1; i < trimmed.length(); i++) {
			final char before = trimmed.charAt(i - 1);
			if (trimmed.charAt(i) == '-' && before != 'e' && before != 'E') {
				return new Range(number(trimmed.substring(0, i)), number(trimmed.substring(i + 1)));
			}
		}
		return of(number(trimmed));
	}

	private static double number(final String text) {
		try {
			return Double.parseDouble(text.trim());
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("'" + text.trim() + "' is not a number");
		}
	}

	/** A value drawn uniformly from the range. */
	public double draw(final Random random) {
		return min == max ? min : min + (max - min) * random.nextDouble();
	}

	/**
	 * A value whose logarithm is drawn uniformly, for strengths that span decades (10 to 1000
	 * photons) where a uniform draw would almost never pick the low end.
	 */
	public double drawLogarithmically(final Random random) {
		if (min == max) return min;
		return Math.exp(Math.log(min) + (Math.log(max) - Math.log(min)) * random.nextDouble());
	}

	/** A whole number drawn uniformly from the range, both ends included. */
	public int drawWhole(final Random random) {
		final int low = (int) Math.ceil(min), high = (int) Math.floor(max);
		return low >= high ? low : low + random.nextInt(high - low + 1);
	}

	boolean isWithin(final double low, final double high) {
		return min >= low && max <= high;
	}

	boolean isWhole() {
		return min == Math.rint(min) && max == Math.rint(max);
	}

	/** {@code MIN-MAX}, or one number when both ends agree; {@link #parse} reads it back exactly. */
	@Override
	public String toString() {
		return min == max ? format(min) : format(min) + "-" + format(max);
	}

	/** "MIN to MAX" for descriptions. */
	String describe() {
		return min == max ? format(min) : format(min) + " to " + format(max);
	}

	private static String format(final double value) {
		// Plain digits without an exponent, but every digit Double.toString needs to read back exactly.
		return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
	}
}
