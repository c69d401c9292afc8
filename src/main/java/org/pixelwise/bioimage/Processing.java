package org.pixelwise.bioimage;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Applies a tensor's declared pre- or postprocessing steps (bioimage.io format 0.5 names) to
 * one whole image, before tiling or after blending, so that per-image statistics such as
 * percentiles are those of the image and not of a tile. The image is planar: channel {@code c}
 * holds values {@code c * pixels} to {@code (c + 1) * pixels - 1}.
 */
public final class Processing {

	/** Steps Pixelwise applies; anything else is refused when a model is opened. */
	public static final List<String> SUPPORTED = List.of("ensure_dtype", "scale_linear",
		"scale_range", "zero_mean_unit_variance", "fixed_zero_mean_unit_variance", "clip", "sigmoid",
		"binarize");

	private Processing() {}

	/** Refuses steps Pixelwise cannot apply, naming them, before any work is done. */
	public static void check(final TensorSpec tensor) throws UnsupportedModelException {
		for (final ProcessingStep step : tensor.processing) {
			if (!SUPPORTED.contains(step.name)) throw new UnsupportedModelException("tensor '" +
				tensor.id + "' declares the processing step '" + step.name +
				"', which Pixelwise cannot apply; it supports " + String.join(", ", SUPPORTED));
			final Object reference = step.kwargs.get("reference_tensor");
			if (reference != null && !reference.equals(tensor.id)) throw new UnsupportedModelException(
				"tensor '" + tensor.id + "' computes '" + step.name + "' from the statistics of tensor '" +
					reference + "', which Pixelwise does not support");
		}
	}

	public static void apply(final List<ProcessingStep> steps, final float[] image,
		final int pixels, final int channels)
	{
		for (final ProcessingStep step : steps)
			apply(step, image, pixels, channels);
	}

	static void apply(final ProcessingStep step, final float[] image, final int pixels,
		final int channels)
	{
		final Map<String, Object> k = step.kwargs;
		final boolean joint = jointOverChannels(k.get("axes"));
		switch (step.name) {
			case "ensure_dtype":
				ensureType(String.valueOf(k.get("dtype")), image);
				break;
			case "scale_linear":
				for (int c = 0; c < channels; c++)
					affine(image, c, pixels, perChannel(k.get("gain"), c, 1), perChannel(k.get("offset"), c,
						0));
				break;
			case "fixed_zero_mean_unit_variance":
				for (int c = 0; c < channels; c++) {
					final double std = perChannel(k.get("std"), c, 1) + number(k.get("eps"), 0);
					affine(image, c, pixels, 1 / std, -perChannel(k.get("mean"), c, 0) / std);
				}
				break;
			case "zero_mean_unit_variance":
				for (final int[] group : groups(joint, channels)) {
					final double[] meanStd = meanStd(image, group, pixels);
					final double s = meanStd[1] + number(k.get("eps"), 1e-6);
					for (final int c : group)
						affine(image, c, pixels, 1 / s, -meanStd[0] / s);
				}
				break;
			case "scale_range":
				for (final int[] group : groups(joint, channels)) {
					final double low = percentile(image, group, pixels, number(k.get("min_percentile"), 0));
					final double high = percentile(image, group, pixels, number(k.get("max_percentile"),
						100));
					final double range = high - low + number(k.get("eps"), 1e-6);
					for (final int c : group)
						affine(image, c, pixels, 1 / range, -low / range);
				}
				break;
			case "clip":
				final double min = number(k.get("min"), Double.NEGATIVE_INFINITY);
				final double max = number(k.get("max"), Double.POSITIVE_INFINITY);
				for (int i = 0; i < image.length; i++)
					image[i] = (float) Math.min(max, Math.max(min, image[i]));
				break;
			case "sigmoid":
				for (int i = 0; i < image.length; i++)
					image[i] = (float) (1 / (1 + Math.exp(-image[i])));
				break;
			case "binarize":
				final double threshold = number(k.get("threshold"), 0.5);
				for (int i = 0; i < image.length; i++)
					image[i] = image[i] > threshold ? 1 : 0;
				break;
			default:
				throw new IllegalArgumentException("unsupported processing step " + step.name);
		}
	}

	/** Statistics over channels jointly when the step's axes include the channel axis. */
	private static boolean jointOverChannels(final Object axes) {
		if (axes == null) return true;
		if (axes instanceof List) return ((List<?>) axes).contains("channel") || ((List<?>) axes)
			.contains("c");
		return String.valueOf(axes).contains("c");
	}

	private static int[][] groups(final boolean joint, final int channels) {
		if (joint) {
			final int[] all = new int[channels];
			for (int c = 0; c < channels; c++)
				all[c] = c;
			return new int[][] { all };
		}
		final int[][] each = new int[channels][];
		for (int c = 0; c < channels; c++)
			each[c] = new int[] { c };
		return each;
	}

	private static void affine(final float[] image, final int c, final int pixels,
		final double gain, final double offset)
	{
		for (int i = c * pixels; i < (c + 1) * pixels; i++)
			image[i] = (float) (image[i] * gain + offset);
	}

	private static double[] meanStd(final float[] image, final int[] channels, final int pixels) {
		double sum = 0, sumSq = 0;
		for (final int c : channels)
			for (int i = c * pixels; i < (c + 1) * pixels; i++)
				sum += image[i];
		final long n = (long) channels.length * pixels;
		final double mean = sum / n;
		for (final int c : channels)
			for (int i = c * pixels; i < (c + 1) * pixels; i++)
				sumSq += (image[i] - mean) * (image[i] - mean);
		return new double[] { mean, Math.sqrt(sumSq / n) };
	}

	/** NumPy's default percentile: linear interpolation between the closest ranks. */
	static double percentile(final float[] image, final int[] channels, final int pixels,
		final double percent)
	{
		final float[] values = new float[channels.length * pixels];
		for (int j = 0; j < channels.length; j++)
			System.arraycopy(image, channels[j] * pixels, values, j * pixels, pixels);
		Arrays.sort(values);
		final double rank = percent / 100 * (values.length - 1);
		final int below = (int) Math.floor(rank);
		final int above = Math.min(values.length - 1, below + 1);
		return values[below] + (rank - below) * (values[above] - values[below]);
	}

	private static void ensureType(final String dtype, final float[] image) {
		final double min, max;
		switch (dtype) {
			case "uint8": min = 0; max = 255; break;
			case "int8": min = -128; max = 127; break;
			case "uint16": min = 0; max = 65535; break;
			case "int16": min = -32768; max = 32767; break;
			case "uint32": min = 0; max = 4294967295.0; break;
			case "int32": min = Integer.MIN_VALUE; max = Integer.MAX_VALUE; break;
			default: return; // floating types keep their values
		}
		for (int i = 0; i < image.length; i++)
			image[i] = (float) Math.min(max, Math.max(min, Math.rint(image[i])));
	}

	/** A scalar, or entry {@code c} of a per-channel list. */
	private static double perChannel(final Object value, final int c, final double absent) {
		if (value == null) return absent;
		if (value instanceof List) {
			final List<?> list = (List<?>) value;
			return ((Number) list.get(list.size() == 1 ? 0 : c)).doubleValue();
		}
		return ((Number) value).doubleValue();
	}

	private static double number(final Object value, final double absent) {
		return value instanceof Number ? ((Number) value).doubleValue() : absent;
	}
}
