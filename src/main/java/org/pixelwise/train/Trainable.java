package org.pixelwise.train;

import java.nio.file.Path;
import java.util.Map;

import org.pixelwise.data.Batch;
import org.pixelwise.files.AtomicFolder;

/**
 * What the {@link Trainer} steps: one network with its optimiser ({@link TrainingGraph}), or
 * several that take turns, such as a generator and its critic ({@link AdversarialGraph}). The
 * loop needs only these steps, the network it validates and saves, and the state it checkpoints.
 */
public interface Trainable extends AutoCloseable {

	/** Fills all variables with seeded random weights and zero optimiser state. */
	void initialize(long seed);

	/**
	 * Runs one optimisation step and returns the loss the loop watches (for divergence and the
	 * epoch's mean), before the update.
	 *
	 * @param step the 1-based global step of the run
	 */
	float train(Batch batch, float learningRate, long step, long seed);

	/** The weights of the network that is validated and saved, named as in its package. */
	Map<String, float[]> inferenceWeights();

	/** Loads weights of that network, e.g. to start from a trained model. */
	void load(Map<String, float[]> weights);

	/** The number of weights of that network. */
	long weightCount();

	/** A graph holding that network's current weights, to validate and export it with. */
	TrainingGraph evaluator();

	/** Everything needed to resume, as a model folder's attachment. */
	AtomicFolder.Content stateFiles();

	/** Restores what {@link #stateFiles} wrote into {@code folder}. */
	void restoreState(Path folder);

	@Override
	void close();
}
