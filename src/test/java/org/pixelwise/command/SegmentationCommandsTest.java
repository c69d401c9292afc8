package org.pixelwise.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.SyntheticImages;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** Each command run headless through CommandService, as --run and macros reach them. */
class SegmentationCommandsTest {

	@TempDir
	static Path dir;
	static Context context;
	static Path model;

	@BeforeAll
	static void trainThroughTheCommand() throws Exception {
		context = new Context();
		final Path images = Files.createDirectories(dir.resolve("images"));
		final Path labels = Files.createDirectories(dir.resolve("labels"));
		for (int i = 0; i < 3; i++) {
			final SyntheticImages s = SyntheticImages.discs(96, 96, 20, i);
			new FileSaver(image("cells" + i, s)).saveAsTiff(images.resolve("cells" + i + ".tif").toString());
			new FileSaver(labels("cells" + i, s)).saveAsPng(labels.resolve("cells" + i + ".png").toString());
		}
		model = dir.resolve("model");
		final CommandModule result = run(TrainSegmentation.class, "images", images.toFile(), "labels",
			labels.toFile(), "model", model.toFile(), "epochs", 3, "steps_per_epoch", 15, "patch_size", 64,
			"depth", 2, "base_filters", 8, "learning_rate", 3e-3, "device", "cpu",
			// SciJava remembers options between runs; say everything another test may have changed.
			"label_mode", "binary", "head", "pixel-classes", "normalisation", "dataset",
			"zoom_augmentation", 1.0, "blur_augmentation", 0.0);
		assertFalse(result.isCanceled(), result.getCancelReason());
		assertTrue(((String) result.getOutput("summary")).contains("trained 3 epochs"));
	}

	@AfterAll
	static void closeContext() {
		context.dispose();
	}

	static ImagePlus image(final String title, final SyntheticImages s) {
		final ImagePlus image = new ImagePlus(title, new FloatProcessor(96, 96, s.image.update(null)
			.getCurrentStorageArray()));
		image.getCalibration().pixelWidth = 0.25;
		image.getCalibration().pixelHeight = 0.25;
		image.getCalibration().setUnit("um");
		return image;
	}

	static ImagePlus labels(final String title, final SyntheticImages s) {
		final int[] mask = s.mask().update(null).getCurrentStorageArray();
		final short[] values = new short[mask.length];
		for (int i = 0; i < mask.length; i++)
			values[i] = (short) (mask[i] * 255);
		return new ImagePlus(title, new ShortProcessor(96, 96, values, null).convertToByte(false));
	}

	static CommandModule run(final Class<?> command, final Object... inputs) throws Exception {
		final Map<String, Object> map = new HashMap<>();
		for (int i = 0; i < inputs.length; i += 2)
			map.put((String) inputs[i], inputs[i + 1]);
		return context.service(CommandService.class).run(command.getName(), true, map).get();
	}

	@Test
	void trainingWritesBestLatestAndTheTrainingCurve() {
		assertTrue(Files.exists(model.resolve("best/pixelwise.yaml")));
		assertTrue(Files.exists(model.resolve("latest/training_state.index")));
		assertTrue(Files.exists(model.resolve("best/rdf.yaml")));
		assertTrue(Files.exists(model.resolve("training-curve.png")));
	}

	@Test
	void segmentImageReturnsCalibratedProbabilitiesLabelsAndInstances() throws Exception {
		final ImagePlus input = image("probe", SyntheticImages.discs(96, 96, 20, 9));
		final CommandModule result = run(SegmentImage.class, "image", input, "model", model.toFile(),
			"show", "all", "device", "cpu");
		assertFalse(result.isCanceled(), result.getCancelReason());
		final ImagePlus probabilities = (ImagePlus) result.getOutput("probability_image");
		final ImagePlus labels = (ImagePlus) result.getOutput("label_image");
		assertNotNull(result.getOutput("instance_image"));
		assertEquals(ImagePlus.GRAY32, probabilities.getType());
		assertEquals(96, labels.getWidth());
		assertEquals(0.25, labels.getCalibration().pixelWidth, 1e-12);
		assertEquals(input.getCalibration().getUnit(), labels.getCalibration().getUnit());
		assertEquals("probe_labels", labels.getTitle());
		assertTrue(labels.getStatistics().max == 1, "binary labels are 0 and 1, not " + labels.getStatistics().max + "; probabilities up to " + probabilities.getStatistics().max);
	}

