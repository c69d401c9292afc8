package org.pixelwise.launch;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 3-D demos refuse bad arguments with a message and a non-zero exit, before any work. */
class DemoArgumentsTest {

	@Test
	void stepsOutOfRangeOrNotANumberAreRefusedBeforeAnythingIsWritten(@TempDir final Path dir)
		throws Exception
	{
		for (final String demo : new String[] { "demo-3d", "demo-3d-denoise" }) {
			final Path out = dir.resolve(demo);
			final LaunchResult few = LaunchResult.of(demo, out.toString(), "5");
			assertNotEquals(0, few.status, few.toString());
			assertTrue(few.err.contains("steps 5 is out of range"), few.toString());
			final LaunchResult word = LaunchResult.of(demo, out.toString(), "many");
			assertNotEquals(0, word.status, word.toString());
			assertTrue(word.err.contains("'many' is not a whole number"), word.toString());
			assertTrue(!Files.exists(out), "nothing written for " + demo);
		}
	}
}
