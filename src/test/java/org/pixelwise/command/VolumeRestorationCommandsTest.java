package org.pixelwise.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ShortProcessor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.model.ModelFolder;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * The 3-D restoration commands end to end: Noise2Void trained on one noisy 16-bit z-stack with
 * dimensions=3, its package tested, and Restore Image giving back a z-stack with the input's
 * type and calibration.
 */
public class VolumeRestorationCommandsTest {

	@TempDir
	static Path dir;
	static Context context;
	static Path model;
	static ImagePlus stack;

	@BeforeAll
	static void trainOnOneNoisyStack() throws Exception {
		context = new Context();
		stack = noisyStack(48, 40, 24, new Random(3));
		final Path images = Files.createDirectories(dir.resolve("noisy"));
		new FileSaver(stack).saveAsTiffStack(images.resolve("cells.tif").toString());
		model = dir.resolve("n2v-3d");
		final CommandModule result = run(TrainRestoration.class, "training_data", "noise2void",
			"images", images.toFile(), "model", model.toFile(), "scale", "1", "architecture", "unet",
			"dimensions", "3", "patch_slices", 8, "anisotropy", 0.0, "epochs", 2, "steps_per_epoch", 4,
			"batch_size", 2, "patch_size", 16, "device", "cpu", "validation_fraction", 0.2, "loss", "l1",
			"residual", true, "learning_rate", 1e-4, "gradient_clip", 1.0, "seed", 42L, "resume", false);
		assertFalse(result.isCanceled(), result.getCancelReason());
	}

	@AfterAll
	static void closeContext() {
		context.dispose();
	}

	@Test
	void theModelIsAThreeDUNetWithTheStacksAnisotropyAndItsPackagePassesItsTest() throws Exception {
		final Map<?, ?> network = (Map<?, ?>) ModelFolder.readMap(model.resolve("best")).get(
			"network");
		assertEquals(3, ((Number) network.get("dimensions")).intValue());
		assertEquals(2.0, ((Number) network.get("anisotropy")).doubleValue(), 1e-9,
			"z step 0.5 over pixel width 0.25, from the calibration");
		final String rdf = Files.readString(model.resolve("best").resolve("rdf.yaml"));
		assertTrue(rdf.contains("id: z") && rdf.contains("denoising") && rdf.contains("3d"),
			"the package's tensors have a z axis:\n" + rdf);
		final CommandModule result = run(TestModel.class, "model", model.resolve("best").toFile(),
			"tolerance", -1.0, "allow_risky_ops", false, "device", "cpu");
		assertFalse(result.isCanceled(), result.getCancelReason());
		assertTrue((Double) result.getOutput("max_difference") < 1e-3, String.valueOf(result
			.getOutput("result")));
	}

	@Test
	void restoreImageGivesAZStackOfTheSameTypeSizeAndCalibration() throws Exception {
		final CommandModule result = run(RestoreImage.class, "image", stack, "model", model.resolve(
			"best").toFile(), "device", "cpu", "output_type", "same as input", "tile_size", 1024,
			"batch_size", 1, "precision", "float32", "test_time_augmentation", false);
		assertFalse(result.isCanceled(), result.getCancelReason());
		final ImagePlus restored = (ImagePlus) result.getOutput("restored");
		assertEquals(48, restored.getWidth());
		assertEquals(40, restored.getHeight());
		assertEquals(24, restored.getNSlices());
		assertEquals(16, restored.getBitDepth());
		assertEquals(0.5, restored.getCalibration().pixelDepth, 1e-9);
		assertEquals(0.25, restored.getCalibration().pixelWidth, 1e-9);
		double sum = 0;
		for (int z = 1; z <= 24; z++)
			sum += restored.getStack().getProcessor(z).getStatistics().mean;
		assertTrue(sum / 24 > 50 && sum / 24 < 3000, "mean " + sum / 24 + " (input about 300 to " +
			"1000): values in the input's own units");
	}

	@Test
	void aSingleImageIsRefusedByAThreeDModelWithTheFix() throws Exception {
		final ImagePlus single = new ImagePlus("one", stack.getStack().getProcessor(3).duplicate());
		final CommandModule result = run(RestoreImage.class, "image", single, "model", model.resolve(
			"best").toFile(), "device", "cpu", "output_type", "same as input", "tile_size", 1024,
			"batch_size", 1, "precision", "float32", "test_time_augmentation", false);
		assertTrue(result.isCanceled());
		assertTrue(result.getCancelReason().contains("needs a z-stack") && result.getCancelReason()
			.contains("2-D model"), result.getCancelReason());
	}