	/** The shipped nuclei model fine-tunes on two tiny annotated images, through the command. */
	@Test
	void shippedNucleiModelFineTunesOnTwoImages(@TempDir final Path work) throws Exception {
		final Path shipped = java.nio.file.Paths.get("models", "nuclei-fluorescence");
		final Path images = Files.createDirectories(work.resolve("images"));
		final Path labels = Files.createDirectories(work.resolve("labels"));
		for (int i = 0; i < 2; i++) {
			final SyntheticImages s = SyntheticImages.discs(96, 96, 15, 40 + i);
			new FileSaver(image("n" + i, s)).saveAsTiff(images.resolve("n" + i + ".tif").toString());
			final int[] ids = s.instances.update(null).getCurrentStorageArray();
			final short[] values = new short[ids.length];
			for (int j = 0; j < ids.length; j++)
				values[j] = (short) ids[j];
			new FileSaver(new ImagePlus("n" + i, new ShortProcessor(96, 96, values, null))).saveAsTiff(
				labels.resolve("n" + i + ".tif").toString());
		}
		final Path tuned = work.resolve("tuned");
		final CommandModule result;
		try {
			result = run(TrainSegmentation.class, "images", images.toFile(), "labels",
			labels.toFile(), "model", tuned.toFile(), "label_mode", "instances", "start_from", shipped
				.toFile(), "epochs", 1, "steps_per_epoch", 2, "patch_size", 64, "batch_size", 2,
			"learning_rate", 1e-4, "validation_fraction", 0.5, "device", "cpu");
		}
		finally {
			// SciJava remembers these options; later tests must not inherit label_mode=instances.
			context.service(org.scijava.prefs.PrefService.class).clear(TrainSegmentation.class);
		}
		assertFalse(result.isCanceled(), result.getCancelReason());
		final org.pixelwise.model.ModelDescription base = org.pixelwise.model.ModelFolder
			.readDescription(shipped), after = org.pixelwise.model.ModelFolder.readDescription(tuned
				.resolve("latest"));
		assertEquals(base.head.get("kind"), after.head.get("kind"));
		assertEquals(base.network.toString(), after.network.toString());
		assertTrue(after.perImageNormalisation);
		assertTrue(String.valueOf(((java.util.Map<?, ?>) org.pixelwise.model.ModelFolder.readMap(tuned
			.resolve("latest")).get("training")).get("started_from")).contains(shipped.toString()),
			"the model records what it was fine-tuned from");
		final java.util.Set<String> names = new java.util.TreeSet<>(java.util.List.of("head/kernel"));
		final java.util.Map<String, float[]> w0 = org.pixelwise.model.SegmentationModel.weights(shipped,
			names, org.pixelwise.device.Device.cpu()), w1 = org.pixelwise.model.SegmentationModel
				.weights(tuned.resolve("latest"), names, org.pixelwise.device.Device.cpu());
		double change = 0, size = 0;
		for (int i = 0; i < w0.get("head/kernel").length; i++) {
			change += Math.abs(w0.get("head/kernel")[i] - w1.get("head/kernel")[i]);
			size += Math.abs(w0.get("head/kernel")[i]);
		}
		assertTrue(change > 0, "fine-tuning changed the weights");
		assertTrue(change / size < 0.1, "it started from the shipped weights: relative change " +
			change / size);
	}

