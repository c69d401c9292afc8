package org.pixelwise.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.data.AnnotatedImage;
import org.pixelwise.data.Grid;
import org.pixelwise.data.LabelMode;
import org.pixelwise.data.LabelSettings;
import org.pixelwise.data.Planes;
import org.pixelwise.data.SyntheticNuclei;
import org.pixelwise.data.TrainingSet;
import org.pixelwise.device.Device;
import org.pixelwise.head.Heads;
import org.pixelwise.head.PixelClassHead;
import org.pixelwise.head.Segmentation;
import org.pixelwise.metrics.InstanceMatching;
import org.pixelwise.net.UNetConfig;
import org.pixelwise.predict.VolumePredictor;
import org.pixelwise.train.SegmentationTask;
import org.pixelwise.train.Trainer;
import org.pixelwise.train.TrainingListener;
import org.pixelwise.train.TrainingSettings;

/**
 * A small 3-D U-Net trained on synthetic z-stacks of touching nuclei: the loss falls, the
 * model is a package with a z axis, it finds the nuclei of a stack it never saw in 3-D, and
 * tiled prediction gives what whole-volume prediction gives away from the faces.
 */
class VolumeSegmentationTest {

	@TempDir
	static Path dir;
	static Path model;
	static Trainer.Result result;

	@BeforeAll
	static void train() throws Exception {
		final List<AnnotatedImage> stacks = List.of(SyntheticNuclei.volume("a", 64, 64, 16, 2, 1),
			SyntheticNuclei.volume("b", 64, 64, 16, 2, 2), SyntheticNuclei.volume("c", 64, 64, 16, 2,
				3));
		final TrainingSet data = TrainingSet.prepare(stacks, LabelSettings.of(LabelMode.INSTANCES), 1,
			99.8);
		assertEquals(3, data.dimensions);
		final TrainingSettings settings = new TrainingSettings();
		settings.epochs = 6;
		settings.stepsPerEpoch = 20;
		settings.batchSize = 2;
		settings.patchSize = 48;
		settings.patchDepth = 16;
		settings.maxLearningRate = 3e-3;
		settings.validationFraction = 0.3;
		final UNetConfig network = new UNetConfig(2, 8, true, 0, UNetConfig.Upsampling.TRANSPOSED, 1,
			3, 3, 2);
		model = dir.resolve("nuclei3d");
		final SegmentationTask task = new SegmentationTask(data, network, Heads.forTraining(
			PixelClassHead.KEY, LabelMode.INSTANCES, 3, settings.loss), settings, "nuclei3d", Device
				.cpu());
		result = new Trainer(Device.cpu(), TrainingListener.NONE, () -> false).train(task, settings,
			model);
	}

	@Test
	void lossFallsAndThePackageHasAZAxis() throws Exception {
		final List<Map<String, Object>> history = result.history;
		final double first = ((Number) history.get(0).get("loss")).doubleValue();
		final double last = ((Number) history.get(history.size() - 1).get("loss")).doubleValue();
		assertTrue(last < 0.8 * first, "loss " + first + " -> " + last);
		final String rdf = Files.readString(ModelFolder.resolve(model).resolve("rdf.yaml"));
		assertTrue(rdf.contains("id: z"), rdf);
		assertTrue(rdf.contains("3d"), rdf);
	}

	@Test
	void thePackagesTestTensorsReproduceThroughTheGenericPackageRunner() throws Exception {
		// The path other bioimage.io packages take: axes from rdf.yaml, z included.
		try (org.pixelwise.bioimage.ModelPackage pkg = org.pixelwise.bioimage.ModelPackage.open(
			ModelFolder.resolve(model)))
		{
			final org.pixelwise.bioimage.TestTensors.Result r = org.pixelwise.bioimage.TestTensors.run(
				pkg, Device.cpu(), false, null, 1e-4);
			assertTrue(r.passed(), r.toString());
			assertTrue(r.values > 8 * 64 * 64, "a volume was compared: " + r);
		}
	}

	@Test
	void findsTheNucleiOfAnUnseenStackIn3d() throws Exception {
		final AnnotatedImage unseen = SyntheticNuclei.volume("unseen", 64, 64, 16, 2, 99);
		try (SegmentationModel loaded = SegmentationModel.load(model, Device.cpu())) {
			assertEquals(3, loaded.dimensions());
			final Segmentation s = new Segmenter(loaded, 64, 1, Double.NaN, m -> {}).segmentVolume(
				unseen.image, false, 64, 16, null);
			assertEquals(3, s.instances.numDimensions());
			assertEquals(16, s.instances.dimension(2));
			assertEquals(16, s.probabilities.dimension(3));
			final int[] found = ((ArrayImg<IntType, IntArray>) s.instances).update(null)
				.getCurrentStorageArray();
			final int[] truth = Planes.labels(unseen.labels, "truth");
			final double ap = InstanceMatching.of(found, truth).averagePrecision();
			System.out.println("3-D AP@0.5 on an unseen synthetic stack: " + ap);
			assertTrue(ap > 0.4, "AP@0.5 in 3-D " + ap);
		}
	}

