package org.pixelwise.bench;

import java.util.Collections;
import java.util.List;

import org.pixelwise.data.Batch;
import org.pixelwise.device.Device;
import org.pixelwise.train.Objective;
import org.pixelwise.train.TrainingGraph;

/**
 * The time of one optimisation step (forward, loss, backward, Adam) on a fixed batch, through
 * the same {@link TrainingGraph} that training uses, so feeding and fetching the loss count
 * as they do in training; making the batch does not (see {@link TrainingThroughput}).
 */
final class TrainingStep implements Measurement {

	private static final float LEARNING_RATE = 1e-4f;
	private static final long SEED = 42;

	private final String name;
	private final TrainingGraph graph;
	private final Batch batch;
	private final int warmup, repeats;
	private final String peerCommand;
	private long step;

	/**
	 * @param clipNorm the gradient clipping the command uses by default, 0 for none
	 * @param peerCommand the peer's command for the same step, or null
	 */
	TrainingStep(final String name, final Objective objective, final float clipNorm,
		final Batch batch, final int warmup, final int repeats, final String peerCommand)
	{
		this.name = name;
		this.batch = batch;
		this.warmup = warmup;
		this.repeats = repeats;
		this.peerCommand = peerCommand;
		graph = new TrainingGraph(objective, Device.cpu(), clipNorm);
		graph.initialize(SEED);
	}

	@Override
	public List<Figure> measure() {
		final double seconds = Timing.medianSeconds(() -> graph.train(batch, LEARNING_RATE, ++step,
			SEED), warmup, repeats);
		return Collections.singletonList(new Figure(name, seconds, "s"));
	}

	@Override
	public String peerCommand() {
		return peerCommand;
	}

	@Override
	public void close() {
		graph.close();
	}
}
