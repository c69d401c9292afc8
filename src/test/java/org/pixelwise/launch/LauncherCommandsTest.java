package org.pixelwise.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.FloatProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Pixelwise commands through --run: bad options fail with a reason and exit status. */
class LauncherCommandsTest {

	@Test
	void unknownKeyIsRejectedWithTheCommandsOptions() {
		final LaunchResult r = LaunchResult.of("--run", "Pixelwise Segment Folder",
			"model='/m',input='/i',output='/o',tile='64'");
		assertEquals(2, r.status, r.toString());
		assertTrue(r.err.contains("unknown option 'tile'") && r.err.contains("tile_size"), r.toString());
	}

	@Test
	void missingModelFailsWithExitStatusOne(@TempDir final Path dir) {
		final LaunchResult r = LaunchResult.of("--run", "Pixelwise Segment Folder", "model='" + dir
			.resolve("no model") + "',input='" + dir + "',output='" + dir.resolve("out") + "'");
		assertEquals(1, r.status, r.toString());
		assertTrue(r.err.contains("does not exist"), r.toString());
	}

	@Test
	void nonExistentFolderFailsWithExitStatusOne(@TempDir final Path dir) {
		final LaunchResult r = LaunchResult.of("--run", "Pixelwise Train Segmentation", "images='" + dir
			.resolve("nowhere") + "',labels='" + dir + "',model='" + dir.resolve("m") + "'");
		assertEquals(1, r.status, r.toString());
		assertTrue(r.err.contains("images folder") && r.err.contains("does not exist"), r.toString());
	}

	@Test
	void labelFolderWithUnmatchedNamesFails(@TempDir final Path dir) throws Exception {
		final Path images = Files.createDirectories(dir.resolve("images"));
		final Path labels = Files.createDirectories(dir.resolve("labels"));
		new FileSaver(new ImagePlus("a", new FloatProcessor(16, 16))).saveAsTiff(images.resolve("a.tif")
			.toString());
		new FileSaver(new ImagePlus("b", new FloatProcessor(16, 16))).saveAsTiff(labels.resolve("b.tif")
			.toString());
		final LaunchResult r = LaunchResult.of("--run", "Pixelwise Train Segmentation", "images='" +
			images + "',labels='" + labels + "',model='" + dir.resolve("m") + "'");
		assertEquals(1, r.status, r.toString());
		assertTrue(r.err.contains("has no label image for [a.tif]"), r.toString());
	}
}
