package org.pixelwise.degrade;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text form of a {@link Crappifier}, short enough for a macro line or a dialog field:
 * comma-separated {@code name=value} steps applied in the order written.
 */
final class CrappifierSyntax {

	/** The specification of a crappifier that changes nothing. */
	static final String NONE = "none";

	static final String ACCEPTED = "accepted syntax: comma-separated steps, applied in the order written, "
			+ "each one of downscale=area:S or downscale=bicubic:S (S a whole factor), "
			+ "blur=MIN-MAX (sigma in pixels), poisson=MIN-MAX (photons at full scale), "
			+ "gaussian=MIN-MAX (standard deviation as a fraction of full scale), "
			+ "camera=GAIN:READ_NOISE[:OFFSET] (Poisson-Gaussian noise in grey levels, as Pixelwise Measure Noise measures it), "
			+ "saltpepper=MIN-MAX (fraction of pixels), jpeg=MIN-MAX (quality 1-100), text=true or false; "
			+ "a single number instead of MIN-MAX is a fixed value, and 'none' means no damage. "
			+ "Example: downscale=area:2, poisson=50-500, gaussian=0.01-0.03";

	private CrappifierSyntax() {}

	static List<Degradation> read(final String specification) {
		if (specification == null) {
			throw new IllegalArgumentException("no crappifier specification given (null); " + ACCEPTED);
		}
		final List<Degradation> steps = new ArrayList<>();
		final String trimmed = specification.trim();
		if (trimmed.isEmpty() || trimmed.equalsIgnoreCase(NONE)) return steps;
		for (final String part : trimmed.split(",")) {
			try {
				final Degradation step = step(part.trim());
				if (step != null) steps.add(step);
			}
			catch (final IllegalArgumentException e) {
				throw new IllegalArgumentException("cannot read '" + part.trim() + "' in crappifier specification '"
						+ specification + "': " + e.getMessage() + ". " + ACCEPTED, e);
			}
		}
		return steps;
	}

	/** The degradation one {@code name=value} part asks for, or null for {@code text=false}. */
	private static Degradation step(final String part) {
		final int equals = part.indexOf('=');
		if (equals < 0) {
			throw new IllegalArgumentException("a step needs the form name=value");
		}
		final String name = part.substring(0, equals).trim().toLowerCase(Locale.ROOT);
		final String value = part.substring(equals + 1).trim();
		switch (name) {
			case "downscale":
				return downscale(value);
			case "blur":
				return new GaussianBlur(Range.parse(value));
			case "poisson":
				return new PoissonNoise(Range.parse(value));
			case "gaussian":
				return new GaussianNoise(Range.parse(value));
			case "camera":
				return CameraNoise.parse(value);
			case "saltpepper":
				return new SaltAndPepper(Range.parse(value));
			case "jpeg":
				return new JpegCompression(Range.parse(value));
			case "text":
				return text(value);
			default:
				throw new IllegalArgumentException("'" + name + "' is not a known degradation");
		}
	}

	/** {@code area:S}, {@code bicubic:S}, or a bare {@code S} for area. */
	private static Downscale downscale(final String value) {
		final int colon = value.indexOf(':');
		final String method = colon < 0 ? "area" : value.substring(0, colon).trim().toLowerCase(Locale.ROOT);
		final String factor = value.substring(colon + 1).trim();
		final Downscale.Method chosen;
		if (method.equals("area")) chosen = Downscale.Method.AREA;
		else if (method.equals("bicubic")) chosen = Downscale.Method.BICUBIC;
		else throw new IllegalArgumentException("downscale method '" + method + "' is not area or bicubic");
		try {
			return new Downscale(chosen, Integer.parseInt(factor));
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("downscale factor '" + factor + "' is not a whole number");
		}
	}

	private static TextOverlay text(final String value) {
		if (value.equalsIgnoreCase("true")) return new TextOverlay();
		if (value.equalsIgnoreCase("false")) return null;
		throw new IllegalArgumentException("text takes true or false, not '" + value + "'");
	}
}
