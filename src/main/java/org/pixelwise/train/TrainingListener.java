package org.pixelwise.train;

import java.util.Map;

/**
 * What a training run tells the outside world: a step's progress, an epoch's scores, and
 * messages for the user. Implementations report to a console, Fiji's status bar or a chart;
 * the engine itself knows none of them.
 */
public interface TrainingListener {

	/** After every step. */
	default void step(final TrainingProgress progress) {}

	/** After every epoch, with that epoch's row of the training history. */
	default void epoch(final Map<String, Object> row) {}

	/** Something the user should read: checkpoints, early stop, divergence. */
	default void message(final String text) {}

	TrainingListener NONE = new TrainingListener() {};
}
