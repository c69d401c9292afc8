package org.pixelwise.spark;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import ij.ImagePlus;

import org.apache.spark.api.java.JavaSparkContext;
import org.pixelwise.command.Failures;
import org.pixelwise.imagej.ImageFiles;
import org.pixelwise.imagej.ImageJob;
import org.pixelwise.predict.SplitPrediction;

/**
 * Segment Folder or Restore Folder on a Spark cluster: one task per image, and for images of
 * more than {@code splitAboveTiles} tiles, tasks that each compute a share of the image's tiles,
 * which the driver then blends and decodes (see {@link SplitPrediction}). The outputs are the
 * files the one-machine command writes; images whose outputs exist are skipped, so a rerun
 * resumes.
 */
public final class SparkFolderJob {

	/** What the job did. */
	public static final class Outcome {
		public final int done;
		public final int skipped;
		/** "file: reason" of each image that could not be processed. */
		public final List<String> failed;
		/** Images split into tile shares. */
		public final int split;
		public final int tasks;
		public final int retriedTasks;
		public final double seconds;

		Outcome(final int done, final int skipped, final List<String> failed, final int split,
			final int tasks, final int retriedTasks, final double seconds)
		{
			this.seconds = seconds;
			this.done = done;
			this.skipped = skipped;
			this.failed = failed;
			this.split = split;
			this.tasks = tasks;
			this.retriedTasks = retriedTasks;
		}

		public String summary(final FolderRequest request) {
			return String.format(Locale.ROOT, "%s %d image(s) into %s in %d task(s), %.1f s%s; %d skipped " +
				"(outputs exist)%s%s", request.kind.done, done, request.output, tasks, seconds, split > 0 ? " (" +
					split + " large image(s) split into tiles)" : "", skipped, retriedTasks > 0 ? "; " +
						retriedTasks + " task attempt(s) failed and were retried" : "", failed.isEmpty() ? ""
							: "; " + failed.size() + " image(s) failed: " + String.join("; ", failed));
		}
	}

	private SparkFolderJob() {}

	/**
	 * @param splitAboveTiles images of more than this many tiles of the request's tile size are
	 *          split across tasks
	 * @param executorCores the cores TensorFlow may use per executor JVM (0 = all)
	 */
	public static Outcome run(final JavaSparkContext spark, final FolderRequest request,
		final int splitAboveTiles, final int executorCores, final PrintStream out) throws Exception
	{
		final long start = System.nanoTime();
		final File input = new File(request.input);
		final File output = new File(request.output);
		final List<File> files = ImageFiles.list(input, "input");
		ImageFiles.checkSeparate(input, output);
		if (files.isEmpty()) throw new IllegalArgumentException("the input folder '" + input +
			"' holds no images (TIFF, PNG, JPEG, BMP, GIF)");
		Files.createDirectories(output.toPath());
		// Loaded on the driver too: a wrong model fails here, before any task starts, and the
		// driver needs it to count and to blend the tiles of split images.
		final Object model = ExecutorWork.model(request);
		final ImageJob<?> plain = ExecutorWork.job(request, model, network -> network);
		final int parallelism = Math.max(1, spark.defaultParallelism());
		// tile_size=0 lets each executor size tiles from its own memory; split by the usual tile.
		final long tile = request.tileSize > 0 ? request.tileSize
			: org.pixelwise.model.SegmentationModel.DEFAULT_TILE;
		final long splitAbove = splitAboveTiles * tile * tile;
		final List<WorkUnit> units = new ArrayList<>();
		int skipped = 0;
		int split = 0;
		final List<String> failed = new ArrayList<>();
		for (final File file : files) {
			if (plain.finished(file)) {
				skipped++;
				continue;
			}
			if (ImageFiles.planePixels(file) <= splitAbove) {
				units.add(WorkUnit.image(file.getPath()));
				continue;
			}
			final int calls;
			try {
				calls = tileCalls(request, model, file);
			}
			catch (final Exception e) {
				failed.add(file.getName() + ": " + Failures.describe(e));
				continue;
			}
			final int share = Math.max(1, (calls + 2 * parallelism - 1) / (2 * parallelism));
			for (int from = 0; from < calls; from += share)
				units.add(WorkUnit.share(file.getPath(), from, Math.min(calls, from + share)));
			split++;
		}
		out.printf(Locale.ROOT, "Pixelwise: %d image(s) to do, %d skipped (outputs exist), %d " +
			"task(s) on %d core(s)%n", files.size() - skipped, skipped, units.size(), parallelism);
		final TaskProgress progress = new TaskProgress(out, request.kind.done);
		spark.sc().addSparkListener(progress);
		final List<WorkResult> results;
		try {
			progress.expect(units.size());
			results = units.isEmpty() ? new ArrayList<>() : spark.parallelize(units, units.size()).map(
				unit -> ExecutorWork.run(request, unit, executorCores)).collect();
			progress.finished();
		}
		finally {
			spark.sc().removeSparkListener(progress);
		}
		int done = 0;
		final Map<String, Map<Integer, float[]>> shares = new LinkedHashMap<>();
		for (final WorkResult result : results) {
			if (result.failure != null) failed.add(new File(result.file).getName() + ": " +
				result.failure);
			else if (result.tiles == null) done++;
			else shares.computeIfAbsent(result.file, f -> new TreeMap<>()).putAll(result.tiles);
		}
		for (final Map.Entry<String, Map<Integer, float[]>> image : shares.entrySet()) {
			final File file = new File(image.getKey());
			try {
				ExecutorWork.processAndWrite(ExecutorWork.job(request, model, network -> SplitPrediction
					.replaying(network, image.getValue())), file, ImageFiles.open(file));
				done++;
			}
			catch (final Exception e) {
				failed.add(file.getName() + ": " + Failures.describe(e));
			}
		}
		return new Outcome(done, skipped, failed, split, units.size(), progress.retried(), (System
			.nanoTime() - start) / 1e9);
	}

	/** How many tiles the ordinary prediction of this image asks its network for. */
	private static int tileCalls(final FolderRequest request, final Object model, final File file)
		throws Exception
	{
		final SplitPrediction.Counting[] counting = new SplitPrediction.Counting[1];
		final ImageJob<?> job = ExecutorWork.job(request, model, network -> counting[0] =
			SplitPrediction.counting(network));
		final ImagePlus image = ImageFiles.open(file);
		job.process(file, image);
		return counting[0].calls();
	}
}
