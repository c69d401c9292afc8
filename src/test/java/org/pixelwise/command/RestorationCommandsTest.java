package org.pixelwise.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.SyntheticImages;
import org.pixelwise.data.FloatImage;
import org.pixelwise.device.Device;
import org.pixelwise.model.RestorationModel;
import org.pixelwise.model.Restorer;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** The restoration commands headless through CommandService, on a tiny x2 ESPCN. */
class RestorationCommandsTest {

	@TempDir
	static Path dir;
	static Context context;
	static Path model;

	@BeforeAll
	static void trainATinyModel() throws Exception {
		context = new Context();
		final Path images = Files.createDirectories(dir.resolve("clean"));
		for (int i = 0; i < 4; i++)
			new FileSaver(grey("t" + i, SyntheticImages.texture(64, i)))
				.saveAsPng(images.resolve("t" + i + ".png").toString());
		model = dir.resolve("model");
		final CommandModule result = run(TrainRestoration.class, "images", images.toFile(), "model",
			model.toFile(), "scale", "2", "degradation", "downscale=bicubic:2", "architecture", "espcn",
			"epochs", 2, "steps_per_epoch", 10, "batch_size", 4, "patch_size", 16, "device", "cpu",
			"validation_fraction", 0.25, "residual", true, "loss", "l1");
		assertFalse(result.isCanceled(), result.getCancelReason());
		assertTrue(((String) result.getOutput("summary")).contains("bicubic"));
	}

	@AfterAll
	static void closeContext() {
		context.dispose();
	}

	static ImagePlus grey(final String title, final FloatImage image) {
		final byte[] bytes = new byte[image.pixels.length];
		for (int i = 0; i < bytes.length; i++)
			bytes[i] = (byte) Math.max(0, Math.min(255, Math.round(image.pixels[i])));
		return new ImagePlus(title, new ByteProcessor(image.width, image.height, bytes));
	}

	static CommandModule run(final Class<?> command, final Object... inputs) throws Exception {
		final Map<String, Object> map = new HashMap<>();
		for (int i = 0; i < inputs.length; i += 2)
			map.put((String) inputs[i], inputs[i + 1]);
		return context.service(CommandService.class).run(command.getName(), true, map).get();
	}

	@Test
	void restoreImageDoublesTheSizeKeepsTheTypeAndHalvesThePixelSize() throws Exception {
		final ImagePlus input = grey("probe.tif", SyntheticImages.texture(40,
			9));
		input.getCalibration().pixelWidth = 0.2;
		final CommandModule result = run(RestoreImage.class, "image", input, "model", model.toFile(),
			"device", "cpu", "tile_size", 16);
		assertFalse(result.isCanceled(), result.getCancelReason());
		final ImagePlus restored = (ImagePlus) result.getOutput("restored");
		assertEquals(80, restored.getWidth());
		assertEquals(ImagePlus.GRAY8, restored.getType());
		assertEquals(0.1, restored.getCalibration().pixelWidth, 1e-12);
		assertEquals("probe_restored", restored.getTitle());
	}

	@Test
	void restoreFolderWritesOutputsAndSkipsFinishedOnes(@TempDir final Path out) throws Exception {
		final java.io.File input = dir.resolve("clean").toFile();
		CommandModule result = run(RestoreFolder.class, "model", model.toFile(), "input", input,
			"output", out.toFile(), "device", "cpu");
		assertFalse(result.isCanceled(), result.getCancelReason());
		assertTrue(Files.exists(out.resolve("t3_restored.tif")));
		Files.delete(out.resolve("t1_restored.tif"));
		result = run(RestoreFolder.class, "model", model.toFile(), "input", input, "output", out
			.toFile(), "device", "cpu");
		assertTrue(((String) result.getOutput("summary")).startsWith("restored 1 image(s), skipped 3"),
			(String) result.getOutput("summary"));
	}

	@Test
	void crappifyIsDeterministicAndShrinks() throws Exception {
		final ImagePlus input = grey("c", SyntheticImages.texture(64, 3));
		final ImagePlus a = (ImagePlus) run(Crappify.class, "image", input, "degradation", "microscopy",
			"scale", "2", "seed", 5L).getOutput("degraded");
		final ImagePlus b = (ImagePlus) run(Crappify.class, "image", input, "degradation", "microscopy",
			"scale", "2", "seed", 5L).getOutput("degraded");
		assertEquals(32, a.getWidth());
		assertTrue(java.util.Arrays.equals((float[]) a.getProcessor().getPixels(), (float[]) b
			.getProcessor().getPixels()));
	}