	/** Commands of one context share the loaded model; Release Models frees it. */
	@Test
	void commandsShareTheLoadedModelUntilReleased() throws Exception {
		final LoadedModels loaded = context.service(LoadedModels.class);
		loaded.release();
		final ImagePlus input = image("probe", SyntheticImages.discs(96, 96, 20, 9));
		final Object first = run(SegmentImage.class, "image", input, "model", model.toFile(), "show",
			"labels", "device", "cpu").getOutput("label_image");
		assertEquals(1, loaded.size());
		final org.pixelwise.model.ModelCache.Lease<org.pixelwise.model.SegmentationModel> lease =
			loaded.segmentation(model.toFile(), org.pixelwise.device.Device.cpu().withPrecision("auto"),
				false);
		assertTrue(lease.wasCached(), "the second use, at the commands' default precision, finds the " +
			"model loaded");
		lease.close();
		final ImagePlus again = (ImagePlus) run(SegmentImage.class, "image", input, "model", model
			.toFile(), "show", "labels", "device", "cpu").getOutput("label_image");
		assertEquals(1, loaded.size());
		assertEquals(((ImagePlus) first).getStatistics().mean, again.getStatistics().mean, 1e-9);
		final String summary = (String) run(ReleaseModels.class).getOutput("summary");
		assertTrue(summary.startsWith("1 model(s) released"), summary);
		assertEquals(0, loaded.size());
	}

