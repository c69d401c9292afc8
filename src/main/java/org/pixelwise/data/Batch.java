package org.pixelwise.data;

/**
 * A batch of training patches laid out as TensorFlow wants them (NHWC, row-major): inputs,
 * one-hot targets and per-pixel loss weights, where a weight of 0 marks an unannotated pixel.
 */
public final class Batch {
	public final int size, height, width, inputChannels, targetChannels;
	public final float[] inputs;
	public final float[] targets;
	public final float[] weights;

	public Batch(final int size, final int height, final int width, final int inputChannels,
		final int targetChannels)
	{
		this.size = size;
		this.height = height;
		this.width = width;
		this.inputChannels = inputChannels;
		this.targetChannels = targetChannels;
		final int pixels = size * height * width;
		inputs = new float[pixels * inputChannels];
		targets = new float[pixels * targetChannels];
		weights = new float[pixels];
	}

	/**
	 * Copies a patch into slot {@code index}. Labels become one-hot targets (a single 0/1
	 * channel for binary models); ignored pixels get weight 0 and an all-zero target.
	 */
	public void put(final int index, final Patch patch) {
		if (patch.width != width || patch.height != height || patch.channels != inputChannels)
			throw new IllegalArgumentException("patch " + patch.width + "x" + patch.height + "x" +
				patch.channels + " does not fit a batch of " + width + "x" + height + "x" + inputChannels);
		final int pixels = height * width;
		System.arraycopy(patch.pixels, 0, inputs, index * pixels * inputChannels, pixels *
			inputChannels);
		final int targetOffset = index * pixels * targetChannels;
		java.util.Arrays.fill(targets, targetOffset, targetOffset + pixels * targetChannels, 0f);
		for (int i = 0; i < pixels; i++) {
			final int label = patch.labels[i];
			if (label == Patch.IGNORE) {
				weights[index * pixels + i] = 0f;
				continue;
			}
			weights[index * pixels + i] = patch.weights[i];
			if (targetChannels == 1) targets[targetOffset + i] = label > 0 ? 1f : 0f;
			else targets[targetOffset + i * targetChannels + label] = 1f;
		}
	}
}
