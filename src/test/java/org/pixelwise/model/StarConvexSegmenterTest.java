package org.pixelwise.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.SyntheticImages;
import org.pixelwise.data.AnnotatedImage;
import org.pixelwise.data.Augmentation;
import org.pixelwise.data.LabelMode;
import org.pixelwise.data.LabelSettings;
import org.pixelwise.data.TrainingSet;
import org.pixelwise.device.Device;
import org.pixelwise.head.Segmentation;
import org.pixelwise.head.StarConvexHead;
import org.pixelwise.metrics.InstanceMatching;
import org.pixelwise.net.UNetConfig;
import org.pixelwise.train.SegmentationTask;
import org.pixelwise.train.Trainer;
import org.pixelwise.train.TrainingListener;
import org.pixelwise.train.TrainingSettings;

/**
 * A star-convex model trained on touching discs, end to end: it finds the discs, tiles do not
 * change its objects, per-image normalisation makes it blind to the camera's range, and
 * fine-tuning starts from its weights.
 */
class StarConvexSegmenterTest {

	@TempDir
	static Path dir;
	static Path model;

	@BeforeAll
	static void trainStarConvexModel() throws Exception {
		model = dir.resolve("star");
		train(model, null, 10, 30);
	}

	private static void train(final Path to, final Path startFrom, final int epochs,
		final int steps) throws Exception
	{
		final List<AnnotatedImage> images = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			final SyntheticImages s = SyntheticImages.discs(128, 128, 50, i);
			images.add(new AnnotatedImage("discs" + i, s.image, s.instances));
		}
		final TrainingSet data = TrainingSet.prepare(images, LabelSettings.of(LabelMode.INSTANCES), 1,
			99.8, true);
		final TrainingSettings settings = new TrainingSettings();
		settings.epochs = epochs;
		settings.stepsPerEpoch = steps;
		settings.patchSize = 64;
		settings.maxLearningRate = 1e-2;
		settings.augmentation = Augmentation.defaults().withZoom(0.8, 1.25);
		final StarConvexHead head = new StarConvexHead(16, 0.4);
		final SegmentationTask task = new SegmentationTask(data, new UNetConfig(3, 8, true, 0,
			UNetConfig.Upsampling.TRANSPOSED, 1, head.outputChannels()), head, settings, "discs", Device
				.cpu());
		if (startFrom != null) task.startFrom(names -> SegmentationModel.weights(startFrom, names,
			Device.cpu()), startFrom.toString());
		new Trainer(Device.cpu(), TrainingListener.NONE, () -> false).train(task, settings, to);
	}

	@Test
	void findsTouchingDiscsOnAnUnseenImage() throws Exception {
		final SyntheticImages heldOut = SyntheticImages.discs(128, 128, 50, 99);
		try (SegmentationModel m = SegmentationModel.load(model, Device.cpu())) {
			assertEquals(17, m.outputChannels());
			final Segmentation s = new Segmenter(m, 64, 4, Double.NaN, x -> {}).segment(heldOut.image,
				false);
			final double ap = InstanceMatching.of(ints(s.instances), heldOut.instances.update(null)
				.getCurrentStorageArray()).averagePrecision();
			// Star-convex heads need long training (StarDist trains for hours); 300 steps reach this.
			assertTrue(ap >= 0.5, "instance AP@0.5 " + ap);
		}
	}

	@Test
	void objectsDoNotDependOnTilesOrOnTheIntensityRange() throws Exception {
		final SyntheticImages image = SyntheticImages.discs(300, 200, 120, 5);
		final float[] pixels = image.image.update(null).getCurrentStorageArray().clone();
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = pixels[i] * 40 + 1000; // a 16-bit camera's range instead of 8-bit
		try (SegmentationModel m = SegmentationModel.load(model, Device.cpu())) {
			// Tiles of 160 leave room for the network's full context, so maps match exactly.
			final Segmentation tiled = new Segmenter(m, 160, 3, Double.NaN, x -> {}).segment(
				image.image, false);
			final Segmentation whole = new Segmenter(m, 512, 1, Double.NaN, x -> {}).segment(
				image.image, false);
			final float[] a = SegmenterTest.floats(tiled.probabilities), b = SegmenterTest.floats(
				whole.probabilities);
			double max = 0;
			for (int i = 0; i < a.length; i++)
				max = Math.max(max, Math.abs(a[i] - b[i]));
			assertTrue(max <= 1e-4, "max difference " + max);
			final int[] objects = ints(whole.instances);
			assertTrue(max(objects) > 20, "objects found: " + max(objects));
			// Ids follow probability order, which float rounding between tilings may swap.
			assertEquals(1.0, InstanceMatching.of(ints(tiled.instances), objects, 0.99)
				.averagePrecision());
			final int[] brighter = ints(new Segmenter(m, 512, 1, Double.NaN, x -> {}).segment(ArrayImgs
				.floats(pixels, 300, 200), false).instances);
			assertTrue(InstanceMatching.of(brighter, objects, 0.9).averagePrecision() >= 0.95);
		}
	}

	@Test
	void fineTuningStartsFromTheModelAndChangesItsWeights() throws Exception {
		final Path tuned = dir.resolve("tuned");
		train(tuned, model.resolve(ModelFolder.BEST), 1, 3);
		final Map<String, float[]> before = SegmentationModel.weights(model.resolve(ModelFolder.BEST),
			trainingNames(), Device.cpu());
		final Map<String, float[]> after = SegmentationModel.weights(tuned.resolve(ModelFolder.LATEST), before.keySet(), Device
			.cpu());
		double changed = 0, total = 0, distance = 0, size = 0;
		for (final String name : before.keySet()) {
			final float[] a = before.get(name), b = after.get(name);
			for (int i = 0; i < a.length; i++) {
				if (a[i] != b[i]) changed++;
				distance += Math.abs(a[i] - b[i]);
				size += Math.abs(a[i]);
				total++;
			}
		}
		assertTrue(changed / total > 0.5, "weights changed: " + changed + " of " + total);
		// Three small steps move the weights a little: fine-tuning did not start from scratch.
		assertTrue(distance / size < 0.2, "relative change " + distance / size);
	}

	private static java.util.Set<String> trainingNames() {
		final StarConvexHead head = new StarConvexHead(16, 0.4);
		try (org.pixelwise.train.TrainingGraph g = new org.pixelwise.train.TrainingGraph(
			new org.pixelwise.train.SegmentationObjective(new UNetConfig(3, 8, true, 0,
				UNetConfig.Upsampling.TRANSPOSED, 1, head.outputChannels()), head), Device.cpu()))
		{
			g.initialize(1);
			return new java.util.TreeSet<>(g.inferenceWeights().keySet());
		}
	}

	private static int max(final int[] a) {
		int m = 0;
		for (final int v : a)
			m = Math.max(m, v);
		return m;
	}

	static int[] ints(final Img<IntType> img) {
		final int[] a = new int[(int) (img.dimension(0) * img.dimension(1))];
		int i = 0;
		for (final IntType t : Views.flatIterable(img))
			a[i++] = t.get();
		return a;
	}
}
