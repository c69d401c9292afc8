package org.pixelwise.data;

import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Prepares training batches on a background thread (sampling, augmentation, target
 * encoding or degradation) while TensorFlow trains on the previous one, so the graph does not
 * wait on Java. One thread with one seeded random stream keeps the sequence of batches
 * reproducible.
 */
public final class BatchProducer implements AutoCloseable {

	/** Fills a new batch with training examples drawn with {@code random}. */
	public interface Filler {
		void fill(Batch batch, Random random);
	}

	private final BlockingQueue<Batch> queue;
	private final Thread thread;
	private volatile boolean stopped;
	/** Why the producer stopped; kept apart from the queue so a full queue cannot lose it. */
	private volatile Throwable failure;
	private long waitNanos;

	public BatchProducer(final Supplier<Batch> newBatch, final Filler filler, final long seed) {
		queue = new ArrayBlockingQueue<>(3);
		thread = new Thread(() -> {
			final Random random = new Random(seed);
			try {
				while (!stopped) {
					final Batch batch = newBatch.get();
					filler.fill(batch, random);
					queue.put(batch);
				}
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			catch (final RuntimeException | Error e) {
				failure = e;
			}
		}, "pixelwise-batches");
		thread.setDaemon(true);
		thread.start();
	}

	/** Segmentation batches: sampled patches, augmented, with targets made by {@code encoder}. */
	public static BatchProducer segmentation(final PatchSampler sampler, final Augmenter augmenter,
		final TargetEncoder encoder, final int batchSize, final int patchSize, final int channels,
		final int targetChannels, final long seed)
	{
		return segmentation(sampler, augmenter, encoder, batchSize, patchSize, 1, channels,
			targetChannels, seed);
	}

	/** As above, with patches of {@code patchDepth} planes for volumes (1 for images). */
	public static BatchProducer segmentation(final PatchSampler sampler, final Augmenter augmenter,
		final TargetEncoder encoder, final int batchSize, final int patchSize, final int patchDepth,
		final int channels, final int targetChannels, final long seed)
	{
		return new BatchProducer(() -> Batch.volumes(batchSize, patchDepth, patchSize, patchSize,
			channels, targetChannels), (batch, random) -> {
				for (int i = 0; i < batch.size; i++)
					batch.put(i, augmenter.apply(sampler.sample(random), random), encoder);
			}, seed);
	}

	/** The next batch; blocks while the producer is behind, and fails when it failed. */
	public Batch next() throws InterruptedException {
		final long start = System.nanoTime();
		try {
			while (true) {
				final Batch batch = queue.poll(100, TimeUnit.MILLISECONDS);
				if (batch != null) return batch;
				final Throwable cause = failure;
				if (cause instanceof RuntimeException) throw (RuntimeException) cause;
				if (cause instanceof Error) throw (Error) cause;
			}
		}
		finally {
			waitNanos += System.nanoTime() - start;
		}
	}

	/** Total time the trainer waited for batches: the data pipeline's cost to training. */
	public double waitSeconds() {
		return waitNanos / 1e9;
	}

	@Override
	public void close() {
		stopped = true;
		thread.interrupt();
		try {
			thread.join(5000);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
