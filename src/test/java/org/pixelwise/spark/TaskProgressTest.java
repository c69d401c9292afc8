package org.pixelwise.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * Spark delivers task ends to listeners asynchronously, so a job can return before the last
 * ones arrive; the console must still end on "N/N" (SparkLaunchTest failed on this now and then).
 */
class TaskProgressTest {

	@Test
	void theFinalCountIsPrintedWhenTheJobReturnsBeforeItsLastTaskEnds() {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final TaskProgress progress = new TaskProgress(new PrintStream(bytes, true,
			StandardCharsets.UTF_8), "segmented");
		progress.expect(6);
		progress.finished();
		final String out = bytes.toString(StandardCharsets.UTF_8);
		assertTrue(out.contains("6/6 tasks segmented, ETA 0m00s"), out);
		assertEquals(1, out.lines().count(), out);
		progress.finished();
		assertEquals(1, bytes.toString(StandardCharsets.UTF_8).lines().count(), "printed once");
	}
}
