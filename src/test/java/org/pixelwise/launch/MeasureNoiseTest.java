package org.pixelwise.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ShortProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pixelwise Measure Noise through the launcher: 16-bit camera images of known gain and read
 * noise give those figures back (within 10%) and a degradation Train Restoration accepts.
 */
class MeasureNoiseTest {

	@Test
	void measuresACamerasNoiseFromAFolder(@TempDir final Path dir) throws Exception {
		final Path in = Files.createDirectories(dir.resolve("noisy"));
		final Random random = new Random(3);
		for (int n = 0; n < 2; n++) {
			final ShortProcessor p = new ShortProcessor(256, 256);
			for (int y = 0; y < 256; y++)
				for (int x = 0; x < 256; x++) {
					final double electrons = 3 + 200.0 * x / 256 * (0.5 + 0.5 * Math.sin(y / 40.0 + n));
					final double v = 100 + 2.5 * poisson(electrons, random) + 5 * random.nextGaussian();
					p.set(x, y, (int) Math.round(v));
				}
			IJ.saveAsTiff(new ImagePlus("noisy", p), in.resolve("n" + n + ".tif").toString());
		}
		final LaunchResult r = LaunchResult.of("--run", "Pixelwise Measure Noise", "images='" + in +
			"',offset=100");
		assertEquals(0, r.status, r.toString());
		final Matcher gain = Pattern.compile("gain = ([0-9.]+)").matcher(r.out);
		final Matcher read = Pattern.compile("read_noise = ([0-9.]+)").matcher(r.out);
		assertTrue(gain.find() && read.find(), r.toString());
		assertEquals(2.5, Double.parseDouble(gain.group(1)), 0.25, r.toString());
		assertEquals(5.0, Double.parseDouble(read.group(1)), 0.5, r.toString());
		assertTrue(r.out.contains("degradation = camera="), r.toString());
	}

	private static int poisson(final double mean, final Random random) {
		if (mean > 50) return (int) Math.round(mean + Math.sqrt(mean) * random.nextGaussian());
		final double limit = Math.exp(-mean);
		int k = 0;
		double product = random.nextDouble();
		while (product > limit) {
			k++;
			product *= random.nextDouble();
		}
		return k;
	}
}
