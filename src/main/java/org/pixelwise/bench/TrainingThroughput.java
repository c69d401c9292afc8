package org.pixelwise.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.pixelwise.data.AnnotatedImage;
import org.pixelwise.data.BatchProducer;
import org.pixelwise.data.LabelMode;
import org.pixelwise.data.LabelSettings;
import org.pixelwise.data.PercentileNormalisation;
import org.pixelwise.data.TrainingSet;
import org.pixelwise.device.Device;
import org.pixelwise.imagej.Annotations;
import org.pixelwise.imagej.ImageFiles;
import org.pixelwise.net.UNetConfig;
import org.pixelwise.train.SegmentationTask;
import org.pixelwise.train.Trainer;
import org.pixelwise.train.TrainingListener;
import org.pixelwise.train.TrainingProgress;
import org.pixelwise.train.TrainingSettings;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;

/**
 * End-to-end segmentation training as Train Segmentation runs it with its defaults: 16-bit
 * TIFFs and PNG labels read from folders, percentile normalisation, border weights, class-
 * focused patch sampling, the default augmentation (flips, turns, elastic warps, intensity),
 * the background batch producer, the {@link Trainer} with validation and checkpoints. It
 * reports the steady training loop's patches per second (from the median time between the
 * ends of consecutive steps, like the pure step's figure; data pipeline included, start-up,
 * validation and checkpoints not), the whole run's, how long the trainer waited for batches,
 * and what one batch costs the producer's thread. The model it trains is the one the
 * tiled-prediction figure loads.
 */
final class TrainingThroughput {

	/** Steps at the start of the loop not counted: the graph's first runs choose kernels. */
	private static final int SETTLING_STEPS = 2;

	private TrainingThroughput() {}

	/**
	 * @param folder an empty folder for the images and the model (model/best is left there)
	 * @param images how many images to write, {@code size} x {@code size} pixels each
	 * @param steps training steps, one epoch
	 */
	static List<Figure> measure(final Path folder, final int images, final int size,
		final int steps) throws IOException, InterruptedException
	{
		writeImages(folder, images, size);
		final long start = System.nanoTime();
		final List<AnnotatedImage> annotated = Annotations.fromFolders(folder.resolve("images")
			.toFile(), folder.resolve("labels").toFile());
		final TrainingSet data = TrainingSet.prepare(annotated, LabelSettings.of(LabelMode.BINARY),
			PercentileNormalisation.DEFAULT_LOW_PERCENTILE,
			PercentileNormalisation.DEFAULT_HIGH_PERCENTILE);
		final double loading = (System.nanoTime() - start) / 1e9;
		final TrainingSettings settings = new TrainingSettings();
		settings.epochs = 1;
		settings.stepsPerEpoch = steps;
		final UNetConfig network = UNetConfig.defaults(data.channels, data.outputChannels());
		final double batchSeconds = batchSeconds(new SegmentationTask(data, network, settings, "bench",
			Device.cpu()));
		final long trainingStart = System.nanoTime();
		final long[] stepEnds = new long[steps + 1];
		final TrainingListener clock = new TrainingListener() {
			@Override
			public void step(final TrainingProgress progress) {
				stepEnds[(int) progress.step] = System.nanoTime();
			}
		};
		final Trainer.Result result = new Trainer(Device.cpu(), clock, () -> false).train(data,
			network, settings, folder.resolve("model"), "bench");
		if (result.outcome != Trainer.Outcome.COMPLETED) throw new IllegalStateException(
			"benchmark training did not complete: " + result.message);
		final double total = loading + (System.nanoTime() - trainingStart) / 1e9;
		final double[] intervals = new double[steps - SETTLING_STEPS];
		for (int i = 0; i < intervals.length; i++)
			intervals[i] = (stepEnds[SETTLING_STEPS + i + 1] - stepEnds[SETTLING_STEPS + i]) / 1e9;
		final List<Figure> figures = new ArrayList<>();
		figures.add(new Figure("unet.e2e.load", loading, "s"));
		figures.add(new Figure("unet.e2e.batch", batchSeconds, "s"));
		figures.add(new Figure("unet.e2e.loop", settings.batchSize / Report.median(intervals),
			"patches/s"));
		figures.add(new Figure("unet.e2e.run", steps * settings.batchSize / total, "patches/s"));
		figures.add(new Figure("unet.e2e.pipeline_wait", 100 * result.pipelineWaitSeconds /
			result.seconds, "%"));
		return figures;
	}

	/**
	 * Seconds to make one batch on the producer's thread with nothing else running: the CPU time
	 * the data pipeline takes from training on a machine without a spare core.
	 */
	private static double batchSeconds(final SegmentationTask task) throws InterruptedException {
		final int batches = 6;
		final long start = System.nanoTime();
		try (BatchProducer producer = task.batches(1)) {
			for (int i = 0; i < batches; i++)
				producer.next();
		}
		return (System.nanoTime() - start) / 1e9 / batches;
	}

	/** Images as 16-bit TIFFs and masks as 8-bit PNGs, as a user's folders hold them. */
	private static void writeImages(final Path folder, final int count, final int size)
		throws IOException
	{
		final Path images = Files.createDirectories(folder.resolve("images"));
		final Path labels = Files.createDirectories(folder.resolve("labels"));
		for (int i = 0; i < count; i++) {
			final SyntheticBlobs blobs = SyntheticBlobs.make(size, size, i);
			final String name = String.format("blobs%02d", i);
			ImageFiles.saveTiff(new ImagePlus(name, new ShortProcessor(size, size, blobs.pixels, null)),
				images.resolve(name + ".tif"));
			ImageFiles.savePng(new ImagePlus(name, new ByteProcessor(size, size, blobs.mask)), labels
				.resolve(name + ".png"));
		}
	}
}
