package org.pixelwise.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** Overlapped folders give what one image after the other gives, failures included. */
class FolderPipelineTest {

	private static List<File> files(final int n) {
		final List<File> files = new ArrayList<>();
		for (int i = 0; i < n; i++)
			files.add(new File("img" + i + ".tif"));
		return files;
	}

	@Test
	void pipelinedResultsEqualSerialOnesAndFailuresStayWithTheirImage() throws Exception {
		final List<File> files = files(12);
		final Map<String, String> written = new ConcurrentHashMap<>();
		final List<String> report = Collections.synchronizedList(new ArrayList<>());
		final AtomicInteger inFlight = new AtomicInteger(), maxInFlight = new AtomicInteger();
		final FolderPipeline<String, String> pipeline = new FolderPipeline<>(file -> {
			if (file.getName().equals("img3.tif")) throw new IllegalStateException("unreadable");
			maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			Thread.sleep(3);
			return file.getName().toUpperCase();
		}, (file, input) -> {
			if (file.getName().equals("img5.tif")) {
				inFlight.decrementAndGet();
				throw new IllegalArgumentException("wrong channels");
			}
			Thread.sleep(5);
			return input + "!";
		}, (file, output) -> {
			if (file.getName().equals("img7.tif")) {
				inFlight.decrementAndGet();
				throw new java.io.IOException("disk full");
			}
			Thread.sleep(4);
			written.put(file.getName(), output);
			inFlight.decrementAndGet();
		});
		pipeline.run(files, file -> file.getName().equals("img1.tif"), () -> false,
			new FolderPipeline.Outcome() {

				@Override
				public void done(final File file, final int index) {
					report.add(index + " done");
				}

				@Override
				public void failed(final File file, final int index, final Exception cause) {
					report.add(index + " " + cause.getMessage());
				}
			});
		// What the serial loop gives: each image's own output, in order, failures by name.
		final List<String> expected = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			if (i == 1) continue;
			expected.add(i + (i == 3 ? " unreadable" : i == 5 ? " wrong channels" : i == 7
				? " disk full" : " done"));
		}
		assertEquals(expected, report);
		for (int i = 0; i < 12; i++) {
			if (i == 1 || i == 3 || i == 5 || i == 7) continue;
			assertEquals("IMG" + i + ".TIF!", written.get("img" + i + ".tif"));
		}
		assertEquals(8, written.size());
		assertTrue(maxInFlight.get() <= 4, "images in memory at once: " + maxInFlight.get());
	}

	@Test
	void stopLeavesTheRestUntouched() throws Exception {
		final List<File> files = files(6);
		final List<String> done = Collections.synchronizedList(new ArrayList<>());
		final AtomicInteger processed = new AtomicInteger();
		new FolderPipeline<String, String>(File::getName, (file, input) -> {
			processed.incrementAndGet();
			return input;
		}, (file, output) -> done.add(output)).run(files, file -> false, () -> processed.get() >= 2,
			new FolderPipeline.Outcome() {

				@Override
				public void done(final File file, final int index) {}

				@Override
				public void failed(final File file, final int index, final Exception cause) {}
			});
		assertEquals(2, processed.get());
		assertEquals(List.of("img0.tif", "img1.tif"), done);
	}
}
