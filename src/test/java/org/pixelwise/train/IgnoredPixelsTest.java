package org.pixelwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.pixelwise.data.Batch;
import org.pixelwise.data.Patch;
import org.pixelwise.device.Device;
import org.pixelwise.net.UNetConfig;

/** Unannotated pixels must not steer training: their targets cannot change the loss gradient. */
class IgnoredPixelsTest {

	private static Batch batch(final int ignoredTarget) {
		final Random random = new Random(3);
		final int size = 32;
		final Batch batch = new Batch(2, size, size, 1, 1);
		for (int b = 0; b < 2; b++) {
			final float[] pixels = new float[size * size];
			final int[] labels = new int[size * size];
			for (int i = 0; i < pixels.length; i++) {
				pixels[i] = random.nextFloat();
				labels[i] = i % size < size / 2 ? Patch.IGNORE : (pixels[i] > 0.5f ? 1 : 0);
			}
			batch.put(b, new Patch(size, size, 1, pixels, labels));
			// Give ignored pixels a target anyway, as a careless encoder might.
			for (int i = 0; i < size * size; i++)
				if (labels[i] == Patch.IGNORE) batch.targets[b * size * size + i] = ignoredTarget;
		}
		return batch;
	}

	private static float[] gradients(final Loss loss, final Batch batch) {
		try (TrainingGraph graph = new TrainingGraph(new UNetConfig(2, 4, true, 0,
			UNetConfig.Upsampling.TRANSPOSED, 1, 1), loss, Device.cpu()))
		{
			graph.initialize(11);
			return graph.gradients(batch);
		}
	}

	private static double largestDifference(final float[] a, final float[] b) {
		double max = 0;
		for (int i = 0; i < a.length; i++)
			max = Math.max(max, Math.abs(a[i] - b[i]));
		return max;
	}

	private static double largest(final float[] a) {
		double max = 0;
		for (final float v : a)
			max = Math.max(max, Math.abs(v));
		return max;
	}

	@Test
	void ignoredPixelsHaveNoEffectOnTheGradient() {
		for (final String name : new String[] { "ce", "dice", "ce+dice" }) {
			final float[] a = gradients(Loss.parse(name), batch(0));
			final float[] b = gradients(Loss.parse(name), batch(1));
			assertEquals(a.length, b.length);
			assertTrue(largest(a) > 0, name + ": the gradient should not vanish");
			assertTrue(largestDifference(a, b) <= 1e-5 * largest(a), name + ": gradients differ by " +
				largestDifference(a, b) + " of " + largest(a));
		}
	}

	@Test
	void annotatedTargetsDoChangeTheGradient() {
		final Batch batch = batch(0);
		final float[] a = gradients(Loss.parse("ce"), batch);
		for (int i = 0; i < batch.weights.length; i++)
			if (batch.weights[i] > 0) batch.targets[i] = 1 - batch.targets[i];
		final float[] b = gradients(Loss.parse("ce"), batch);
		assertTrue(largestDifference(a, b) > 0.1 * largest(a));
	}

	@Test
	void clippingBoundsTheGlobalGradientNorm() {
		final Batch batch = batch(0);
		final UNetConfig net = new UNetConfig(2, 4, true, 0, UNetConfig.Upsampling.TRANSPOSED, 1, 1);
		final float[] free, clipped;
		try (TrainingGraph graph = new TrainingGraph(new SegmentationObjective(net, Loss.parse("ce")),
			Device.cpu(), 0))
		{
			graph.initialize(11);
			free = graph.gradients(batch);
		}
		try (TrainingGraph graph = new TrainingGraph(new SegmentationObjective(net, Loss.parse("ce")),
			Device.cpu(), 1e-3f))
		{
			graph.initialize(11);
			clipped = graph.gradients(batch);
		}
		final double freeNorm = norm(free), clippedNorm = norm(clipped);
		assertTrue(freeNorm > 1e-2, "unclipped norm " + freeNorm);
		assertEquals(1e-3, clippedNorm, 1e-5, "clipped to the limit");
		// Clipping scales all gradients together: their direction is kept.
		for (int i = 0; i < free.length; i += 97)
			assertEquals(free[i] * clippedNorm / freeNorm, clipped[i], 1e-6);
	}

	private static double norm(final float[] values) {
		double sum = 0;
		for (final float v : values)
			sum += (double) v * v;
		return Math.sqrt(sum);
	}
}
