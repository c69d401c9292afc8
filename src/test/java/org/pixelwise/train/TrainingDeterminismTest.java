package org.pixelwise.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.data.TargetEncoder;
import org.pixelwise.data.Augmenter;
import org.pixelwise.data.Batch;
import org.pixelwise.data.BatchProducer;
import org.pixelwise.data.PatchSampler;
import org.pixelwise.data.TrainingSet;
import org.pixelwise.device.Device;

/**
 * A seed fixes the batches and the initial weights exactly. TensorFlow's multithreaded CPU
 * kernels may add floats in a different order from run to run, so trained losses agree
 * closely but not bit for bit.
 */
class TrainingDeterminismTest {

	@Test
	void sameSeedGivesTheSameBatches() throws Exception {
		final TrainingSet data = TrainerTest.discs(2, 96);
		final float[][] first = new float[3][];
		for (int run = 0; run < 2; run++)
			try (BatchProducer batches = BatchProducer.segmentation(new PatchSampler(data.images, 64, 2, 0.5),
				new Augmenter(new TrainingSettings().augmentation), TargetEncoder.ONE_HOT, 2, 64, 1, 1, 99))
			{
				for (int i = 0; i < 3; i++) {
					final Batch b = batches.next();
					if (run == 0) first[i] = b.inputs.clone();
					else assertArrayEquals(first[i], b.inputs, "batch " + i);
				}
			}
	}

	@Test
	void sameSeedGivesTheSameTraining(@TempDir final Path dir) throws Exception {
		final TrainingSet data = TrainerTest.discs(2, 96);
		final Trainer trainer = new Trainer(Device.cpu(), TrainingListener.NONE, () -> false);
		final Trainer.Result a = trainer.train(data, TrainerTest.SMALL_BINARY, TrainerTest.quick(1, 4),
			dir.resolve("a"), "a");
		final Trainer.Result b = trainer.train(data, TrainerTest.SMALL_BINARY, TrainerTest.quick(1, 4),
			dir.resolve("b"), "b");
		assertEquals(loss(a), loss(b), 1e-3 * loss(a));
		final TrainingSettings other = TrainerTest.quick(1, 4);
		other.seed = 7;
		final Trainer.Result c = trainer.train(data, TrainerTest.SMALL_BINARY, other, dir.resolve("c"),
			"c");
		assertTrue(Math.abs(loss(a) - loss(c)) > 1e-2 * loss(a), "a different seed should train differently");
	}

	private static double loss(final Trainer.Result r) {
		return ((Number) r.history.get(0).get("loss")).doubleValue();
	}
}
