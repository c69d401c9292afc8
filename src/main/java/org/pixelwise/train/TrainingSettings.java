package org.pixelwise.train;

import org.pixelwise.data.Augmentation;

/**
 * How to train: length, batch and patch sizes, learning rate and schedule, validation,
 * early stopping and the seed. Defaults suit a few annotated 2-D images on a laptop CPU.
 */
public final class TrainingSettings {
	public int epochs = 20;
	/** Steps per epoch; 0 chooses enough to see the annotated pixels about once per epoch. */
	public int stepsPerEpoch = 0;
	public int batchSize = 4;
	public int patchSize = 256;
	/** Planes per patch when training on volumes (3-D); made a multiple of the net's z step. */
	public int patchDepth = 16;
	/** Peak learning rate of the one-cycle schedule; 0 runs the learning-rate finder first. */
	public double maxLearningRate = 1e-3;
	public boolean oneCycle = true;
	public long seed = 42;
	/** Largest global gradient norm before gradients are scaled down; 0 never clips. */
	public double gradientClipNorm = 0;
	public double validationFraction = 0.2;
	/** Validate on the bottom band of every image instead of on held-out images. */
	public boolean validationBands = false;
	/** Stop after this many epochs without a better validation score; 0 never stops early. */
	public int earlyStoppingPatience = 0;
	/** Chance that a patch is centred on a pixel of a randomly chosen class. */
	public double classFocus = 0.5;
	public Augmentation augmentation = Augmentation.defaults();
	public Loss loss = Loss.parse("ce+dice");
	/** At most this many validation patches are scored after each epoch. */
	public int maxValidationPatches = 32;

	/**
	 * Refuses settings no run can use, naming the setting and its range, so that a mistake is
	 * reported before anything in the model folder changes (the commands check their options the
	 * same way before they start; this guards callers of the engine itself).
	 */
	public void check() {
		require(epochs >= 1, "epochs", epochs, "at least 1");
		require(stepsPerEpoch >= 0, "steps per epoch", stepsPerEpoch, "0 (automatic) or more");
		require(batchSize >= 1, "batch size", batchSize, "at least 1");
		require(patchSize >= 8, "patch size", patchSize, "at least 8");
		require(patchDepth >= 1, "patch depth", patchDepth, "at least 1");
		require(maxLearningRate >= 0 && Double.isFinite(maxLearningRate), "learning rate",
			maxLearningRate, "0 (find it) or more");
		require(gradientClipNorm >= 0, "gradient clip", gradientClipNorm, "0 (off) or more");
		require(validationFraction > 0 && validationFraction < 1, "validation fraction",
			validationFraction, "between 0 and 1");
		require(earlyStoppingPatience >= 0, "early stopping", earlyStoppingPatience, "0 (off) or more");
	}

	private static void require(final boolean ok, final String name, final Object value,
		final String range)
	{
		if (!ok) throw new IllegalArgumentException(name + " " + value + " is out of range; it must be " +
			range);
	}
}
