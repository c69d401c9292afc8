package org.pixelwise.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchMacroTest {

	@TempDir
	Path temp;

	/** A folder whose name has a space, so that unbracketed paths would break. */
	private Path folder() throws Exception {
		return Files.createDirectories(temp.resolve("macro output"));
	}

	private LaunchResult runMacro(final String macro, final Path folder) throws Exception {
		final Path file = temp.resolve("test.ijm");
		Files.write(file, macro.getBytes(StandardCharsets.UTF_8));
		return LaunchResult.of("-batch", file.toString(), folder.toString());
	}

	@Test
	void macroReachesCommandsWithBracketedOptions() throws Exception {
		final Path folder = folder();
		final LaunchResult r = runMacro(
			"run(\"Pixelwise Test Echo\", \"text=[hello world] times=2 scale=0.25 folder=[\" + getArgument() + \"]\");\n",
			folder);
		assertEquals(0, r.status, r.toString());
		assertEquals("hello worldhello world\nnone\n0.25", LauncherTest.read(folder.resolve(
			"echo.txt")));
	}

	@Test
	void macroImageInputDefaultsToTheCurrentImage() throws Exception {
		final Path folder = folder();
		final LaunchResult r = runMacro(String.join("\n",
			"dir = getArgument();",
			"newImage(\"cells\", \"8-bit black\", 32, 16, 1);",
			"run(\"Pixelwise Test Echo\", \"text=x folder=[\" + dir + \"]\");",
			"File.saveString(getTitle() + \" \" + getWidth() + \" \" + nImages, dir + \"/after.txt\");",
			""), folder);
		assertEquals(0, r.status, r.toString());
		assertEquals("x\ncells\n0.5", LauncherTest.read(folder.resolve("echo.txt")));
		// The command's image output is shown, so it becomes the current image.
		assertEquals("copy of cells 32 2", LauncherTest.read(folder.resolve("after.txt")));
	}

	/**
	 * The launcher's bridge shows nothing itself, as imagej-legacy headless does not: the images
	 * reach the macro only because the command's outcome is passed on (CommandOutcomes).
	 */
	@Test
	void outputImagesReachTheMacroAsInADesktopFiji() throws Exception {
		final Path folder = folder();
		final LaunchResult r = runMacro(String.join("\n",
			"newImage(\"cells\", \"8-bit black\", 32, 16, 1);",
			"before = nImages;",
			"run(\"Pixelwise Test Echo\", \"text=x\");",
			"current = getTitle();",
			"selectImage(\"cells\");",
			"selectImage(\"copy of cells\");",
			"File.saveString(before + \" \" + nImages + \" \" + current + \"|\" + getTitle(), getArgument() + \"/after.txt\");",
			""), folder);
		assertEquals(0, r.status, r.toString());
		assertEquals("1 2 copy of cells|copy of cells", LauncherTest.read(folder.resolve(
			"after.txt")));
	}

	@Test
	void aCommandThatCancelsAbortsTheMacroWithItsReason() throws Exception {
		final Path folder = folder();
		final LaunchResult r = runMacro(String.join("\n",
			"run(\"Pixelwise Test Fail\", \"how=cancel\");",
			"File.saveString(\"ran on\", getArgument() + \"/after.txt\");",
			""), folder);
		assertEquals(1, r.status, r.toString());
		assertTrue(r.err.contains("line 1: 'Pixelwise Test Fail' stopped: the model folder is empty; train a model first"),
			r.toString());
		assertFalse(Files.exists(folder.resolve("after.txt")), "the macro went on after the failure");
	}

	/** Fiji lists a SciJava command under its menu leaf; a macro that uses another name fails. */
	@Test
	void aMacroThatNamesACommandAsFijiWouldNotFailsHereToo() throws Exception {
		// ImageJ 1 prints exceptions on System.out, not on the launcher's streams.
		final java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
		final java.io.PrintStream before = System.out;
		final LaunchResult r;
		System.setOut(new java.io.PrintStream(console, true, StandardCharsets.UTF_8));
		try {
			r = runMacro("run(\"Echo\", \"text=x\");", folder());
		}
		finally {
			System.setOut(before);
		}
		assertEquals(1, r.status, r.toString());
		assertTrue(r.err.contains("Unrecognized command: \"Echo\""), r.toString());
		// One line on stderr, no stack trace of ImageJ's failed attempt to open a dialog.
		assertFalse(console.toString(StandardCharsets.UTF_8).contains("HeadlessException"), console
			.toString(StandardCharsets.UTF_8));
	}

	@Test
	void macroNamesAnImageByItsTitle() throws Exception {
		final Path folder = folder();
		final LaunchResult r = runMacro(String.join("\n",
			"newImage(\"nuclei 1\", \"8-bit black\", 8, 8, 1);",
			"newImage(\"other\", \"8-bit black\", 8, 8, 1);",
			"run(\"Pixelwise Test Echo\", \"text=x image=[nuclei 1] folder=[\" + getArgument() + \"]\");",
			""), folder);
		assertEquals(0, r.status, r.toString());
		assertEquals("x\nnuclei 1\n0.5", LauncherTest.read(folder.resolve("echo.txt")));
	}

	@Test
	void macroFailureGivesNonZeroExit() throws Exception {
		final Path folder = folder();
		final LaunchResult failed = runMacro(String.join("\n",
			"print(\"starting\");",
			"run(\"Pixelwise Test Fail\", \"how=throw\");",
			"File.saveString(\"ran on\", getArgument() + \"/after.txt\");",
			""), folder);
		assertEquals(1, failed.status, failed.toString());
		assertTrue(failed.err.contains("line 2: 'Pixelwise Test Fail' failed: cannot load the model in '/nowhere'"),
			failed.toString());
		assertFalse(Files.exists(folder.resolve("after.txt")), "the macro went on after the failure");

		final LaunchResult badOption = runMacro("run(\"Pixelwise Test Echo\", \"txt=hi\");", folder);
		assertEquals(1, badOption.status, badOption.toString());
		assertTrue(badOption.err.contains("unknown option 'txt'"), badOption.toString());

		final LaunchResult syntax = runMacro("print(\"x\");\nfoo(;\nprint(\"y\");\n", folder);
		assertEquals(1, syntax.status, syntax.toString());
		assertTrue(syntax.err.contains("macro test.ijm, line 2: Undefined identifier"), syntax
			.toString());

		final LaunchResult missingFile = LaunchResult.of("-batch", temp.resolve("none.ijm").toString());
		assertEquals(2, missingFile.status, missingFile.toString());
	}

	/** ImageJ 1 adds many menu commands in code, not in IJ_Props.txt; Fiji has them all. */
	@Test
	void builtInCommandsOfTheMenuBarAreFound() throws Exception {
		final Path folder = folder();
		final LaunchResult r = runMacro(String.join("\n",
			"newImage(\"rgb\", \"RGB white\", 8, 8, 1);",
			"run(\"8-bit\");",
			"run(\"Invert\");",
			"File.saveString(bitDepth() + \" \" + getPixel(0, 0), getArgument() + \"/after.txt\");",
			""), folder);
		assertEquals(0, r.status, r.toString());
		assertEquals("8 0", LauncherTest.read(folder.resolve("after.txt")));
	}

	/**
	 * A command that needs a dialog cannot run in pure ImageJ 1 headless: ImageJ used to log a
	 * stack trace and carry on as if it had run. Now the macro stops and says so.
	 */
	@Test
	void aCommandThatNeedsADialogStopsTheMacroWithTheReason() throws Exception {
		final Path folder = folder();
		final LaunchResult r = runMacro(String.join("\n",
			"newImage(\"a\", \"8-bit black\", 8, 8, 1);",
			"run(\"Duplicate...\", \"title=b\");",
			"File.saveString(\"ran on\", getArgument() + \"/after.txt\");",
			""), folder);
		assertEquals(1, r.status, r.toString());
		assertTrue(r.err.contains("line 2: this ImageJ command opens a dialog"), r.toString());
		assertFalse(Files.exists(folder.resolve("after.txt")), "the macro went on");
		// Inside a loop ImageJ 1 used to report a later parse error ("';' expected") instead.
		final LaunchResult inLoop = runMacro(String.join("\n",
			"newImage(\"a\", \"8-bit black\", 8, 8, 1);",
			"for (i = 0; i < 2; i++) {",
			"  run(\"Duplicate...\", \"title=b\");",
			"}", ""), folder);
		assertEquals(1, inLoop.status, inLoop.toString());
		assertTrue(inLoop.err.contains("line 3: this ImageJ command opens a dialog"), inLoop.toString());
	}

	@Test
	void macroExitEndsTheRunNormally() throws Exception {
		final Path folder = folder();
		final LaunchResult r = runMacro("exit(\"nothing to do\");\nFile.saveString(\"x\", getArgument() + \"/after.txt\");",
			folder);
		assertEquals(0, r.status, r.toString());
		assertFalse(Files.exists(folder.resolve("after.txt")));
	}
}
