package org.pixelwise.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.pixelwise.data.BatchProducer;
import org.pixelwise.device.Device;
import org.pixelwise.files.AtomicFolder;

/**
 * What the {@link Trainer} needs from one kind of training, such as segmentation or
 * restoration: the objective, where batches come from, how an epoch is scored, and how a
 * checkpoint is described. The training loop itself is the same for all of them.
 */
public interface TrainingTask {

	Objective objective();

	/** Training batches drawn with this seed. */
	BatchProducer batches(long seed);

	/** Steps per epoch when the user leaves it to us: about one pass over the training pixels. */
	int automaticStepsPerEpoch();

	/** Validation scores after an epoch, e.g. val_loss and val_dice, in the order to report them. */
	Map<String, Object> validate(TrainingGraph graph);

	/** The validation score to maximise when choosing the best checkpoint, e.g. "val_dice". */
	String scoreName();

	/**
	 * The score a trivial method gets on the validation data (bicubic upscaling for
	 * restoration), or NaN when there is none: a checkpoint below it is not a good one.
	 */
	default double baselineScore() {
		return Double.NaN;
	}

	/** Facts about the data and settings, recorded with every checkpoint. */
	Map<String, Object> facts();

	/**
	 * Weights to start from instead of random ones (fine-tuning a trained model), given the
	 * names of the network's variables; null to start from scratch.
	 */
	default Map<String, float[]> initialWeights(java.util.Set<String> names) throws IOException {
		return null;
	}

	/**
	 * What the loop trains: by default the objective's network with Adam in one graph; a task
	 * whose networks take turns (a generator and its critic) gives its own.
	 */
	default Trainable trainable(final Device device, final float clipNorm) {
		return new TrainingGraph(objective(), device, clipNorm);
	}

	/**
	 * Writes a checkpoint.
	 *
	 * @param graph holds the network's weights, to export
	 * @param training the training facts, step and epoch included
	 * @param state the full training state to keep for resuming, or null for none
	 */
	void save(Path folder, TrainingGraph graph, Map<String, Object> training,
		List<Map<String, Object>> history, AtomicFolder.Content state) throws IOException;
}