	@Test
	void evaluateScoresTheModelNextToBicubic() throws Exception {
		final CommandModule result = run(EvaluateRestoration.class, "model", model.toFile(), "images",
			dir.resolve("clean").toFile(), "device", "cpu");
		assertFalse(result.isCanceled(), result.getCancelReason());
		final String table = (String) result.getOutput("results");
		assertTrue(table.startsWith("image\tPSNR") && table.contains("mean"), table);
		final double sharpness = (Double) result.getOutput("mean_sharpness");
		assertTrue(sharpness > 0 && sharpness < 2, "sharpness relative to the truth " + sharpness);
		assertTrue((Double) result.getOutput("mean_bicubic_psnr") > 15, table);
	}

	@Test
	void featurePlusGanRunsAllFourPhasesFromTheCommand() throws Exception {
		final Path gan = dir.resolve("gan");
		final CommandModule result = run(TrainRestoration.class, "images", dir.resolve("clean").toFile(),
			"model", gan.toFile(), "scale", "2", "degradation", "downscale=bicubic:2", "architecture",
			"espcn", "epochs", 1, "steps_per_epoch", 4, "batch_size", 4, "patch_size", 16, "device", "cpu",
			"validation_fraction", 0.25, "loss", "feature+gan", "feature_steps", 10, "gram_factor", 1.0,
			"critic_steps", 3, "gan_steps", 8, "adversarial_weight", 0.5, "resume", false,
			"feature_network", new java.io.File(""));
		assertFalse(result.isCanceled(), result.getCancelReason());
		final String summary = (String) result.getOutput("summary");
		assertTrue(summary.contains("adversarial phase done"), summary);
		assertTrue(Files.exists(gan.resolve("best/feature_network.zip")));
		assertTrue(Files.exists(gan.resolve("pretrained/rdf.yaml")));
		// Resuming a finished pretraining goes straight to the adversarial phases, from the
		// latest saved generator and the saved feature network.
		final CommandModule again = run(TrainRestoration.class, "images", dir.resolve("clean")
			.toFile(), "model", gan.toFile(), "scale", "2", "degradation", "downscale=bicubic:2",
			"architecture", "espcn", "epochs", 1, "steps_per_epoch", 4, "batch_size", 4, "patch_size", 16,
			"device", "cpu", "validation_fraction", 0.25, "loss", "feature+gan", "feature_steps", 10,
			"gram_factor", 1.0, "critic_steps", 3, "gan_steps", 8, "adversarial_weight", 0.5, "resume",
			true, "feature_network", new java.io.File(""));
		assertFalse(again.isCanceled(), again.getCancelReason());
		assertTrue(((String) again.getOutput("summary")).contains("adversarial phase done"));
	}

	@Test
	void featureLossWithAnImportedFeatureNetwork() throws Exception {
		final Path vgg = org.pixelwise.train.ImportedFeaturesTest.exportVggLike(dir.resolve("vgg"));
		final Path out = dir.resolve("imported-features");
		final CommandModule result = run(TrainRestoration.class, "images", dir.resolve("clean").toFile(),
			"model", out.toFile(), "scale", "2", "degradation", "downscale=bicubic:2", "architecture",
			"espcn", "epochs", 1, "steps_per_epoch", 4, "batch_size", 4, "patch_size", 16, "device", "cpu",
			"validation_fraction", 0.25, "loss", "feature", "feature_network", vgg.toFile(),
			"feature_input", "image", "feature_layers", "block1_conv1/Relu, block2_conv1/Relu",
			"feature_range", 1.0, "feature_mean", "", "gram_factor", -1.0, "resume", false);
		assertFalse(result.isCanceled(), result.getCancelReason());
		final String training = String.valueOf(org.pixelwise.model.ModelFolder.readMap(out.resolve(
			"latest")).get("training"));
		assertTrue(training.contains("imported=") && training.contains("Gram factor 5000"), training);
	}

