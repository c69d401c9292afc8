package org.pixelwise.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Folders never stop at one odd image: a grey image for an RGB model is given three equal
 * channels (and its result is grey), an RGB image for a grey model its luminance, and an image
 * that cannot be read is reported by name while the others are done; the exit status says so.
 */
class MixedFolderTest {

	@TempDir
	static Path dir;

	@BeforeAll
	static void folder() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in"));
		final ByteProcessor grey = new ByteProcessor(40, 32);
		final ColorProcessor rgb = new ColorProcessor(40, 32);
		for (int y = 0; y < 32; y++)
			for (int x = 0; x < 40; x++) {
				grey.set(x, y, (x * 5 + y * 3) % 256);
				rgb.set(x, y, ((x * 6) % 256) << 16 | ((y * 7) % 256) << 8 | 90);
			}
		IJ.saveAsTiff(new ImagePlus("grey", grey), in.resolve("a-grey.tif").toString());
		IJ.saveAsTiff(new ImagePlus("rgb", rgb), in.resolve("b-rgb.tif").toString());
		Files.write(in.resolve("c-broken.tif"), new byte[] { 'I', 'I', 42, 0, 1, 2, 3 });
	}

	private static void check(final LaunchResult r, final Path out, final String suffix) {
		assertEquals(1, r.status, r.toString());
		assertTrue(r.err.contains("1 image(s) failed: c-broken.tif ("), r.toString());
		assertTrue(Files.exists(out.resolve("a-grey" + suffix)), r.toString());
		assertTrue(Files.exists(out.resolve("b-rgb" + suffix)), r.toString());
		assertFalse(Files.exists(out.resolve("c-broken" + suffix)));
	}

	@Test
	void restoreFolderWithAnRgbModelDoesGreyAndRgbAndReportsTheBrokenOne() {
		final Path out = dir.resolve("rgb-model");
		final LaunchResult r = LaunchResult.of("--run", "Pixelwise Restore Folder", "model='" + Paths
			.get("models/sr-photo-x2").toAbsolutePath() + "',input='" + dir.resolve("in") + "',output='" +
			out + "',device=cpu");
		check(r, out, "_restored.tif");
		final ImagePlus grey = IJ.openImage(out.resolve("a-grey_restored.tif").toString());
		assertEquals(8, grey.getBitDepth(), "a grey image comes back grey");
		assertEquals(80, grey.getWidth());
		assertEquals(24, IJ.openImage(out.resolve("b-rgb_restored.tif").toString()).getBitDepth());
	}

	@Test
	void restoreFolderWithAGreyModelUsesLuminance() {
		final Path out = dir.resolve("grey-model");
		final LaunchResult r = LaunchResult.of("--run", "Pixelwise Restore Folder", "model='" + Paths
			.get("models/sr-microscopy-x2").toAbsolutePath() + "',input='" + dir.resolve("in") +
			"',output='" + out + "',device=cpu");
		check(r, out, "_restored.tif");
	}

	@Test
	void segmentFolderWithAGreyModelUsesLuminance() {
		final Path out = dir.resolve("segmented");
		final LaunchResult r = LaunchResult.of("--run", "Pixelwise Segment Folder", "model='" + Paths
			.get("models/em-membranes").toAbsolutePath() + "',input='" + dir.resolve("in") +
			"',output='" + out + "',device=cpu");
		check(r, out, "_labels.tif");
	}
}
