package org.pixelwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;

import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.data.AnnotatedImage;
import org.pixelwise.data.LabelMode;
import org.pixelwise.data.LabelSettings;
import org.pixelwise.data.TrainingSet;
import org.pixelwise.device.Device;
import org.pixelwise.model.ModelFolder;
import org.pixelwise.net.UNetConfig;

/** Training input that cannot work fails before any training, saying what is wrong and what to do. */
class TrainingInputErrorsTest {

	private static UNetConfig network(final int depth, final int inputChannels) {
		return new UNetConfig(depth, 4, true, 0, UNetConfig.Upsampling.TRANSPOSED, inputChannels, 1);
	}

	/** A square image with a bright left half labelled foreground. */
	private static AnnotatedImage halves(final String name, final int size, final int channels) {
		final float[] pixels = new float[size * size * channels];
		final int[] labels = new int[size * size];
		for (int c = 0; c < channels; c++)
			for (int i = 0; i < size * size; i++)
				pixels[c * size * size + i] = i % size < (size + 1) / 2 ? 200 + i : 10 + i;
		for (int i = 0; i < size * size; i++)
			labels[i] = i % size < (size + 1) / 2 ? 1 : 0;
		return channels == 1 ? new AnnotatedImage(name, ArrayImgs.floats(pixels, size, size), ArrayImgs
			.ints(labels, size, size)) : new AnnotatedImage(name, ArrayImgs.floats(pixels, size, size,
				channels), ArrayImgs.ints(labels, size, size), true);
	}

	private static TrainingSet binary(final AnnotatedImage... images) {
		return TrainingSet.prepare(Arrays.asList(images), LabelSettings.of(LabelMode.BINARY), 1, 99.8);
	}

	private static IllegalArgumentException trainingFails(final TrainingSet data,
		final UNetConfig network, final Path dir)
	{
		final TrainingSettings settings = TrainerTest.quick(1, 1);
		return assertThrows(IllegalArgumentException.class, () -> new Trainer(Device.cpu(),
			TrainingListener.NONE, () -> false).train(data, network, settings, dir.resolve("model"),
				"bad"));
	}

	@Test
	void onePixelImageIsTooSmallForADepthTwoNetwork(@TempDir final Path dir) {
		final IllegalArgumentException e = trainingFails(binary(halves("dot", 1, 1)), network(2, 1),
			dir);
		assertTrue(e.getMessage().contains("'dot' is 1x1 pixels"), e.getMessage());
		assertTrue(e.getMessage().contains("smaller than the 4x4 this network needs"), e.getMessage());
		assertTrue(e.getMessage().contains("shallower network"), e.getMessage());
		assertFalse(Files.exists(dir.resolve("model")), "nothing should be written for bad input");
	}

	@Test
	void fivePixelImageTrainsADepthTwoNetworkOnFourPixelPatches(@TempDir final Path dir)
		throws Exception
	{
		final Trainer.Result result = new Trainer(Device.cpu(), TrainingListener.NONE, () -> false)
			.train(binary(halves("five", 5, 1)), network(2, 1), TrainerTest.quick(1, 1), dir.resolve(
				"model"), "five");
		assertEquals(Trainer.Outcome.COMPLETED, result.outcome, result.message);
		assertEquals(4, ((Number) ModelFolder.readDescription(dir.resolve("model/latest")).training.get(
			"patch_size")).intValue());
	}

	@Test
	void smallestImageIsNamedWhenTooSmall(@TempDir final Path dir) {
		final IllegalArgumentException e = trainingFails(binary(halves("large", 32, 1), halves("small",
			5, 1)), network(3, 1), dir);
		assertTrue(e.getMessage().contains("'small' is 5x5 pixels"), e.getMessage());
		assertTrue(e.getMessage().contains("smaller than the 8x8 this network needs (depth 3)"), e
			.getMessage());
	}

	@Test
	void patchSizeIsAMultipleOfTheNetworkAndFitsTheSmallestImage() {
		final TrainingSet data = binary(halves("large", 40, 1), halves("small", 21, 1));
		assertEquals(20, SegmentationTask.patchSize(data.images, network(2, 1), 64),
			"the largest multiple of 4 within the 21 pixels of the smallest image");
		assertEquals(4, SegmentationTask.patchSize(data.images, network(2, 1), 6));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SegmentationTask
			.patchSize(Collections.singletonList(binary(halves("tiny", 3, 1)).images.get(0)), network(2,
				1), 64));
		assertTrue(e.getMessage().contains("smaller than the 4x4"), e.getMessage());
	}

	@Test
	void imagesWithDifferentChannelCountsAreRejected() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> binary(
			halves("grey", 16, 1), halves("colour", 16, 2)));
		assertTrue(e.getMessage().contains("'colour' has 2 channels but 'grey' has 1"), e.getMessage());
		assertTrue(e.getMessage().contains("same channels"), e.getMessage());
	}

	@Test
	void channelCountDifferentFromTheNetworkIsRejected(@TempDir final Path dir) {
		final IllegalArgumentException e = trainingFails(binary(halves("two", 16, 2)), network(2, 3),
			dir);
		assertTrue(e.getMessage().contains("have 2 channels"), e.getMessage());
		assertTrue(e.getMessage().contains("takes 3"), e.getMessage());
	}
}
