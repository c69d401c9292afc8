package org.pixelwise.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.io.FileSaver;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.files.FolderLock;
import org.pixelwise.model.ModelFolder;

/**
 * The launcher as a separate process, the way a cluster job runs it: a training ended by
 * SIGTERM or by kill -9 of the launcher saves and cleans up, a second training into the same
 * model is refused, and TensorFlow's native log stays out of the output.
 */
class ProcessSafetyTest {

	@TempDir
	static Path project;

	@BeforeAll
	static void makeProject() throws IOException {
		DiscProject.write(project);
	}

	/** The launcher's main in a new JVM, as {@code java -jar plugins/pixelwise.jar ...}. */
	private static Process launch(final Path log, final String... args) throws IOException {
		final List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty(
			"java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
			Launcher.class.getName()));
		command.addAll(List.of(args));
		final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().remove(QuietJvm.CHILD);
		builder.environment().remove(QuietJvm.SHOW_TF_LOG);
		return builder.start();
	}

	private static Process train(final Path model, final Path log) throws IOException {
		return launch(log, "--run", "Pixelwise Train Segmentation", "images='" + project.resolve(
			"images") + "',labels='" + project.resolve("labels") + "',model='" + model +
			"',epochs=500,steps_per_epoch=4,batch_size=2,patch_size=64,depth=2,base_filters=4," +
			"learning_rate=0.003,device=cpu");
	}

	private static void awaitFile(final Path file, final Process process, final Path log)
		throws Exception
	{
		final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (!Files.exists(file)) {
			assertTrue(process.isAlive(), "the training ended early:\n" + read(log));
			assertTrue(System.nanoTime() < end, "no " + file + " after 120 s:\n" + read(log));
			Thread.sleep(200);
		}
	}

	private static String read(final Path log) throws IOException {
		return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
	}

	private static void assertNoHiddenLeftovers(final Path model) throws IOException {
		try (Stream<Path> files = Files.list(model)) {
			files.forEach(p -> assertFalse(p.getFileName().toString().matches(
				"\\.(best|latest|previous)\\.(writing|old)-.*"), "left behind: " + p));
		}
	}

	/** Defect 11: SIGTERM ended training with no message and no final save. */
	@Test
	void sigtermSavesLatestAndSaysSo(@TempDir final Path dir) throws Exception {
		final Path model = dir.resolve("model"), log = dir.resolve("log.txt");
		final Process training = train(model, log);
		awaitFile(model.resolve("latest/rdf.yaml"), training, log);
		Thread.sleep(500);
		training.destroy(); // SIGTERM
		assertTrue(training.waitFor(120, TimeUnit.SECONDS), read(log));
		assertNotEquals(0, training.exitValue(), read(log));
		assertTrue(read(log).contains("training stopped by the system (SIGTERM or shutdown) at step"),
			read(log));
		assertTrue(ModelFolder.hasTrainingState(model.resolve("latest")), read(log));
		assertNoHiddenLeftovers(model);
	}

	/** kill -9 of the launcher: its worker JVM notices, saves and ends too. */
	@Test
	void killingTheLauncherEndsItsWorkerWhichSaves(@TempDir final Path dir) throws Exception {
		final Path model = dir.resolve("model"), log = dir.resolve("log.txt");
		final Process training = train(model, log);
		awaitFile(model.resolve("latest/rdf.yaml"), training, log);
		final List<ProcessHandle> workers = training.toHandle().children().collect(
			java.util.stream.Collectors.toList());
		assertEquals(1, workers.size(), "the launcher should run one worker JVM");
		training.destroyForcibly(); // kill -9
		training.waitFor(30, TimeUnit.SECONDS);
		assertTrue(workers.get(0).onExit().get(120, TimeUnit.SECONDS) != null);
		assertTrue(read(log).contains("training stopped by the system"), read(log));
		assertTrue(ModelFolder.hasTrainingState(model.resolve("latest")));
	}

	/** Defect 8, with two processes: the second training is refused with who holds the model. */
	@Test
	void aModelBeingTrainedIsLocked(@TempDir final Path dir) throws Exception {
		final Path model = dir.resolve("model"), log = dir.resolve("log.txt");
		final Process training = train(model, log);
		try {
			awaitFile(model.resolve("latest/rdf.yaml"), training, log);
			final IOException e = assertThrows(IOException.class, () -> FolderLock.take(model,
				"training"));
			assertTrue(e.getMessage().contains("is in use by another training (process "), e
				.getMessage());
			final LaunchResult second = LaunchResult.of("--run", "Pixelwise Train Segmentation",
				"images='" + project.resolve("images") + "',labels='" + project.resolve("labels") +
					"',model='" + model + "',epochs=1,device=cpu");
			assertEquals(1, second.status, second.toString());
			assertTrue(second.err.contains("is in use by another training"), second.toString());
		}
		finally {
			training.destroy();
			training.waitFor(120, TimeUnit.SECONDS);
		}
		assertTrue(Files.exists(model.resolve("latest/rdf.yaml")), "the first run's model was harmed");
	}

	/**
	 * Defect 3: large images held several float and int copies (8192² 8-bit needed more than
	 * 2 GB of heap). A 4096² image, all outputs, now fits 288 MB of heap; before, 320 MB failed.
	 */
	@Test
	void aLargeImageIsSegmentedInASmallHeap(@TempDir final Path dir) throws Exception {
		final Path image = dir.resolve("large.tif");
		final ij.process.ByteProcessor pixels = new ij.process.ByteProcessor(4096, 4096);
		final java.util.Random random = new java.util.Random(1);
		for (int i = 0; i < 4096 * 4096; i++)
			pixels.set(i, (i % 4096) / 16 + random.nextInt(32));
		new FileSaver(new ImagePlus("large", pixels)).saveAsTiff(image.toString());
		final Path log = dir.resolve("log.txt");
		final List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty(
			"java.home"), "bin", "java").toString(), "-Xmx288m", "-cp", System.getProperty(
				"java.class.path"), Launcher.class.getName(), "--run", "Pixelwise Segment Image",
			"image='" + image + "',model='" + Paths.get("models/em-membranes").toAbsolutePath() +
				"',show=all,device=cpu"));
		final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put(QuietJvm.SHOW_TF_LOG, "1"); // one JVM, so -Xmx is the worker's
		final Process run = builder.start();
		assertTrue(run.waitFor(300, TimeUnit.SECONDS), read(log));
		assertEquals(0, run.exitValue(), read(log));
		assertTrue(read(log).contains("instance_image = image 'large_instances' 4096x4096"), read(log));
	}

	/** The user sees Pixelwise's lines, not TensorFlow's native log. */
	@Test
	void tensorflowsNativeLogIsNotShown(@TempDir final Path dir) throws Exception {
		final Path log = dir.resolve("log.txt");
		final Process test = launch(log, "--run", "Pixelwise Test Model", "model='" + Paths.get(
			"models/em-membranes").toAbsolutePath() + "',device=cpu");
		assertTrue(test.waitFor(120, TimeUnit.SECONDS));
		final String output = read(log);
		assertEquals(0, test.exitValue(), output);
		assertTrue(output.contains("passed"), output);
		assertFalse(output.contains("tensorflow/") || output.contains("absl") || output.contains(
			".cc:"), output);
	}

	@Test
	void nativeLogLinesAreRecognised() {
		assertTrue(QuietJvm.isNativeLog(
			"2026-12-07 00:56:09.421382: I tensorflow/cc/saved_model/reader.cc:83] Reading SavedModel from: /x"));
		assertTrue(QuietJvm.isNativeLog(
			"I0000 00:00:1796605168.749618   16405 mlir_graph_optimization_pass.cc:401] MLIR V1 optimization pass is not enabled"));
		assertTrue(QuietJvm.isNativeLog(
			"WARNING: All log messages before absl::InitializeLog() is called are written to STDERR"));
		assertFalse(QuietJvm.isNativeLog("[INFO] Pixelwise: epoch 1: val_dice 0.5"));
		assertFalse(QuietJvm.isNativeLog("pixelwise: 'Pixelwise Segment Image' failed: x.cc:1] y"));
	}
}
