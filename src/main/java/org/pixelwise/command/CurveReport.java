package org.pixelwise.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.pixelwise.imagej.TrainingCurve;
import org.pixelwise.train.TrainingListener;
import org.scijava.log.LogService;

/**
 * Keeps the training curve up to date after every epoch: saved as MODEL/training-curve.png,
 * and shown live in a desktop Fiji (never when headless).
 */
final class CurveReport implements TrainingListener {

	private final Path folder;
	private final LogService log;
	private final List<Map<String, Object>> history;
	private final TrainingCurve live = new TrainingCurve();

	/** @param earlier the history of the run being resumed, or an empty list */
	CurveReport(final Path folder, final LogService log, final List<Map<String, Object>> earlier) {
		this.folder = folder;
		this.log = log;
		this.history = new ArrayList<>(earlier);
	}

	@Override
	public void epoch(final Map<String, Object> row) {
		history.add(row);
		final String title = folder.getFileName() + " training";
		live.show(title, history);
		try {
			TrainingCurve.savePng(title, history, folder.resolve("training-curve.png"));
		}
		catch (final Exception e) {
			log.warn("Pixelwise: could not save the training curve: " + e.getMessage());
		}
	}
}
