package org.pixelwise.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {

	@TempDir
	Path folder;

	@Test
	void runFillsParametersByNameAndPrintsOutputs() throws Exception {
		final LaunchResult r = LaunchResult.of("--run", "Pixelwise Test Echo", "text=hi,times=3,scale=2.5,shout=true,folder='" +
			folder + "'");
		assertEquals(0, r.status, r.toString());
		assertTrue(r.out.contains("echoed = HIHIHI"), r.toString());
		assertTrue(r.out.contains("image_title = none"), r.toString());
		assertEquals("HIHIHI\nnone\n2.5", read(folder.resolve("echo.txt")));
	}

	@Test
	void runFindsACommandByItsLabelAndOpensImageFiles() {
		final Path tiff = folder.resolve("cells a.tif");
		IJ.saveAsTiff(IJ.createImage("cells", "8-bit", 12, 8, 1), tiff.toString());
		final LaunchResult r = LaunchResult.of("--headless", "--run", "Pixelwise Test Echo",
			"text=x,image='" + tiff + "'");
		assertEquals(0, r.status, r.toString());
		assertTrue(r.out.contains("image_title = cells a.tif"), r.toString());
		assertTrue(r.out.contains("copy = image 'copy of cells a.tif' 12x8"), r.toString());
	}

	/** Fiji's --run finds commands by label only; a shortened name fails there, so here too. */
	@Test
	void runRefusesANameFijiWouldNotFindAndSuggestsTheLabel() {
		final LaunchResult r = LaunchResult.of("--run", "Echo", "text=x");
		assertEquals(2, r.status, r.toString());
		assertTrue(r.err.contains("unknown command 'Echo'; did you mean 'Pixelwise Test Echo'?"), r
			.toString());
	}

	@Test
	void quotedValuesKeepCommasAndSpaces() {
		final LaunchResult r = LaunchResult.of("--run", "Pixelwise Test Echo",
			"text='a, b c',times=2");
		assertEquals(0, r.status, r.toString());
		assertTrue(r.out.contains("echoed = a, b ca, b c"), r.toString());
	}

	@Test
	void unknownOptionFailsWithTheListOfOptionsAndExitCode2() {
		final LaunchResult r = LaunchResult.of("--run", "Pixelwise Test Echo", "text=hi,foo=1");
		assertEquals(2, r.status, r.toString());
		assertTrue(r.err.contains(
			"unknown option 'foo' for 'Pixelwise Test Echo'; its options are: text, times, folder, scale, shout, image"),
			r.toString());
	}

	@Test
	void unconvertibleOrMissingOptionsFailWithExitCode2() {
		final LaunchResult notANumber = LaunchResult.of("--run", "Pixelwise Test Echo",
			"text=hi,times=many");
		assertEquals(2, notANumber.status, notANumber.toString());
		assertTrue(notANumber.err.contains("option 'times'"), notANumber.toString());
		final LaunchResult missing = LaunchResult.of("--run", "Pixelwise Test Echo", "times=2");
		assertEquals(2, missing.status, missing.toString());
		assertTrue(missing.err.contains("needs option 'text'"), missing.toString());
		final LaunchResult notAChoice = LaunchResult.of("--run", "Pixelwise Test Fail", "how=explode");
		assertEquals(2, notAChoice.status, notAChoice.toString());
		assertTrue(notAChoice.err.contains("it must be one of: [throw, cancel]"), notAChoice.toString());
	}

	@Test
	void unknownCommandFailsWithExitCode2() {
		final LaunchResult r = LaunchResult.of("--run", "Pixelwise Test Ecko", "text=hi");
		assertEquals(2, r.status, r.toString());
		assertTrue(r.err.contains("unknown command 'Pixelwise Test Ecko'; did you mean 'Pixelwise Test Echo'"),
			r.toString());
		assertEquals(2, LaunchResult.of("--frobnicate").status);
	}

	@Test
	void failingCommandExitsNonZeroWithTheReasonOnStderr() {
		final LaunchResult thrown = LaunchResult.of("--run", "Pixelwise Test Fail", "how=throw");
		assertEquals(1, thrown.status, thrown.toString());
		assertTrue(thrown.err.contains("'Pixelwise Test Fail' failed: cannot load the model in '/nowhere' (caused by NoSuchFileException: /nowhere/model.yaml)"),
			thrown.toString());
		assertFalse(thrown.err.contains("\tat "), thrown.toString());
		final LaunchResult canceled = LaunchResult.of("--run", "Pixelwise Test Fail", "how=cancel");
		assertEquals(1, canceled.status, canceled.toString());
		assertTrue(canceled.err.contains("the model folder is empty; train a model first"),
			canceled.toString());
	}

	@Test
	void helpListsCommandsAndParameters() {
		final LaunchResult r = LaunchResult.of("--help");
		assertEquals(0, r.status, r.toString());
		for (final String expected : new String[] { "pixelwise.jar [demo", "--run \"<label>\"",
			"-batch <macro.ijm>", "Pixelwise Test Echo   (Plugins > Pixelwise Test > Pixelwise Test Echo)",
			"text                 String, required: the text to repeat",
			"times                int, default 1: how often to repeat it",
			"folder               File, optional: where to write echo.txt", "image                ImagePlus, optional",
			"how                  String, default throw: one of [throw, cancel]" })
			assertTrue(r.out.contains(expected), "missing '" + expected + "' in\n" + r);
	}

	static String read(final Path file) throws Exception {
		return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
	}
}
