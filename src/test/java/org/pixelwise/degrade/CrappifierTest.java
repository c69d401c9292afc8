package org.pixelwise.degrade;

import org.pixelwise.data.FloatImage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class CrappifierTest {

	private static final String EVERYTHING =
			"blur=0.5-1.5, downscale=bicubic:2, poisson=20-200, gaussian=0.01-0.03, saltpepper=0.01, jpeg=20-60, text=true";

	@Test
	void sameSeedGivesTheSameDegradation() {
		final FloatImage image = TestImages.ramp(48, 40, 1, 10, 2, 3, 255);
		final Crappifier crappifier = Crappifier.parse(EVERYTHING);
		assertArrayEquals(crappifier.apply(image, 42).pixels, crappifier.apply(image, 42).pixels);
	}

	@Test
	void differentSeedsDiffer() {
		final FloatImage image = TestImages.ramp(48, 40, 1, 10, 2, 3, 255);
		final Crappifier crappifier = Crappifier.parse(EVERYTHING);
		assertFalse(Arrays.equals(crappifier.apply(image, 1).pixels, crappifier.apply(image, 2).pixels));
	}

	@Test
	void applyLeavesTheInputUnchanged() {
		final FloatImage image = TestImages.ramp(48, 40, 1, 10, 2, 3, 255);
		final float[] before = image.pixels.clone();
		Crappifier.parse(EVERYTHING).apply(image, 3);
		assertArrayEquals(before, image.pixels);
	}

	@Test
	void microscopyPresetShrinksAndAddsNoise() {
		final FloatImage image = TestImages.ramp(32, 30, 1, 1000, 900, 800, 65535);
		final FloatImage damaged = Crappifier.microscopy(2).apply(image, 5);
		assertEquals(16, damaged.width);
		assertEquals(15, damaged.height);
		final FloatImage clean = new Downscale(Downscale.Method.AREA, 2).apply(image, new Random(0));
		assertFalse(Arrays.equals(clean.pixels, damaged.pixels));
		assertEquals(2, Crappifier.microscopy(2).scale());
	}

	@Test
	void photoPresetShrinksCompressesAndWrites() {
		final FloatImage image = TestImages.ramp(32, 32, 3, 20, 3, 2, 255);
		final FloatImage small = Crappifier.photo(2).apply(image, 5);
		assertEquals(16, small.width);
		assertEquals(16, small.height);
		assertEquals(3, small.channels);
		final FloatImage same = Crappifier.photo(1).apply(image, 5);
		assertEquals(32, same.width);
		assertFalse(Arrays.equals(image.pixels, same.pixels));
		assertEquals(1, Crappifier.photo(1).scale());
	}

	@Test
	void parseReadsCustomRangesAndToStringRoundTrips() {
		final String text = "downscale=area:2, poisson=50-500, gaussian=0.01-0.03, blur=0.5-1.5, "
				+ "jpeg=20-60, text=true, saltpepper=0.001";
		final Crappifier crappifier = Crappifier.parse(text);
		final List<Degradation> steps = crappifier.steps();
		assertEquals(7, steps.size());
		assertEquals(Downscale.Method.AREA, ((Downscale) steps.get(0)).method);
		assertEquals(2, crappifier.scale());
		assertEquals(50, ((PoissonNoise) steps.get(1)).photons.min, 0);
		assertEquals(500, ((PoissonNoise) steps.get(1)).photons.max, 0);
		assertEquals(0.03, ((GaussianNoise) steps.get(2)).deviation.max, 0);
		assertEquals(0.5, ((GaussianBlur) steps.get(3)).sigma.min, 0);
		assertEquals(60, ((JpegCompression) steps.get(4)).quality.max, 0);
		assertTrue(steps.get(5) instanceof TextOverlay);
		assertEquals(0.001, ((SaltAndPepper) steps.get(6)).fraction.min, 0);
		assertEquals(text, crappifier.toString());
		assertEquals(text, Crappifier.parse(crappifier.toString()).toString());
		assertTrue(crappifier.describe().contains("Poisson noise at 50 to 500 photons"), crappifier.describe());

		final Crappifier tiny = Crappifier.parse(" Downscale = bicubic:3 ,saltpepper=1e-4-1e-3, text=false");
		assertEquals("downscale=bicubic:3, saltpepper=0.0001-0.001", tiny.toString());
		assertEquals("none", Crappifier.parse("none").toString());
		assertTrue(Crappifier.parse("").steps().isEmpty());
		assertEquals(Crappifier.microscopy(4).toString(),
				Crappifier.parse(Crappifier.microscopy(4).toString()).toString());
	}

	@Test
	void badSpecificationIsRejectedWithAMessage() {
		for (final String bad : new String[] { "downscale=lanczos:2", "jpeg=0-150", "poisson=500-50",
			"blur", "sharpen=2", "gaussian=lots", "text=maybe", "downscale=area:0", "jpeg=20.5-60",
			"saltpepper=2" }) {
			final String specification = "downscale=area:2, " + bad;
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
					() -> Crappifier.parse(specification), bad);
			assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
			assertTrue(e.getMessage().contains("accepted syntax"), e.getMessage());
		}
	}
}
