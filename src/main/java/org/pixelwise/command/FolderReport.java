package org.pixelwise.command;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import org.pixelwise.imagej.FolderPipeline;
import org.pixelwise.train.TrainingProgress;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;

/**
 * What a folder command tells the user as it goes: each finished image with an ETA (log and
 * status bar), each failed image with its reason (the batch goes on), and at the end how many
 * were done, skipped and failed.
 */
final class FolderReport implements FolderPipeline.Outcome {

	private final String verb;
	private final int total;
	private final LogService log;
	private final StatusService status;
	private final BooleanSupplier stopped;
	private final long started = System.nanoTime();
	final List<String> failed = new ArrayList<>();
	int done, skipped;

	/** @param verb what was done to an image, e.g. "segmented" */
	FolderReport(final String verb, final int total, final LogService log,
		final StatusService status, final BooleanSupplier stopped)
	{
		this.verb = verb;
		this.total = total;
		this.log = log;
		this.status = status;
		this.stopped = stopped;
	}

	/** Counts an image found finished by an earlier run; returns whether it was. */
	boolean skip(final boolean finished) {
		if (finished) skipped++;
		return finished;
	}

	@Override
	public void done(final File file, final int index) {
		done++;
		final double elapsed = (System.nanoTime() - started) / 1e9;
		final String line = String.format(Locale.ROOT, "%s %s (%d of %d), ETA %s", verb, file
			.getName(), index + 1, total, TrainingProgress.duration(elapsed / done * (total - index -
				1)));
		log.info("Pixelwise: " + line);
		if (status != null) status.showStatus(index + 1, total, "Pixelwise: " + line);
	}

	@Override
	public void failed(final File file, final int index, final Exception cause) {
		// One odd image must not stop the batch; the failures are listed at the end.
		if (stopped.getAsBoolean()) return;
		failed.add(file.getName() + " (" + Failures.describe(cause) + ")");
		log.warn("Pixelwise: skipped " + failed.get(failed.size() - 1));
	}

	/** The closing line; null when all went well, else the reason to cancel with. */
	String summary(final String output, final boolean cancelled) {
		return verb + " " + done + " image(s), skipped " + skipped + " already done" + (cancelled
			? ", then cancelled" : "") + "; outputs in " + output;
	}
}
