package org.pixelwise.command;

import java.util.Locale;
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
		log.info(String.format(Locale.ROOT,
			"Pixelwise epoch %s: loss %s, validation loss %s, validation Dice %s, IoU %s", row.get(
				"epoch"), row.get("loss"), row.get("val_loss"), row.get("val_dice"), row.get("val_iou")));
		also.epoch(row);
	}

	@Override
	public void message(final String text) {
		log.info("Pixelwise: " + text);
		if (status != null) status.showStatus("Pixelwise: " + text);
		also.message(text);
	}
}