	@Test
	void compareRestorationsScoresEachVersionAndWritesThePicture() throws Exception {
		final Path png = dir.resolve("compare/crops.png");
		final CommandModule result = run(CompareRestorations.class, "models", model + ";" + model,
			"truth", dir.resolve("clean/t1.png").toFile(), "picture", png.toFile(), "crop_size", 32,
			"crop_x", -1, "crop_y", -1, "zoom", 2, "device", "cpu");
		assertFalse(result.isCanceled(), result.getCancelReason());
		final String table = (String) result.getOutput("results");
		assertTrue(table.contains("bicubic\t") && table.split("\n").length == 4, table);
		final java.awt.image.BufferedImage picture = javax.imageio.ImageIO.read(png.toFile());
		// Truth, bicubic and the model twice, 64 pixels each (32 enlarged 2x), 6-pixel gaps.
		assertEquals(4 * 64 + 3 * 6, picture.getWidth());
	}

	@Test
	void aGreyModelRestoresTheLuminanceOfAnRgbImageAndBadScalesAreRefused() throws Exception {
		final ImagePlus rgb = new ImagePlus("colour", new ij.process.ColorProcessor(32, 32));
		CommandModule result = run(RestoreImage.class, "image", rgb, "model", model.toFile(), "device",
			"cpu");
		assertFalse(result.isCanceled(), result.getCancelReason());
		final ImagePlus restored = (ImagePlus) result.getOutput("restored");
		assertEquals(1, restored.getNChannels());
		assertEquals(64, restored.getWidth());
		result = run(TrainRestoration.class, "images", dir.resolve("clean").toFile(), "model", dir
			.resolve("m5").toFile(), "scale", "5");
		assertTrue(result.isCanceled());
		result = run(TrainRestoration.class, "images", dir.resolve("clean").toFile(), "model", dir
			.resolve("m6").toFile(), "scale", "2", "patch_size", 64, "epochs", 1);
		assertTrue(result.getCancelReason().contains("smaller than a training patch"), result
			.getCancelReason());
	}

	@Test
	void theShippedRgbModelRestoresASixteenBitGreyStackAsGrey() throws Exception {
		final ij.ImageStack stack = new ij.ImageStack(16, 16);
		stack.addSlice(new ij.process.ShortProcessor(16, 16));
		stack.addSlice(new ij.process.ShortProcessor(16, 16));
		final CommandModule result = run(RestoreImage.class, "image", new ImagePlus("stack", stack),
			"model", java.nio.file.Paths.get("models", "sr-photo-x2").toFile(), "device", "cpu");
		assertFalse(result.isCanceled(), result.getCancelReason());
		final ImagePlus restored = (ImagePlus) result.getOutput("restored");
		assertEquals(16, restored.getBitDepth());
		assertEquals(1, restored.getNChannels());
		assertEquals(2, restored.getStackSize());
		assertEquals(32, restored.getWidth());
	}

	/** Real pairs: each low-quality image restored and scored against its clean image. */
	@Test
	void evaluateRestorationScoresRealPairs() throws Exception {
		final Path low = Files.createDirectories(dir.resolve("low-pairs"));
		for (int i = 0; i < 2; i++) {
			final ImagePlus clean = ij.IJ.openImage(dir.resolve("clean/t" + i + ".png").toString());
			final ij.process.ImageProcessor half = clean.getProcessor().resize(32, 32, true);
			new FileSaver(new ImagePlus("t" + i, half)).saveAsPng(low.resolve("t" + i + ".png")
				.toString());
		}
		final Path clean = Files.createDirectories(dir.resolve("clean-pairs"));
		for (int i = 0; i < 2; i++)
			Files.copy(dir.resolve("clean/t" + i + ".png"), clean.resolve("t" + i + ".png"));
		CommandModule result = run(EvaluateRestoration.class, "model", model.toFile(), "images", clean
			.toFile(), "low_resolution", low.toFile(), "device", "cpu");
		assertFalse(result.isCanceled(), result.getCancelReason());
		final String table = (String) result.getOutput("results");
		assertTrue(table.startsWith("image\tPSNR\tSSIM\tinput PSNR\tinput SSIM\n") && table.contains(
			"\nt1.png\t") && table.contains("\nmean\t"), table);
		final double psnr = (Double) result.getOutput("mean_psnr"), input = (Double) result
			.getOutput("mean_bicubic_psnr");
		assertTrue(psnr > 10 && psnr < 60 && input > 10 && input < 60, psnr + " / " + input);
		// A pair whose sizes do not fit the model's scale is named.
		result = run(EvaluateRestoration.class, "model", model.toFile(), "images", clean.toFile(),
			"low_resolution", clean.toFile(), "device", "cpu");
		assertTrue(result.isCanceled() && result.getCancelReason().contains(
			"times the model's scale 2 that is not the 64x64"), String.valueOf(result
				.getCancelReason()));
	}

