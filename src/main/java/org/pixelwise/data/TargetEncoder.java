package org.pixelwise.data;

/**
 * Writes what a network should output for one training patch, and how much each pixel counts.
 * Each segmentation head has its own: one-hot classes, or object probability and ray
 * distances for star-convex objects.
 */
public interface TargetEncoder {

	/**
	 * @param targets the batch's targets; this patch's slot starts at {@code targetOffset}
	 *          and holds {@code voxels * channels} values ((depth,) height, width, channels)
	 * @param weights the batch's weights; this patch's slot starts at {@code weightOffset}; 0
	 *          for pixels that must not count
	 */
	void encode(Patch patch, float[] targets, int targetOffset, int channels, float[] weights,
		int weightOffset);

	/**
	 * Classes as one-hot channels (a single 0/1 channel for binary models); unannotated pixels
	 * get weight 0 and an all-zero target.
	 */
	TargetEncoder ONE_HOT = (patch, targets, targetOffset, channels, weights, weightOffset) -> {
		final int pixels = patch.voxels();
		java.util.Arrays.fill(targets, targetOffset, targetOffset + pixels * channels, 0f);
		for (int i = 0; i < pixels; i++) {
			final int label = patch.labels[i];
			if (label == Patch.IGNORE) {
				weights[weightOffset + i] = 0f;
				continue;
			}
			weights[weightOffset + i] = patch.weights[i];
			if (channels == 1) targets[targetOffset + i] = label > 0 ? 1f : 0f;
			else targets[targetOffset + i * channels + label] = 1f;
		}
	};
}
