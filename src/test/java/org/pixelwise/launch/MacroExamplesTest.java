package org.pixelwise.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;


import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every example macro in macros/ through the launcher, as a user on a batch server would:
 * train on a project folder, segment an image, segment a folder (twice, to see it resume).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MacroExamplesTest {

	private static final Path MACROS = Paths.get("macros");

	@TempDir
	static Path project;

	@Test
	@Order(1)
	void trainOnFolderMacroWritesAModel() throws Exception {
		DiscProject.write(project);
		final LaunchResult result = LaunchResult.of("-batch", MACROS.resolve("train-on-folder.ijm")
			.toString(), project + "|epochs=2 steps_per_epoch=10 patch_size=64 depth=2 base_filters=8 learning_rate=0.003 device=cpu");
		assertEquals(0, result.status, result.toString());
		assertTrue(Files.exists(project.resolve("model/best/tf_saved_model.zip")), result
			.toString());
	}

	@Test
	@Order(2)
	void segmentOpenImageMacroSavesTheLabelImage() {
		final LaunchResult result = LaunchResult.of("-batch", MACROS.resolve("segment-open-image.ijm")
			.toString(), project.resolve("images/c1.tif") + "|" + project.resolve("model"));
		assertEquals(0, result.status, result.toString());
		assertTrue(Files.exists(project.resolve("images/c1_labels.tif")), result.toString());
	}

	@Test
	@Order(3)
	void segmentFolderMacroWritesOutputsAndResumes() throws Exception {
		final Path out = project.resolve("out");
		final String argument = project.resolve("model") + "|" + project.resolve("images") + "|" + out;
		LaunchResult result = LaunchResult.of("-batch", MACROS.resolve("segment-folder.ijm").toString(),
			argument);
		assertEquals(0, result.status, result.toString());
		assertTrue(Files.exists(out.resolve("c2_probabilities.tif")), result.toString());
		Files.delete(out.resolve("c0_labels.tif"));
		result = LaunchResult.of("-batch", MACROS.resolve("segment-folder.ijm").toString(), argument);
		assertEquals(0, result.status, result.toString());
		assertTrue(Files.exists(out.resolve("c0_labels.tif")));
	}

	@Test
	@Order(4)
	void segmentFolderMacroFailsWithNonZeroExitForAMissingModel() {
		final LaunchResult result = LaunchResult.of("-batch", MACROS.resolve("segment-folder.ijm")
			.toString(), project.resolve("no-model") + "|" + project.resolve("images") + "|" + project
				.resolve("out2"));
		assertEquals(1, result.status, result.toString());
		assertTrue(result.err.contains("does not exist"), result.toString());
	}

	@Test
	@Order(4)
	void shareModelMacroExportsImportsAndTests() {
		final Path out = project.resolve("shared");
		final LaunchResult result = LaunchResult.of("-batch", MACROS.resolve("share-model.ijm")
			.toString(), Paths.get("models", "sr-photo-x2") + "|" + out);
		// Exit 0 also means Test Model passed: a failed test cancels the command, and the launcher
		// exits 1 when a command a macro runs fails.
		assertEquals(0, result.status, result.toString());
		assertTrue(Files.exists(out.resolve("model.zip")), result.toString());
		assertTrue(Files.exists(out.resolve("imported/rdf.yaml")), result.toString());
	}

	@Test
	@Order(5)
	void countNucleiMacroCountsWithTheShippedModelAndWritesTheTable() throws Exception {
		final LaunchResult result = LaunchResult.of("-batch", MACROS.resolve("count-nuclei.ijm")
			.toString(), project.resolve("images/c2.tif") + "|" + Paths.get("models",
				"nuclei-fluorescence"));
		assertEquals(0, result.status, result.toString());
		final java.util.List<String> rows = Files.readAllLines(project.resolve("images/c2_nuclei.csv"));
		assertEquals("nucleus,area_pixels,mean_intensity", rows.get(0));
		// The discs are bright on dark, like nuclei: the model finds several of the 20.
		assertTrue(rows.size() >= 4, rows.toString());
		for (final String row : rows.subList(1, rows.size()))
			assertTrue(Integer.parseInt(row.split(",")[1]) > 10, row);
	}
}
