package org.pixelwise.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ShortProcessor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** Evaluate Segmentation through CommandService (as Fiji runs it) and through the launcher. */
class EvaluateSegmentationTest {

	@TempDir
	static Path dir;
	static Context context;

	/** Two squares per image; the prediction finds both in a.tif and one, shifted, in b.tif. */
	@BeforeAll
	static void folders() throws Exception {
		context = new Context(CommandService.class);
		Files.createDirectories(dir.resolve("truth"));
		Files.createDirectories(dir.resolve("predicted"));
		for (final String name : new String[] { "a", "b" }) {
			final ShortProcessor truth = new ShortProcessor(40, 20);
			fill(truth, 2, 2, 10, 1);
			fill(truth, 22, 2, 10, 2);
			IJ.saveAsTiff(new ImagePlus(name, truth), dir.resolve("truth/" + name + ".tif").toString());
			final ShortProcessor predicted = new ShortProcessor(40, 20);
			fill(predicted, 2, 2, 10, 5);
			if (name.equals("a")) fill(predicted, 22, 2, 10, 6);
			else fill(predicted, 27, 7, 10, 6); // IoU 25/175 with square 2
			IJ.saveAsTiff(new ImagePlus(name, predicted), dir.resolve("predicted/" + name +
				"_instances.tif").toString());
		}
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	private static void fill(final ShortProcessor image, final int x0, final int y0, final int side,
		final int value)
	{
		for (int y = y0; y < Math.min(image.getHeight(), y0 + side); y++)
			for (int x = x0; x < Math.min(image.getWidth(), x0 + side); x++)
				image.set(x, y, value);
	}

	@Test
	void scoresEachImageAndTheMeanAndWritesTheCsv() throws Exception {
		final Path csv = dir.resolve("out/scores.csv");
		final CommandModule result = context.service(CommandService.class).run(
			EvaluateSegmentation.class, true, "labels", dir.resolve("truth").toFile(), "predictions", dir
				.resolve("predicted").toFile(), "label_mode", "instances", "table", csv.toFile()).get();
		assertFalse(result.isCanceled(), result.getCancelReason());
		// a: AP 1; b: TP 1, FP 1, FN 1, AP 1/3; mean over images 2/3.
		assertEquals(2 / 3.0, (Double) result.getOutput("mean_ap"), 1e-9);
		final String table = new String(Files.readAllBytes(csv), StandardCharsets.UTF_8);
		assertTrue(table.startsWith("image,AP@0.5,AP@0.75,precision,recall,F1,PQ"), table);
		assertTrue(table.contains("\na.tif,1.0000,1.0000,") && table.contains("\nb.tif,0.3333,") &&
			table.contains("\nmean,0.6667,"), table);
	}

	@Test
	void aMissingPredictionIsNamed() throws Exception {
		Files.createDirectories(dir.resolve("empty"));
		final CommandModule result = context.service(CommandService.class).run(
			EvaluateSegmentation.class, true, "labels", dir.resolve("truth").toFile(), "predictions", dir
				.resolve("empty").toFile()).get();
		assertTrue(result.isCanceled());
		assertTrue(result.getCancelReason().contains("has no label image for 'a.tif'"), result
			.getCancelReason());
	}

	@Test
	void runsFromTheLauncherWithAModel() throws Exception {
		// The shipped EM model on an image of cells: it runs and reports V_rand and V_info.
		final Path images = Files.createDirectories(dir.resolve("em/images"));
		final Path labels = Files.createDirectories(dir.resolve("em/labels"));
		final ShortProcessor cells = new ShortProcessor(128, 128), truth = new ShortProcessor(128, 128);
		for (int y = 0; y < 128; y++)
			for (int x = 0; x < 128; x++) {
				final boolean wall = x % 32 < 3 || y % 32 < 3;
				cells.set(x, y, wall ? 40 : 180);
				truth.set(x, y, wall ? 0 : 255);
			}
		IJ.saveAsTiff(new ImagePlus("c", cells.convertToByteProcessor()), images.resolve("c.tif")
			.toString());
		IJ.saveAsTiff(new ImagePlus("c", truth.convertToByteProcessor()), labels.resolve("c.tif")
			.toString());
		final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(), err =
			new java.io.ByteArrayOutputStream();
		final int status = org.pixelwise.launch.Launcher.run(new String[] { "--run",
			"Pixelwise Evaluate Segmentation", "labels='" + labels + "',images='" + images +
				"',model='" + Paths.get("models/em-membranes").toAbsolutePath() +
				"',label_mode=binary,device=cpu" }, new java.io.PrintStream(out, true,
					StandardCharsets.UTF_8), new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
		final String printed = out.toString(StandardCharsets.UTF_8) + err.toString(
			StandardCharsets.UTF_8);
		assertEquals(0, status, printed);
		assertTrue(printed.contains("mean_vrand = ") && printed.contains("V_info"), printed);
	}

	/**
	 * On real ISBI 2012 slices (optional: ../shared/data), the shipped EM model scores far above
	 * Otsu's 0.83 V_rand. These slices were in its training data, so this guards against
	 * regressions in the scoring and prediction path, not against overfitting.
	 */
	@Test
	void theShippedEmModelOnIsbiSlices() throws Exception {
		final Path isbi = Paths.get("../shared/data/isbi2012-dev");
		org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(isbi),
			"../shared/data/isbi2012-dev is absent");
		final Path images = Files.createDirectories(dir.resolve("isbi/images"));
		final Path labels = Files.createDirectories(dir.resolve("isbi/labels"));
		for (final String slice : new String[] { "16.png", "19.png" }) {
			Files.copy(isbi.resolve("image/" + slice), images.resolve(slice));
			Files.copy(isbi.resolve("label/" + slice), labels.resolve(slice));
		}
		final CommandModule result = context.service(CommandService.class).run(
			EvaluateSegmentation.class, true, "labels", labels.toFile(), "images", images.toFile(),
			"model", Paths.get("models/em-membranes").toFile(), "label_mode", "binary", "device", "cpu")
			.get();
		assertFalse(result.isCanceled(), result.getCancelReason());
		final double vRand = (Double) result.getOutput("mean_vrand");
		final double vInfo = (Double) result.getOutput("mean_vinfo");
		assertTrue(vRand > 0.88 && vInfo > 0.95, "V_rand " + vRand + ", V_info " + vInfo);
	}
}
