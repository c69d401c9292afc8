package org.pixelwise.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import ij.ImagePlus;

import org.pixelwise.command.Failures;
import org.pixelwise.data.LabelMode;
import org.pixelwise.device.Device;
import org.pixelwise.imagej.ImageFiles;
import org.pixelwise.imagej.ImageJob;
import org.pixelwise.imagej.RestorationJob;
import org.pixelwise.imagej.SegmentationJob;
import org.pixelwise.model.RestorationModel;
import org.pixelwise.model.SegmentationModel;
import org.pixelwise.model.Restorer;
import org.pixelwise.model.Segmenter;
import org.pixelwise.predict.SplitPrediction;
import org.pixelwise.predict.TileNetwork;

/**
 * The work of one task, on whichever JVM runs it. Models stay loaded for the life of the JVM,
 * so an executor loads each model once however many tasks it runs (and an embedded
 * {@code local[*]} run shares the driver's).
 */
final class ExecutorWork {

	private static final Map<String, AutoCloseable> MODELS = new ConcurrentHashMap<>();

	/** Called before each task's work; tests make a task fail here. */
	static volatile Consumer<WorkUnit> beforeEachUnit = unit -> {};

	private ExecutorWork() {}

	/**
	 * Runs one unit. A fault of the image itself (unreadable, wrong channels) comes back as a
	 * failure to report, since retrying cannot help; anything else is thrown, so Spark retries
	 * the task. Outputs are written atomically, so a retried task leaves no half-written file.
	 *
	 * @param cores the cores TensorFlow may use in this JVM (0 = all)
	 */
	static WorkResult run(final FolderRequest request, final WorkUnit unit, final int cores)
		throws Exception
	{
		if (cores > 0) Device.useCores(cores);
		beforeEachUnit.accept(unit);
		final File file = new File(unit.file);
		final ImagePlus image;
		try {
			image = ImageFiles.open(file);
		}
		catch (final Exception e) {
			return new WorkResult(unit.file, Failures.describe(e), null);
		}
		final Object model = model(request);
		if (!unit.isShare()) {
			try {
				processAndWrite(job(request, model, network -> network), file, image);
			}
			catch (final IllegalArgumentException e) {
				return new WorkResult(unit.file, Failures.describe(e), null);
			}
			return new WorkResult(unit.file, null, null);
		}
		final SplitPrediction.Computing[] share = new SplitPrediction.Computing[1];
		final ImageJob<?> job = job(request, model, network -> share[0] = SplitPrediction.computing(
			network, unit.from, unit.to));
		try {
			job.process(file, image);
		}
		catch (final SplitPrediction.ShareDone done) {
			// the share is complete; the rest of the image is other tasks' work
		}
		return new WorkResult(unit.file, null, share[0].outputs());
	}

	static <O> void processAndWrite(final ImageJob<O> job, final File file, final ImagePlus image)
		throws Exception
	{
		job.write(file, job.process(file, image));
	}

	/** The request's model, loaded once in this JVM. */
	static Object model(final FolderRequest request) {
		final String key = request.kind + "|" + request.model + "|" + request.device + "|" +
			request.precision + "|" + request.allowRiskyOps;
		return MODELS.computeIfAbsent(key, k -> {
			final Path folder = Paths.get(request.model);
			final Device device = request.device();
			try {
				return request.kind == FolderRequest.Kind.SEGMENT ? SegmentationModel.load(folder, device,
					request.allowRiskyOps) : RestorationModel.load(folder, device, request.allowRiskyOps);
			}
			catch (final IOException e) {
				throw new UncheckedIOException(e);
			}
		});
	}

	/**
	 * The folder command's per-image job for this request, its tiles going through
	 * {@code network} applied to the model's own network.
	 */
	static ImageJob<?> job(final FolderRequest request, final Object model,
		final UnaryOperator<TileNetwork> network)
	{
		final Path output = Paths.get(request.output);
		if (request.kind == FolderRequest.Kind.SEGMENT) {
			final SegmentationModel m = (SegmentationModel) model;
			final Segmenter segmenter = new Segmenter(m, network.apply(m), request.tileSize,
				request.batchSize, request.threshold, ExecutorWork::say);
			segmenter.setTestTimeAugmentation(request.testTimeAugmentation);
			return new SegmentationJob(segmenter, output, m.labelMode() != LabelMode.CLASSES);
		}
		final RestorationModel m = (RestorationModel) model;
		return new RestorationJob(new Restorer(m, network.apply(m), request.tileSize,
			request.batchSize, ExecutorWork::say), m.outputScale(), request.sameTypeAsInput, output);
	}

	/** Closes the models this JVM holds (the driver does, when an embedded run ends). */
	static void releaseModels() {
		for (final AutoCloseable model : MODELS.values())
			try {
				model.close();
			}
			catch (final Exception e) {
				// closing: nothing left to save
			}
		MODELS.clear();
	}

	private static void say(final String message) {
		System.err.println("Pixelwise: " + message);
	}
}
