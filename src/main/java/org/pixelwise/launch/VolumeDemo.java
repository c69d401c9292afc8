package org.pixelwise.launch;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

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
import org.pixelwise.model.SegmentationModel;
import org.pixelwise.model.Segmenter;
import org.pixelwise.net.UNetConfig;
import org.pixelwise.train.SegmentationTask;
import org.pixelwise.train.Trainer;
import org.pixelwise.train.TrainingListener;
import org.pixelwise.train.TrainingProgress;
import org.pixelwise.train.TrainingSettings;

/**
 * {@code demo-3d [OUTPUT] [STEPS]}: what a 3-D U-Net buys on z-stacks of touching nuclei. It
 * makes synthetic stacks (z step twice the pixel size), trains a 3-D U-Net and, with the same
 * steps and voxels per step, a 2-D U-Net on their slices, then segments an unseen
 * 64 x 256 x 256 stack with both and prints AP@0.5 of the 3-D objects. The 2-D model's
 * background / interior / boundary probabilities are decoded in 3-D exactly as the 3-D model's
 * are (interiors connected across slices, grown into boundaries), which is the fairest
 * slice-by-slice baseline: per-slice labels would cut every nucleus into slices.
 */
final class VolumeDemo {

	static final double ANISOTROPY = 2;
	private static final int STACKS = 8, SIZE = 128, PLANES = 32;
	private static final int PATCH = 96, PATCH_PLANES = 16;

	private VolumeDemo() {}

	static void run(final Path output, final int steps, final PrintStream out) throws Exception {
		if (steps < 10 || steps > 100_000) throw new IllegalArgumentException("steps " + steps +
			" is out of range; give 10 to 100000 (e.g. 600)");
		final long started = System.nanoTime();
		final List<AnnotatedImage> stacks = new ArrayList<>();
		for (int i = 0; i < STACKS; i++)
			stacks.add(SyntheticNuclei.volume("stack" + i, SIZE, SIZE, PLANES, ANISOTROPY, i));
		final AnnotatedImage unseen = SyntheticNuclei.volume("unseen", 256, 256, 64, ANISOTROPY,
			1000);
		out.println("3-D: training a 3-D U-Net on " + STACKS + " synthetic z-stacks of " + SIZE + "x" +
			SIZE + "x" + PLANES + " (z step " + ANISOTROPY + " pixels), " + steps + " steps...");
		final Path model3d = output.resolve("model-3d");
		final TrainingSet volumes = TrainingSet.prepare(stacks, LabelSettings.of(LabelMode.INSTANCES),
			1, 99.8);
		final Trainer.Result r3 = train(volumes, UNetConfig.volume(1, 3, ANISOTROPY), 1,
			PATCH_PLANES, steps, model3d, out);
		out.println("2-D: training a 2-D U-Net on the same stacks' slices, the same steps and voxels " +
			"per step...");
		final List<AnnotatedImage> slices = new ArrayList<>();
		for (final AnnotatedImage stack : stacks)
			for (int z = 0; z < PLANES; z++)
				slices.add(new AnnotatedImage(stack.name + "-z" + z, Views.hyperSlice(stack.image, 2, z),
					Views.hyperSlice(stack.labels, 2, z), false));
		final Path model2d = output.resolve("model-2d");
		final TrainingSet planes = TrainingSet.prepare(slices, LabelSettings.of(LabelMode.INSTANCES),
			1, 99.8);
		final Trainer.Result r2 = train(planes, UNetConfig.defaults(1, 3), PATCH_PLANES, 1, steps,
			model2d, out);
		final int[] truth = Planes.labels(unseen.labels, "truth");
		final Grid grid = new Grid(256, 256, 64);
		final double ap3d, ap2d;
		try (SegmentationModel m = SegmentationModel.load(model3d, Device.auto())) {
			final Segmentation s = new Segmenter(m, 256, 1, Double.NaN, out::println).segmentVolume(
				unseen.image, false, 0, 0, null);
			ap3d = InstanceMatching.of(ints(s.instances), truth).averagePrecision();
		}
		try (SegmentationModel m = SegmentationModel.load(model2d, Device.auto())) {
			final Segmenter segmenter = new Segmenter(m, 256, 1, Double.NaN, out::println);
			final Segmentation s = segmenter.segmentStack(unseen.image, false, null);
			ap2d = InstanceMatching.of(ints(m.head().decodeVolume(Planes.interleaved(s.probabilities), grid,
				m.threshold()).instances), truth).averagePrecision();
		}
		out.println(String.format(Locale.ROOT, "unseen 64x256x256 stack, AP@0.5 of 3-D nuclei: " +
			"3-D U-Net %.3f (%s), 2-D U-Net slice by slice %.3f (%s); total %s", ap3d, TrainingProgress
				.duration(r3.seconds), ap2d, TrainingProgress.duration(r2.seconds), TrainingProgress
					.duration((System.nanoTime() - started) / 1e9)));
		out.println("Models: " + model3d.toAbsolutePath() + ", " + model2d.toAbsolutePath());
	}

	private static Trainer.Result train(final TrainingSet data, final UNetConfig network,
		final int batch, final int patchPlanes, final int steps, final Path model,
		final PrintStream out) throws Exception
	{
		final TrainingSettings settings = new TrainingSettings();
		settings.batchSize = batch;
		settings.patchSize = PATCH;
		settings.patchDepth = patchPlanes;
		settings.epochs = 10;
		settings.stepsPerEpoch = Math.max(1, steps / settings.epochs);
		settings.maxLearningRate = 3e-3;
		settings.validationFraction = 0.15;
		final SegmentationTask task = new SegmentationTask(data, network, Heads.forTraining(
			PixelClassHead.KEY, LabelMode.INSTANCES, 3, settings.loss), settings, model.getFileName()
				.toString(), Device.auto());
		return train(task, settings, model, out);
	}

	/** Trains to the end, printing each epoch's row and the outcome: how both 3-D demos train. */
	static Trainer.Result train(final org.pixelwise.train.TrainingTask task,
		final TrainingSettings settings, final Path model, final PrintStream out) throws Exception
	{
		final Trainer.Result result = new Trainer(Device.auto(), new TrainingListener() {
			@Override
			public void epoch(final java.util.Map<String, Object> row) {
				out.println("  " + row);
			}
		}, () -> false).train(task, settings, model);
		out.println("  " + result.message + " in " + TrainingProgress.duration(result.seconds));
		return result;
	}


	private static int[] ints(final RandomAccessibleInterval<? extends RealType<?>> img) {
		final int[] values = new int[(int) net.imglib2.util.Intervals.numElements(img)];
		int i = 0;
		for (final RealType<?> t : Views.flatIterable(img))
			values[i++] = (int) t.getRealDouble();
		return values;
	}
}