	@Test
	void segmentFolderWritesOutputsAndSkipsFinishedOnesWhenRerun(@TempDir final Path out)
		throws Exception
	{
		final File input = dir.resolve("images").toFile();
		CommandModule result = run(SegmentFolder.class, "model", model.toFile(), "input", input,
			"output", out.toFile(), "device", "cpu");
		assertFalse(result.isCanceled(), result.getCancelReason());
		assertTrue(Files.exists(out.resolve("cells0_probabilities.tif")));
		assertTrue(Files.exists(out.resolve("cells2_labels.tif")));
		assertTrue(Files.exists(out.resolve("cells1_instances.tif")));
		// An interrupted run: one output missing and a half-written temporary file left behind.
		Files.delete(out.resolve("cells1_labels.tif"));
		Files.write(out.resolve(".cells1_labels.tif.writing"), new byte[] { 1, 2 });
		final long before = Files.getLastModifiedTime(out.resolve("cells0_labels.tif")).toMillis();
		Thread.sleep(20);
		result = run(SegmentFolder.class, "model", model.toFile(), "input", input, "output", out
			.toFile(), "device", "cpu");
		assertTrue(((String) result.getOutput("summary")).startsWith("segmented 1 image(s), skipped 2"),
			(String) result.getOutput("summary"));
		assertTrue(Files.exists(out.resolve("cells1_labels.tif")));
		assertEquals(before, Files.getLastModifiedTime(out.resolve("cells0_labels.tif")).toMillis());
		try (Stream<Path> files = Files.list(out)) {
			assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".writing") && !p
				.getFileName().toString().equals(".cells1_labels.tif.writing")));
		}
	}

	@Test
	void modelInfoShowsTheCardAndCurve() throws Exception {
		final CommandModule result = run(ModelInfo.class, "model", model.toFile());
		assertFalse(result.isCanceled(), result.getCancelReason());
		final String card = (String) result.getOutput("card");
		assertTrue(card.contains("U-Net depth 2, 8 base filters"), card);
		assertTrue(card.contains("Best validation"), card);
		assertNotNull(result.getOutput("training_curve"));
	}

	/** Model Info said every Pixelwise package could resume, the shipped ones too. */
	@Test
	void modelInfoSaysWhetherTrainingCanResume() throws Exception {
		final String shipped = (String) run(ModelInfo.class, "model", new java.io.File(
			"models/em-membranes")).getOutput("card");
		assertTrue(shipped.contains("training cannot resume from it"), shipped);
		final String latest = (String) run(ModelInfo.class, "model", model.resolve("latest").toFile())
			.getOutput("card");
		assertTrue(latest.contains("training can resume from it"), latest);
	}

	@Test
	void badOptionsCancelWithTheReason(@TempDir final Path empty) throws Exception {
		CommandModule result = run(SegmentFolder.class, "model", empty.resolve("missing").toFile(),
			"input", dir.resolve("images").toFile(), "output", empty.resolve("out").toFile());
		assertTrue(result.isCanceled());
		assertTrue(result.getCancelReason().contains("does not exist"), result.getCancelReason());
		result = run(SegmentFolder.class, "model", model.toFile(), "input", empty.resolve("nowhere")
			.toFile(), "output", empty.resolve("out").toFile());
		assertTrue(result.getCancelReason().contains("does not exist"), result.getCancelReason());
		final Path lonely = Files.createDirectories(empty.resolve("lonely-labels"));
		result = run(TrainSegmentation.class, "images", dir.resolve("images").toFile(), "labels", lonely
			.toFile(), "model", empty.resolve("m").toFile());
		assertTrue(result.getCancelReason().contains("has no label image for [cells0.tif"), result
			.getCancelReason());
		result = run(SegmentImage.class, "model", model.toFile());
		assertTrue(result.getCancelReason().contains("no open image"), result.getCancelReason());
		assertNull(result.getOutput("label_image"));
	}

	@Test
	void exportImportTestAndSegmentWithTheImportedPackage(@TempDir final Path out) throws Exception {
		final Path zip = out.resolve("cells.zip");
		CommandModule result = run(ExportModel.class, "model", model.toFile(), "zip", zip.toFile(),
			"authors", "Ada Lovelace; Alan Turing", "license", "MIT", "cite", "Our paper", "cite_doi",
			"10.1234/abcd", "description", "discs", "test_image", null);
		assertFalse(result.isCanceled(), result.getCancelReason());
		result = run(ImportModel.class, "source", zip.toFile(), "destination", out.resolve("imported")
			.toFile(), "allow_risky_ops", false, "device", "cpu");
		assertFalse(result.isCanceled(), result.getCancelReason());
		assertTrue(((String) result.getOutput("report")).contains("Test tensors passed"), (String) result
			.getOutput("report"));
		result = run(TestModel.class, "model", out.resolve("imported").toFile(), "tolerance", -1.0,
			"allow_risky_ops", false, "device", "cpu");
		assertFalse(result.isCanceled(), result.getCancelReason());
		assertTrue((Double) result.getOutput("max_difference") < 1e-4);
		result = run(ModelInfo.class, "model", zip.toFile());
		final String card = (String) result.getOutput("card");
		assertTrue(card.contains("Ada Lovelace, Alan Turing") && card.contains("MIT") && card.contains(
			"10.1234/abcd") && card.contains("tensorflow_saved_model_bundle"), card);
		assertNotNull(result.getOutput("cover"), "the cover picture is shown");
		final ImagePlus input = image("probe", SyntheticImages.discs(96, 96, 20, 9));
		final CommandModule original = run(SegmentImage.class, "image", input, "model", model.toFile(),
			"threshold", -1.0, "show", "probabilities", "tile_size", 512, "batch_size", 2, "device",
			"cpu", "allow_risky_ops", false);
		final CommandModule imported = run(SegmentImage.class, "image", input, "model", out.resolve(
			"imported").toFile(), "threshold", -1.0, "show", "probabilities", "tile_size", 512,
			"batch_size", 2, "device", "cpu", "allow_risky_ops", false);
		assertFalse(imported.isCanceled(), imported.getCancelReason());
		assertArrayEquals((float[]) ((ImagePlus) original.getOutput("probability_image")).getProcessor()
			.getPixels(), (float[]) ((ImagePlus) imported.getOutput("probability_image")).getProcessor()
				.getPixels());
	}

	@Test
	void importRefusesAnUnsafeZipWithTheReason(@TempDir final Path out) throws Exception {
		final Path zip = out.resolve("evil.zip");
		try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(
			zip)))
		{
			z.putNextEntry(new java.util.zip.ZipEntry("../../escape.txt"));
			z.write(1);
		}
		final CommandModule result = run(ImportModel.class, "source", zip.toFile(), "destination", out
			.resolve("imported").toFile(), "allow_risky_ops", false, "device", "cpu");
		assertTrue(result.isCanceled());
		assertTrue(result.getCancelReason().contains("../../escape.txt"), result.getCancelReason());
		assertFalse(Files.exists(out.resolve("imported")));
	}
}
