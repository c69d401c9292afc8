package org.pixelwise.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ByteProcessor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task that fails once is retried by Spark; the outputs are then complete and not doubled. */
class SparkRetryTest {

	@AfterEach
	void noMoreFailures() {
		ExecutorWork.beforeEachUnit = unit -> {};
	}

	@Test
	void aTaskThatFailsOnceIsRetriedAndItsOutputWrittenOnce(@TempDir final Path dir)
		throws Exception
	{
		final Path in = Files.createDirectories(dir.resolve("in"));
		for (int i = 0; i < 3; i++) {
			final ByteProcessor p = new ByteProcessor(64, 48);
			for (int y = 0; y < 48; y++)
				for (int x = 0; x < 64; x++)
					p.set(x, y, (x * (3 + i) + y * 5) % 256);
			IJ.saveAsTiff(new ImagePlus("i", p), in.resolve("image" + i + ".tif").toString());
		}
		final AtomicInteger attempts = new AtomicInteger();
		ExecutorWork.beforeEachUnit = unit -> {
			if (unit.file.endsWith("image1.tif") && attempts.getAndIncrement() == 0)
				throw new IllegalStateException("injected: the executor was lost");
		};
		final Map<String, Object> inputs = new HashMap<>();
		inputs.put("model", new File("models/sr-microscopy-x2"));
		inputs.put("input", in.toFile());
		inputs.put("output", dir.resolve("out").toFile());
		inputs.put("tile_size", 256);
		inputs.put("batch_size", 1);
		inputs.put("device", "cpu");
		inputs.put("output_type", "32-bit");
		final ByteArrayOutputStream console = new ByteArrayOutputStream();
		final SparkFolderJob.Outcome outcome;
		try (PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8)) {
			outcome = SparkMode.run(FolderRequest.Kind.RESTORE.label, inputs, "local[2,3]",
				new HashMap<>(), null, 16, out);
		}
		final String printed = console.toString(StandardCharsets.UTF_8);
		assertEquals(2, attempts.get(), "the failing task ran again: " + printed);
		assertEquals(1, outcome.retriedTasks, printed);
		assertEquals(3, outcome.done, printed);
		assertTrue(outcome.failed.isEmpty(), printed);
		assertTrue(printed.contains("Spark retries it"), printed);
		final List<String> files;
		try (Stream<Path> list = Files.list(dir.resolve("out"))) {
			files = list.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
		assertEquals(List.of("image0_restored.tif", "image1_restored.tif", "image2_restored.tif"),
			files, "one output each, no temporary leftovers");
		assertEquals(128, IJ.openImage(dir.resolve("out/image1_restored.tif").toString())
			.getWidth());
	}
}
