package org.pixelwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import ij.IJ;
import ij.ImagePlus;

import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.data.AnnotatedImage;
import org.pixelwise.data.LabelMode;
import org.pixelwise.data.LabelSettings;
import org.pixelwise.data.TrainingSet;
import org.pixelwise.device.Device;
import org.pixelwise.net.UNetConfig;

/**
 * Optional: trains briefly on the ISBI 2012 EM slices in ../shared/data (16 for training, 4
 * for validation) and prints the membrane scores. Skipped when the data is absent.
 */
class IsbiMembraneTest {

	private static final Path DATA = Paths.get("..", "shared", "data", "isbi2012-dev");

	@Test
	void trainsOnIsbiSlicesAndReportsMembraneScores(@TempDir final Path dir) throws Exception {
		assumeTrue(Files.isDirectory(DATA.resolve("image")), "ISBI 2012 data absent: " + DATA);
		final File[] images = DATA.resolve("image").toFile().listFiles();
		Arrays.sort(images);
		final List<AnnotatedImage> pairs = new ArrayList<>();
		for (final File image : images) {
			final ImagePlus raw = IJ.openImage(image.getPath());
			final ImagePlus label = IJ.openImage(DATA.resolve("label").resolve(image.getName()).toString());
			final byte[] membrane = ((byte[]) label.getProcessor().convertToByte(false).getPixels()).clone();
			// The labels mark cell interior (255); the class trained here is the membrane.
			for (int i = 0; i < membrane.length; i++)
				membrane[i] = (byte) (membrane[i] == 0 ? 1 : 0);
			pairs.add(new AnnotatedImage(image.getName(), ArrayImgs.unsignedBytes((byte[]) raw
				.getProcessor().convertToByte(false).getPixels(), raw.getWidth(), raw.getHeight()),
				ArrayImgs.unsignedBytes(membrane, label.getWidth(), label.getHeight())));
		}
		assertEquals(20, pairs.size());
		final TrainingSet data = TrainingSet.prepare(pairs, LabelSettings.of(LabelMode.BINARY)
			.withBorderWeights(false), 1, 99.8);
		final TrainingSettings settings = new TrainingSettings();
		settings.epochs = 3;
		settings.stepsPerEpoch = 25;
		settings.patchSize = 256;
		settings.validationFraction = 0.2;
		settings.maxLearningRate = 2e-3;
		final Trainer.Result result = new Trainer(Device.cpu(), TrainingListener.NONE, () -> false).train(
			data, new UNetConfig(3, 16, true, 0, UNetConfig.Upsampling.TRANSPOSED, 1, 1), settings, dir
				.resolve("isbi"), "isbi");
		final java.util.Map<String, Object> last = result.history.get(result.history.size() - 1);
		System.out.println(String.format(Locale.ROOT,
			"ISBI 2012 dev (16 train / 4 validation slices, %d steps, %.0f s): membrane Dice %s, IoU %s",
			result.steps, result.seconds, last.get("val_dice"), last.get("val_iou")));
		assertTrue(((Number) last.get("val_dice")).doubleValue() > 0.6, "membrane Dice " + last.get(
			"val_dice"));
	}
}