	@Test
	void tiledRestorationMatchesWholeImageRestoration() throws Exception {
		final FloatImage texture = SyntheticImages.texture(70, 11);
		final Img<FloatType> image = ArrayImgs.floats(texture.pixels, 70, 70);
		try (RestorationModel m = RestorationModel.load(model,
			Device.cpu()))
		{
			final float[] tiled = values(new Restorer(m, 16, 3, x -> {}).restore(image,
				false));
			final float[] whole = values(new Restorer(m, 256, 1, x -> {}).restore(image,
				false));
			assertEquals(140 * 140, tiled.length);
			double max = 0;
			for (int i = 0; i < tiled.length; i++)
				max = Math.max(max, Math.abs(tiled[i] - whole[i]));
			assertTrue(max <= 1e-3, "largest difference " + max + " (values 0..255)");
		}
	}

	@Test
	void selfEnsembleIsMirrorEquivariantWhereTheNetworkIsNot() throws Exception {
		final FloatImage texture = SyntheticImages.texture(40, 5);
		final Img<FloatType> image = ArrayImgs.floats(texture.pixels, 40, 40);
		final Img<FloatType> mirrored = ArrayImgs.floats(40, 40);
		final RandomAccess<FloatType> in = image.randomAccess();
		for (final Cursor<FloatType> c = mirrored.localizingCursor(); c.hasNext();) {
			c.fwd();
			c.get().set(in.setPositionAndGet(39 - c.getLongPosition(0), c.getLongPosition(1)));
		}
		try (RestorationModel m = RestorationModel.load(model, Device.cpu())) {
			final Restorer plain = new Restorer(m, 256, 1, x -> {});
			final Restorer ensemble = new Restorer(m, 256, 1, x -> {});
			ensemble.setTestTimeAugmentation(true);
			final double plainAsymmetry = mirrorDifference(plain.restore(image, false), plain.restore(
				mirrored, false));
			final double ensembleAsymmetry = mirrorDifference(ensemble.restore(image, false), ensemble
				.restore(mirrored, false));
			assertTrue(plainAsymmetry > 1e-2, "the network alone should see orientation: " +
				plainAsymmetry);
			assertTrue(ensembleAsymmetry < 1e-3, "the eight orientations, each turned back, make " +
				"the mirror of the image restore to the mirror of its restoration: " + ensembleAsymmetry);
		}
		final CommandModule result = run(EvaluateRestoration.class, "model", model.toFile(), "images",
			dir.resolve("clean").toFile(), "device", "cpu", "test_time_augmentation", true);
		assertFalse(result.isCanceled(), result.getCancelReason());
		assertTrue((Double) result.getOutput("mean_psnr") > 15, (String) result.getOutput("results"));
	}

	/** The largest difference between {@code a} and the mirror in X of {@code b}. */
	private static double mirrorDifference(final Img<FloatType> a, final Img<FloatType> b) {
		final long w = a.dimension(0);
		final RandomAccess<FloatType> other = b.randomAccess();
		final long[] position = new long[a.numDimensions()];
		double max = 0;
		for (final Cursor<FloatType> c = a.localizingCursor(); c.hasNext();) {
			c.fwd();
			c.localize(position);
			position[0] = w - 1 - position[0];
			max = Math.max(max, Math.abs(c.get().get() - other.setPositionAndGet(position).get()));
		}
		return max;
	}

	private static float[] values(final Img<FloatType> img) {
		final float[] values = new float[(int) img.size()];
		int i = 0;
		for (final FloatType t : Views.flatIterable(img))
			values[i++] = t.get();
		return values;
	}
}