	@Test
	void evaluateRestorationScoresPairsOfZStacksSliceBySlice() throws Exception {
		final Path clean = Files.createDirectories(dir.resolve("pairs/clean"));
		final Path noisy = Files.createDirectories(dir.resolve("pairs/noisy"));
		new FileSaver(bytes(stack, 0)).saveAsTiffStack(clean.resolve("cells.tif").toString());
		new FileSaver(bytes(stack, 25)).saveAsTiffStack(noisy.resolve("cells.tif").toString());
		final CommandModule result = run(EvaluateRestoration.class, "model", model.resolve("best")
			.toFile(), "images", clean.toFile(), "low_resolution", noisy.toFile(), "device", "cpu",
			"test_time_augmentation", false, "precision", "float32");
		assertFalse(result.isCanceled(), result.getCancelReason());
		final String table = (String) result.getOutput("results");
		assertTrue(table.contains("cells.tif") && table.contains("mean"), table);
		final double input = (Double) result.getOutput("mean_bicubic_psnr");
		// Noise of sigma 25 on 8-bit levels: about 20 dB, the mean over the 24 slices.
		assertTrue(input > 17 && input < 23, "input PSNR " + input + "\n" + table);
		assertTrue(Double.isFinite((Double) result.getOutput("mean_psnr")), table);
		final Path thin = Files.createDirectories(dir.resolve("pairs/thin"));
		final ImageStack five = new ImageStack(48, 40);
		for (int z = 1; z <= 5; z++)
			five.addSlice(bytes(stack, 25).getStack().getProcessor(z));
		new FileSaver(new ImagePlus("cells", five)).saveAsTiffStack(thin.resolve("cells.tif")
			.toString());
		final CommandModule refused = run(EvaluateRestoration.class, "model", model.resolve("best")
			.toFile(), "images", clean.toFile(), "low_resolution", thin.toFile(), "device", "cpu",
			"test_time_augmentation", false, "precision", "float32");
		assertTrue(refused.isCanceled() && refused.getCancelReason().contains("same slices"), String
			.valueOf(refused.getCancelReason()));
	}

	/** An 8-bit copy of a stack (divided by 5), with Gaussian noise of {@code sigma} grey levels. */
	private static ImagePlus bytes(final ImagePlus source, final double sigma) {
		final Random random = new Random(4);
		final ImageStack planes = new ImageStack(source.getWidth(), source.getHeight());
		for (int z = 1; z <= source.getStackSize(); z++) {
			final float[] values = (float[]) source.getStack().getProcessor(z).convertToFloat()
				.getPixels();
			final byte[] pixels = new byte[values.length];
			for (int i = 0; i < values.length; i++)
				pixels[i] = (byte) Math.max(0, Math.min(255, Math.round(values[i] / 5 + sigma * random
					.nextGaussian())));
			planes.addSlice(new ij.process.ByteProcessor(source.getWidth(), source.getHeight(), pixels));
		}
		final ImagePlus image = new ImagePlus("cells", planes);
		image.setDimensions(1, source.getStackSize(), 1);
		image.setCalibration(source.getCalibration());
		return image;
	}

	/** Bright balls at about 1000 on a background of 300, with Poisson-like noise, in 16 bits. */
	public static ImagePlus noisyStack(final int w, final int h, final int d, final Random random) {
		final int[][] balls = new int[10][];
		for (int b = 0; b < balls.length; b++)
			balls[b] = new int[] { random.nextInt(w), random.nextInt(h), random.nextInt(d), 3 + random
				.nextInt(5) };
		final ImageStack planes = new ImageStack(w, h);
		for (int z = 0; z < d; z++) {
			final short[] pixels = new short[w * h];
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					double v = 300;
					for (final int[] b : balls) {
						// z steps are twice the pixel width: a ball is round in microns.
						final double dz = 2.0 * (z - b[2]);
						if ((x - b[0]) * (x - b[0]) + (y - b[1]) * (y - b[1]) + dz * dz <= b[3] * b[3])
							v = 1000;
					}
					pixels[y * w + x] = (short) Math.max(0, Math.round(v + Math.sqrt(v) * 3 * random
						.nextGaussian()));
				}
			planes.addSlice(new ShortProcessor(w, h, pixels, null));
		}
		final ImagePlus image = new ImagePlus("cells", planes);
		image.setDimensions(1, d, 1);
		image.getCalibration().pixelWidth = 0.25;
		image.getCalibration().pixelHeight = 0.25;
		image.getCalibration().pixelDepth = 0.5;
		image.getCalibration().setUnit("micron");
		return image;
	}

	static CommandModule run(final Class<?> command, final Object... inputs) throws Exception {
		final Map<String, Object> map = new HashMap<>();
		for (int i = 0; i < inputs.length; i += 2)
			map.put((String) inputs[i], inputs[i + 1]);
		return context.service(CommandService.class).run(command.getName(), true, map).get();
	}
}
