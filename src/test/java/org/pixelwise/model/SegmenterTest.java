package org.pixelwise.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.SyntheticImages;
import org.pixelwise.data.AnnotatedImage;
import org.pixelwise.data.LabelMode;
import org.pixelwise.data.LabelSettings;
import org.pixelwise.data.TrainingSet;
import org.pixelwise.device.Device;
import org.pixelwise.metrics.InstanceMatching;
import org.pixelwise.head.Segmentation;
import org.pixelwise.net.UNetConfig;
import org.pixelwise.train.Trainer;
import org.pixelwise.train.TrainingListener;
import org.pixelwise.train.TrainingSettings;

/** Prediction with a real trained model: instance models are trained on touching discs. */
class SegmenterTest {

	@TempDir
	static Path dir;
	static Path model;

	@BeforeAll
	static void trainInstanceModel() throws Exception {
		final List<AnnotatedImage> images = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			final SyntheticImages s = SyntheticImages.discs(128, 128, 60, i);
			images.add(new AnnotatedImage("discs" + i, s.image, s.instances));
		}
		final TrainingSet data = TrainingSet.prepare(images, LabelSettings.of(LabelMode.INSTANCES), 1,
			99.8);
		final TrainingSettings settings = new TrainingSettings();
		settings.epochs = 5;
		settings.stepsPerEpoch = 25;
		settings.patchSize = 64;
		settings.maxLearningRate = 3e-3;
		model = dir.resolve("instances");
		new Trainer(Device.cpu(), TrainingListener.NONE, () -> false).train(data, new UNetConfig(2, 8,
			true, 0, UNetConfig.Upsampling.TRANSPOSED, 1, 3), settings, model, "discs");
	}

	@Test
	void threeClassModelSeparatesTouchingObjectsIntoInstances() throws Exception {
		final SyntheticImages heldOut = SyntheticImages.discs(128, 128, 60, 99);
		try (SegmentationModel m = SegmentationModel.load(model, Device.cpu())) {
			assertEquals(3, m.outputChannels());
			final Segmentation s = new Segmenter(m, 64, 4, Double.NaN, x -> {}).segment(heldOut.image,
				false);
			final InstanceMatching match = InstanceMatching.of(array(s.instances), heldOut.instances
				.update(null).getCurrentStorageArray());
			assertTrue(match.averagePrecision() >= 0.7, "instance AP@0.5 " + match.averagePrecision());
			assertTrue(touchingPairs(heldOut) > 0, "the test image should have touching discs");
		}
	}

	@Test
	void tiledPredictionMatchesWholeImagePrediction() throws Exception {
		final SyntheticImages image = SyntheticImages.discs(150, 100, 30, 5);
		try (SegmentationModel m = SegmentationModel.load(model, Device.cpu())) {
			final Segmentation tiled = new Segmenter(m, 64, 3, Double.NaN, x -> {}).segment(image.image,
				false);
			final Segmentation whole = new Segmenter(m, 512, 1, Double.NaN, x -> {}).segment(image.image,
				false);
			final float[] a = floats(tiled.probabilities), b = floats(whole.probabilities);
			double max = 0;
			for (int i = 0; i < a.length; i++)
				max = Math.max(max, Math.abs(a[i] - b[i]));
			assertTrue(max <= 1e-4, "max difference " + max);
		}
	}

	@Test
	void reloadedModelPredictsIdentically(@TempDir final Path copyDir) throws Exception {
		final SyntheticImages image = SyntheticImages.discs(96, 96, 20, 6);
		final Path copy = copyDir.resolve("copy");
		copyFolder(model.resolve(ModelFolder.BEST), copy);
		try (SegmentationModel a = SegmentationModel.load(model, Device.cpu());
			SegmentationModel b = SegmentationModel.load(copy, Device.cpu()))
		{
			assertArrayEquals(floats(new Segmenter(a, 64, 2, Double.NaN, x -> {}).segment(image.image,
				false).probabilities), floats(new Segmenter(b, 64, 2, Double.NaN, x -> {}).segment(
					image.image, false).probabilities));
		}
	}

	@Test
	void stacksArePredictedSliceBySlice() throws Exception {
		final float[] pixels = new float[64 * 64 * 3];
		for (int z = 0; z < 3; z++)
			System.arraycopy(SyntheticImages.discs(64, 64, 10, z).image.update(null)
				.getCurrentStorageArray(), 0, pixels, z * 64 * 64, 64 * 64);
		final ArrayImg<FloatType, FloatArray> stack = ArrayImgs.floats(pixels, 64, 64, 3);
		try (SegmentationModel m = SegmentationModel.load(model, Device.cpu())) {
			final Segmenter segmenter = new Segmenter(m, 64, 2, Double.NaN, x -> {});
			final Segmentation all = segmenter.segmentStack(stack, false, null);
			assertArrayEquals(new long[] { 64, 64, 3 }, all.labels.dimensionsAsLongArray());
			final Segmentation middle = segmenter.segment(Views.hyperSlice(stack, 2, 1), false);
			final int[] expected = new int[64 * 64], actual = new int[64 * 64];
			int i = 0;
			for (final net.imglib2.type.numeric.integer.UnsignedByteType t : Views.flatIterable(
				middle.labels))
				expected[i++] = t.get();
			i = 0;
			for (final net.imglib2.type.numeric.integer.UnsignedByteType t : Views.flatIterable(Views
				.hyperSlice(all.labels, 2, 1)))
				actual[i++] = t.get();
			assertArrayEquals(expected, actual);
		}
	}

	@Test
	void imageWithTheWrongChannelCountIsRejected() throws Exception {
		try (SegmentationModel m = SegmentationModel.load(model, Device.cpu())) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> new Segmenter(m, 64, 2, Double.NaN, x -> {}).segment(ArrayImgs.floats(32, 32, 2),
					true));
			assertTrue(e.getMessage().contains("expects 1 channel(s) but the image has 2"), e.getMessage());
		}
	}

	@Test
	void corruptModelFoldersAreRejectedWithTheReason(@TempDir final Path broken) throws Exception {
		IOException e = assertThrows(IOException.class, () -> SegmentationModel.load(broken.resolve(
			"nothing"), Device.cpu()));
		assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
		final Path garbled = broken.resolve("garbled");
		copyFolder(model.resolve(ModelFolder.BEST), garbled);
		Files.write(garbled.resolve(ModelFolder.DESCRIPTION), "format: [unclosed".getBytes());
		e = assertThrows(IOException.class, () -> SegmentationModel.load(garbled, Device.cpu()));
		assertTrue(e.getMessage().contains("damaged"), e.getMessage());
		final Path noWeights = broken.resolve("noweights");
		copyFolder(model.resolve(ModelFolder.BEST), noWeights);
		Files.delete(noWeights.resolve("tf_saved_model.zip"));
		e = assertThrows(IOException.class, () -> SegmentationModel.load(noWeights, Device.cpu()));
		assertTrue(e.getMessage().contains("lacks its weights file"), e.getMessage());
		final Path truncated = broken.resolve("truncated");
		copyFolder(model.resolve(ModelFolder.BEST), truncated);
		Files.write(truncated.resolve("tf_saved_model.zip"), new byte[] { 1, 2, 3 });
		e = assertThrows(IOException.class, () -> SegmentationModel.load(truncated, Device.cpu()));
		assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
	}

	private static int touchingPairs(final SyntheticImages s) {
		final int[] ids = s.instances.update(null).getCurrentStorageArray();
		final int w = (int) s.instances.dimension(0);
		int pairs = 0;
		for (int i = 0; i + 2 < ids.length; i++)
			if (i % w < w - 2 && ids[i] > 0 && ids[i + 1] == 0 && ids[i + 2] > 0 && ids[i] != ids[i + 2])
				pairs++;
		return pairs;
	}

	static int[] array(final Img<IntType> img) {
		final int[] values = new int[(int) img.size()];
		int i = 0;
		for (final IntType t : Views.flatIterable(img))
			values[i++] = t.get();
		return values;
	}

	static float[] floats(final Img<FloatType> img) {
		final float[] values = new float[(int) img.size()];
		int i = 0;
		for (final FloatType t : Views.flatIterable(img))
			values[i++] = t.get();
		return values;
	}

	static void copyFolder(final Path from, final Path to) throws IOException {
		try (java.util.stream.Stream<Path> walk = Files.walk(from)) {
			for (final Path p : (Iterable<Path>) walk::iterator) {
				final Path target = to.resolve(from.relativize(p).toString());
				if (Files.isDirectory(p)) Files.createDirectories(target);
				else Files.copy(p, target);
			}
		}
	}
}
