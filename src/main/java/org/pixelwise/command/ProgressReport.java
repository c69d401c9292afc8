package org.pixelwise.command;

import java.util.Map;

import org.pixelwise.train.TrainingListener;
import org.pixelwise.train.TrainingProgress;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;

/**
 * Reports training to the user through SciJava: Fiji's status bar and progress bar (via
 * StatusService), and the log, which is the console when headless. Steps are logged at most
 * every few seconds so a long run does not flood the log; epochs and messages always are.
 */
final class ProgressReport implements TrainingListener {

	private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

	private final StatusService status;
	private final LogService log;
	private final TrainingListener also;
	private long lastLog;

	ProgressReport(final StatusService status, final LogService log, final TrainingListener also) {
		this.status = status;
		this.log = log;
		this.also = also;
	}

	@Override
	public void step(final TrainingProgress p) {
		if (status != null) status.showStatus((int) p.step, (int) p.totalSteps, "Pixelwise: " + p);
		final long now = System.nanoTime();
		if (now - lastLog > LOG_INTERVAL_NANOS) {
			lastLog = now;
			log.info("Pixelwise training: " + p);
		}
		also.step(p);
	}

	@Override
	public void epoch(final Map<String, Object> row) {
		final StringBuilder line = new StringBuilder("Pixelwise epoch " + row.get("epoch") + ":");
		for (final Map.Entry<String, Object> e : row.entrySet())
			if (!e.getKey().equals("epoch")) line.append(' ').append(e.getKey()).append(' ').append(e
				.getValue());
		log.info(line.toString());
		also.epoch(row);
	}

	@Override
	public void message(final String text) {
		log.info("Pixelwise: " + text);
		if (status != null) status.showStatus("Pixelwise: " + text);
		also.message(text);
	}
}
