package org.pixelwise.degrade;

import org.pixelwise.data.FloatImage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Makes the damaged inputs for training a restoration or super-resolution network from good
 * images alone ("crappification", after fast.ai's decrappify and PSSR): an ordered list of
 * {@link Degradation}s applied one after another, with strengths drawn anew for every image.
 * The same seed always gives the same damaged image, so training runs can be repeated.
 *
 * <p>Start from a preset ({@link #microscopy(int)}, {@link #photo(int)}) or write your own in
 * the text form that {@link #parse(String)} reads and {@link #toString()} writes, e.g.
 * {@code downscale=area:2, poisson=50-500, gaussian=0.01-0.03}.
 */
public final class Crappifier {

	private final List<Degradation> steps;

	public Crappifier(final List<Degradation> steps) {
		if (steps == null || steps.contains(null)) {
			throw new IllegalArgumentException("a crappifier needs a list of degradations without gaps (null)");
		}
		this.steps = Collections.unmodifiableList(new ArrayList<>(steps));
	}

	public static Crappifier of(final Degradation... steps) {
		return new Crappifier(Arrays.asList(steps));
	}

	/**
	 * Point-scanning microscopy as in PSSR: pixels {@code scale} times coarser (block means), then
	 * photon shot noise at 10 to 1000 photons full scale and Gaussian read noise of 0.5 to 2 % of
	 * full scale. For a softer optic, put {@code blur=0.5-1.5} in front in a specification of your own.
	 */
	public static Crappifier microscopy(final int scale) {
		return of(new Downscale(Downscale.Method.AREA, scale), new PoissonNoise(new Range(10, 1000)),
				new GaussianNoise(new Range(0.005, 0.02)));
	}

	/**
	 * Photographs as in fast.ai lesson 7: bicubic downscale by {@code scale} (none for 1), a random
	 * text overlay, then JPEG compression at quality 10 to 70.
	 */
	public static Crappifier photo(final int scale) {
		final List<Degradation> steps = new ArrayList<>();
		if (scale != 1) steps.add(new Downscale(Downscale.Method.BICUBIC, scale));
		steps.add(new TextOverlay());
		steps.add(new JpegCompression(new Range(10, 70)));
		return new Crappifier(steps);
	}

	/**
	 * A preset by name at the given scale ("microscopy", "photo"), or else a specification for
	 * {@link #parse}: what the {@code degradation} key of Train Restoration and Crappify means.
	 */
	public static Crappifier named(final String degradation, final int scale) {
		final String d = degradation.trim().toLowerCase(java.util.Locale.ROOT);
		if (d.equals("microscopy")) return microscopy(scale);
		if (d.equals("photo")) return photo(scale);
		return parse(degradation);
	}

	/**
	 * Reads a specification such as {@code downscale=area:2, poisson=50-500, gaussian=0.01-0.03,
	 * blur=0.5-1.5, jpeg=20-60, text=true, saltpepper=0.001}: steps applied in the order written,
	 * each {@code MIN-MAX} a range to draw from and a single number a fixed value; {@code none} or
	 * an empty text means no damage.
	 *
	 * @throws IllegalArgumentException naming the part that could not be read and the accepted syntax
	 */
	public static Crappifier parse(final String specification) {
		return new Crappifier(CrappifierSyntax.read(specification));
	}

	/** The degradations in the order they are applied. */
	public List<Degradation> steps() {
		return steps;
	}

	/** How many times smaller the output is than the input along each axis. */
	public int scale() {
		int scale = 1;
		for (final Degradation step : steps) {
			if (step instanceof Downscale) scale *= ((Downscale) step).factor;
		}
		return scale;
	}

	/** The damaged image for this seed; the same image and seed always give the same result. */
	public FloatImage apply(final FloatImage image, final long seed) {
		return apply(image, new Random(seed));
	}

	/** The damaged image, drawing strengths and noise from {@code random}. */
	public FloatImage apply(final FloatImage image, final Random random) {
		FloatImage damaged = image.copy();
		for (final Degradation step : steps) {
			damaged = step.apply(damaged, random);
		}
		return damaged;
	}

	/**
	 * The damaged volume (z-stack with a z step of {@code anisotropy} pixel sizes): noise drawn
	 * once per volume, blur in 3-D; see {@link Degradation#applyVolume}.
	 */
	public FloatImage applyVolume(final FloatImage volume, final Random random,
		final double anisotropy)
	{
		FloatImage damaged = volume.copy();
		for (final Degradation step : steps)
			damaged = step.applyVolume(damaged, random, anisotropy);
		return damaged;
	}

	/** The steps in words, e.g. "area downscale by 2 (...), then Poisson noise at 10 to 1000 photons full scale". */
	public String describe() {
		if (steps.isEmpty()) return "no damage";
		final StringBuilder text = new StringBuilder();
		for (final Degradation step : steps) {
			if (text.length() > 0) text.append(", then ");
			text.append(step.describe());
		}
		return text.toString();
	}

	/** The specification that {@link #parse(String)} reads back into the same steps. */
	@Override
	public String toString() {
		if (steps.isEmpty()) return CrappifierSyntax.NONE;
		final StringBuilder text = new StringBuilder();
		for (final Degradation step : steps) {
			if (text.length() > 0) text.append(", ");
			text.append(step);
		}
		return text.toString();
	}
}
