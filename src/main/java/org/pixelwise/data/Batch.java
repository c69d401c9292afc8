package org.pixelwise.data;

/**
 * A batch of training patches laid out as TensorFlow wants them (NHWC, row-major): inputs,
 * targets and per-pixel loss weights of the targets, where a weight of 0 marks an unannotated
 * pixel. Targets of segmentation are one-hot classes the size of the input; targets of
 * super-resolution are images larger than the input by the scale.
 */
public final class Batch {
	public final int size, height, width, inputChannels;
	/** Planes per example: 1 for images; for volumes (NDHWC) the patch depth, targets alike. */
	public final int depth;
	public final int targetHeight, targetWidth, targetChannels;
	public final float[] inputs;
	public final float[] targets;
	public final float[] weights;

	/** A batch whose targets have the inputs' height and width. */
	public Batch(final int size, final int height, final int width, final int inputChannels,
		final int targetChannels)
	{
		this(size, height, width, inputChannels, height, width, targetChannels);
	}

	public Batch(final int size, final int height, final int width, final int inputChannels,
		final int targetHeight, final int targetWidth, final int targetChannels)
	{
		this(size, 1, height, width, inputChannels, targetHeight, targetWidth, targetChannels);
	}

	/** A batch of volumes, {@code depth} planes each, targets the size of the inputs. */
	public static Batch volumes(final int size, final int depth, final int height, final int width,
		final int inputChannels, final int targetChannels)
	{
		return new Batch(size, depth, height, width, inputChannels, height, width, targetChannels);
	}

	private Batch(final int size, final int depth, final int height, final int width,
		final int inputChannels, final int targetHeight, final int targetWidth,
		final int targetChannels)
	{
		this.size = size;
		this.depth = depth;
		this.height = height;
		this.width = width;
		this.inputChannels = inputChannels;
		this.targetHeight = targetHeight;
		this.targetWidth = targetWidth;
		this.targetChannels = targetChannels;
		inputs = new float[size * depth * height * width * inputChannels];
		targets = new float[size * depth * targetHeight * targetWidth * targetChannels];
		weights = new float[size * depth * targetHeight * targetWidth];
	}

	/** Copies a patch into slot {@code index} with one-hot class targets. */
	public void put(final int index, final Patch patch) {
		put(index, patch, TargetEncoder.ONE_HOT);
	}

	/** Copies a patch into slot {@code index}, its targets written by {@code encoder}. */
	public void put(final int index, final Patch patch, final TargetEncoder encoder) {
		if (patch.width != width || patch.height != height || patch.depth != depth ||
			patch.channels != inputChannels) throw new IllegalArgumentException("patch " + patch
				.grid() + " with " + patch.channels + " channels does not fit a batch of " + new Grid(width,
					height, depth) + " with " + inputChannels);
		final int pixels = height * width * depth;
		System.arraycopy(patch.pixels, 0, inputs, index * pixels * inputChannels, pixels *
			inputChannels);
		encoder.encode(patch, targets, index * pixels * targetChannels, targetChannels, weights,
			index * pixels);
	}
}