	/**
	 * Issue 16 (memory): without probabilities, a volume's classes are decided tile by tile as
	 * the tiles come, and come out as with the probabilities held whole, in several tiles too.
	 */
	@Test
	void classesDecidedTileByTileEqualThoseOfTheWholeProbabilities() throws Exception {
		final AnnotatedImage unseen = SyntheticNuclei.volume("unseen", 64, 48, 16, 2, 7);
		try (SegmentationModel loaded = SegmentationModel.load(model, Device.cpu())) {
			final Segmenter whole = new Segmenter(loaded, 64, 1, Double.NaN, m -> {});
			final Segmentation kept = whole.segmentVolume(unseen.image, false, 32, 8, null);
			final Segmenter streaming = new Segmenter(loaded, 64, 1, Double.NaN, m -> {});
			streaming.setKeepProbabilities(false);
			final Segmentation decoded = streaming.segmentVolume(unseen.image, false, 32, 8, null);
			assertEquals(null, decoded.probabilities, "no probabilities were asked for");
			assertArrayEquals(((ArrayImg<UnsignedByteType, ByteArray>) kept.labels).update(null)
				.getCurrentStorageArray(), ((ArrayImg<UnsignedByteType, ByteArray>) decoded.labels)
					.update(null).getCurrentStorageArray());
			assertArrayEquals(((ArrayImg<IntType, IntArray>) kept.instances).update(null)
				.getCurrentStorageArray(), ((ArrayImg<IntType, IntArray>) decoded.instances).update(null)
					.getCurrentStorageArray());
		}
	}

	@Test
	void testTimeAugmentationInAVolumeMakesTheMirrorSegmentAsTheMirror() throws Exception {
		final AnnotatedImage stack = SyntheticNuclei.volume("t", 64, 48, 16, 2, 12);
		try (SegmentationModel loaded = SegmentationModel.load(model, Device.cpu())) {
			final Segmenter plain = new Segmenter(loaded, 64, 1, Double.NaN, m -> {});
			final Segmenter averaged = new Segmenter(loaded, 64, 1, Double.NaN, m -> {});
			averaged.setTestTimeAugmentation(true);
			final net.imglib2.RandomAccessibleInterval<? extends net.imglib2.type.numeric.RealType<?>> mirror =
				net.imglib2.view.Views.zeroMin(net.imglib2.view.Views.invertAxis(stack.image, 0));
			final double plainAsymmetry = mirrorDifference(plain.segmentVolume(stack.image, false, 0, 0,
				null).probabilities, plain.segmentVolume(mirror, false, 0, 0, null).probabilities);
			final double averagedAsymmetry = mirrorDifference(averaged.segmentVolume(stack.image, false,
				0, 0, null).probabilities, averaged.segmentVolume(mirror, false, 0, 0, null).probabilities);
			assertTrue(plainAsymmetry > 1e-3, "the network alone sees orientation: " + plainAsymmetry);
			assertTrue(averagedAsymmetry < 1e-5, "eight orientations averaged: " + averagedAsymmetry);
		}
	}

	/** The largest difference between probabilities (X, Y, class, Z) and the X mirror of others. */
	private static double mirrorDifference(
		final net.imglib2.RandomAccessibleInterval<net.imglib2.type.numeric.real.FloatType> a,
		final net.imglib2.RandomAccessibleInterval<net.imglib2.type.numeric.real.FloatType> b)
	{
		final net.imglib2.RandomAccess<net.imglib2.type.numeric.real.FloatType> other = b.randomAccess();
		final long w = a.dimension(0);
		final long[] at = new long[a.numDimensions()];
		double largest = 0;
		final net.imglib2.Cursor<net.imglib2.type.numeric.real.FloatType> c = net.imglib2.view.Views
			.iterable(a).localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			c.localize(at);
			at[0] = w - 1 - at[0];
			largest = Math.max(largest, Math.abs(c.get().get() - other.setPositionAndGet(at).get()));
		}
		return largest;
	}

	@Test
	void tiledPredictionEqualsWholeVolumeAwayFromTheFaces() throws Exception {
		final AnnotatedImage stack = SyntheticNuclei.volume("s", 96, 80, 40, 2, 5);
		final Grid grid = new Grid(96, 80, 40);
		try (SegmentationModel loaded = SegmentationModel.load(model, Device.cpu())) {
			final float[] voxels = Planes.volumePixels(stack.image, false, "stack");
			loaded.normalisation(voxels).normaliseInPlace(voxels);
			final float[] whole = new VolumePredictor(loaded, 128, 64).predict(voxels, grid);
			final VolumePredictor tiles = new VolumePredictor(loaded, 32, 8);
			final float[] tiled = tiles.predict(voxels, grid);
			final int rxy = loaded.receptiveFieldRadius(), rz = loaded.zReceptiveFieldRadius();
			double worst = 0;
			int compared = 0;
			for (int z = rz; z < grid.depth - rz; z++)
				for (int y = rxy; y < grid.height - rxy; y++)
					for (int x = rxy; x < grid.width - rxy; x++)
						for (int c = 0; c < 3; c++) {
							final int i = ((z * grid.height + y) * grid.width + x) * 3 + c;
							worst = Math.max(worst, Math.abs(whole[i] - tiled[i]));
							compared++;
						}
			assertTrue(compared > 1000, "voxels compared " + compared);
			assertTrue(worst < 1e-4, "largest difference " + worst);
		}
	}

	@Test
	void aTwoDimensionalModelRefusesAVolumeAndStarConvexIsImagesOnly() {
		final TrainingSettings settings = new TrainingSettings();
		final TrainingSet data = TrainingSet.prepare(List.of(SyntheticNuclei.volume("v", 32, 32, 8,
			1, 4)), LabelSettings.of(LabelMode.INSTANCES), 1, 99.8);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new SegmentationTask(data, UNetConfig.defaults(1, 3), settings, "x", Device.cpu()));
		assertTrue(e.getMessage().contains("dimensions=3"), e.getMessage());
	}
}
