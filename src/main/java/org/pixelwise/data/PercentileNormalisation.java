package org.pixelwise.data;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Maps image intensities so that a low percentile becomes 0 and a high percentile becomes 1, as
 * CSBDeep does (1 and 99.8 by default). Networks train better on inputs of about unit range, and
 * percentiles, unlike the minimum and maximum, are not thrown off by a few hot or dead pixels.
 *
 * <p>Percentiles interpolate linearly between the sorted values (as NumPy does by default). Up to
 * {@value #MAX_SAMPLES} values are sorted exactly; beyond that, that many values are drawn with a
 * fixed seed, so the same images always give the same result, and the percentiles are accurate to
 * a small fraction of a percentile rank.
 */
public final class PercentileNormalisation {

	public static final double DEFAULT_LOW_PERCENTILE = 1;
	public static final double DEFAULT_HIGH_PERCENTILE = 99.8;
	static final int MAX_SAMPLES = 10_000_000;
	/** Fixed so that subsampling is the same on every run. */
	private static final long SAMPLING_SEED = 0x5eed_1e55L;

	/** The intensity that maps to 0. */
	public final double low;
	/** The intensity that maps to 1. */
	public final double high;

	/** A normalisation with known bounds, e.g. those stored with a trained model. */
	public PercentileNormalisation(final double low, final double high) {
		if (!Double.isFinite(low) || !Double.isFinite(high)) {
			throw new IllegalArgumentException("normalisation bounds " + low + ", " + high + " must be finite numbers");
		}
		this.low = low;
		this.high = high;
	}

	/** Fits to the 1st and 99.8th percentiles of {@code values}. */
	public static PercentileNormalisation fit(final float[] values) {
		return fit(values, DEFAULT_LOW_PERCENTILE, DEFAULT_HIGH_PERCENTILE);
	}

	public static PercentileNormalisation fit(final float[] values, final double lowPercentile,
			final double highPercentile) {
		return fit(Collections.singletonList(values), lowPercentile, highPercentile);
	}

	/** Fits to the percentiles of all the given images pooled together. */
	public static PercentileNormalisation fit(final List<float[]> images, final double lowPercentile,
			final double highPercentile) {
		return fit(images, lowPercentile, highPercentile, MAX_SAMPLES);
	}

	static PercentileNormalisation fit(final List<float[]> images, final double lowPercentile,
			final double highPercentile, final int maxSamples) {
		requireValid(lowPercentile, highPercentile);
		long total = 0;
		for (final float[] image : images) {
			for (final float v : image) {
				if (Float.isNaN(v)) {
					throw new IllegalArgumentException("image contains NaN pixels; replace them (e.g. with 0)"
							+ " or crop them away before normalising");
				}
			}
			total += image.length;
		}
		if (total == 0) {
			throw new IllegalArgumentException("no pixel values to normalise; give at least one non-empty image");
		}
		final float[] sorted = total <= maxSamples ? concatenate(images, (int) total) : sample(images, total, maxSamples);
		Arrays.sort(sorted);
		return new PercentileNormalisation(percentile(sorted, lowPercentile), percentile(sorted, highPercentile));
	}

	/**
	 * Fits to the percentiles of a volume's raw voxels read in place ({@code raw} not
	 * normalised): exactly as {@link #fit(List, double, double)} fits their float copy (the same
	 * values sorted, or the same {@value #MAX_SAMPLES} drawn), without making that copy.
	 */
	public static PercentileNormalisation fit(final VolumeSource raw, final double lowPercentile,
			final double highPercentile) {
		return fit(raw, lowPercentile, highPercentile, MAX_SAMPLES);
	}

	static PercentileNormalisation fit(final VolumeSource raw, final double lowPercentile,
			final double highPercentile, final int maxSamples) {
		requireValid(lowPercentile, highPercentile);
		final Grid grid = raw.grid();
		final int channels = raw.channels();
		final long total = (long) grid.size() * channels;
		if (total <= maxSamples) {
			return fit(raw.box(0, 0, 0, grid.width, grid.height, grid.depth), lowPercentile, highPercentile);
		}
		final SplittableRandom random = new SplittableRandom(SAMPLING_SEED);
		final float[] voxel = new float[channels];
		final float[] samples = new float[maxSamples];
		for (int s = 0; s < maxSamples; s++) {
			final long index = random.nextLong(total);
			final int v = (int) (index / channels);
			raw.readRun(v % grid.width, v / grid.width % grid.height, v / grid.width / grid.height, 1, voxel, 0);
			samples[s] = voxel[(int) (index % channels)];
		}
		Arrays.sort(samples);
		return new PercentileNormalisation(percentile(samples, lowPercentile), percentile(samples, highPercentile));
	}

	private static void requireValid(final double lowPercentile, final double highPercentile) {
		if (!(lowPercentile >= 0 && lowPercentile <= highPercentile && highPercentile <= 100)) {
			throw new IllegalArgumentException("percentiles " + lowPercentile + " and " + highPercentile
					+ " are not valid; give 0 <= low <= high <= 100 (CSBDeep uses 1 and 99.8)");
		}
	}

	/**
	 * Fits to the percentiles of one image of any size. An 8- or 16-bit image is counted into a
	 * histogram, which gives the percentiles of all its pixels exactly (as sorting them would)
	 * in one pass: sorting a million values takes about 80 ms here, a sizeable share of what a
	 * macro's Segment Image call on a 1024² image costs. Other images: up to 4 million of
	 * their values, taken at an even stride, are sorted, which keeps an 8192 x 8192 image from
	 * needing a second copy.
	 */
	public static PercentileNormalisation fit(
			final net.imglib2.RandomAccessibleInterval<? extends net.imglib2.type.numeric.RealType<?>> image,
			final double lowPercentile, final double highPercentile) {
		final Object type = image.getType();
		if (type instanceof net.imglib2.type.numeric.integer.UnsignedByteType
				|| type instanceof net.imglib2.type.numeric.integer.UnsignedShortType) {
			requireValid(lowPercentile, highPercentile);
			final long[] counts = new long[65536];
			for (final net.imglib2.type.numeric.RealType<?> v : net.imglib2.view.Views.iterable(image)) {
				counts[((net.imglib2.type.numeric.IntegerType<?>) v).getInteger()]++;
			}
			return new PercentileNormalisation(percentile(counts, lowPercentile), percentile(counts,
					highPercentile));
		}
		final long size = net.imglib2.util.Intervals.numElements(image);
		final long stride = Math.max(1, (size + 4_000_000 - 1) / 4_000_000);
		final float[] values = new float[(int) ((size + stride - 1) / stride)];
		final net.imglib2.Cursor<? extends net.imglib2.type.numeric.RealType<?>> cursor =
				net.imglib2.view.Views.flatIterable(image).cursor();
		int n = 0;
		for (long i = 0; i < size; i++) {
			final float v = cursor.next().getRealFloat();
			if (i % stride == 0 && n < values.length) values[n++] = v;
		}
		return fit(java.util.Arrays.copyOf(values, n), lowPercentile, highPercentile);
	}

	/** Maps {@code low} to 0 and {@code high} to 1; a constant image is only shifted. */
	public float normalise(final float v) {
		return (float) ((v - low) / range());
	}

	public void normaliseInPlace(final float[] values) {
		final double range = range();
		for (int i = 0; i < values.length; i++) {
			values[i] = (float) ((values[i] - low) / range);
		}
	}

	private double range() {
		// A flat image has high == low; dividing by 1 keeps its values finite.
		return high > low ? high - low : 1;
	}

	private static double percentile(final float[] sorted, final double percent) {
		final double rank = percent / 100 * (sorted.length - 1);
		final int below = (int) Math.floor(rank);
		final int above = Math.min(below + 1, sorted.length - 1);
		final double fraction = rank - below;
		return sorted[below] + fraction * ((double) sorted[above] - sorted[below]);
	}

	/** As {@link #percentile(float[], double)} for the values whose counts are {@code counts}. */
	private static double percentile(final long[] counts, final double percent) {
		long total = 0;
		for (final long c : counts) {
			total += c;
		}
		if (total == 0) {
			throw new IllegalArgumentException("no pixel values to normalise; give at least one non-empty image");
		}
		final double rank = percent / 100 * (total - 1);
		final long below = (long) Math.floor(rank);
		final long above = Math.min(below + 1, total - 1);
		final int low = valueAtRank(counts, below), high = valueAtRank(counts, above);
		return low + (rank - below) * ((double) high - low);
	}

	/** The value at {@code rank} (from 0) of the sorted values that {@code counts} counts. */
	private static int valueAtRank(final long[] counts, final long rank) {
		long seen = 0;
		for (int value = 0; value < counts.length; value++) {
			seen += counts[value];
			if (seen > rank) {
				return value;
			}
		}
		throw new IllegalStateException("rank " + rank + " beyond " + seen + " values");
	}

	private static float[] concatenate(final List<float[]> images, final int total) {
		final float[] all = new float[total];
		int offset = 0;
		for (final float[] image : images) {
			System.arraycopy(image, 0, all, offset, image.length);
			offset += image.length;
		}
		return all;
	}

	/** {@code count} values drawn uniformly, with replacement, from all images pooled together. */
	private static float[] sample(final List<float[]> images, final long total, final int count) {
		final long[] starts = new long[images.size()];
		long offset = 0;
		for (int k = 0; k < images.size(); k++) {
			starts[k] = offset;
			offset += images.get(k).length;
		}
		final SplittableRandom random = new SplittableRandom(SAMPLING_SEED);
		final float[] samples = new float[count];
		for (int s = 0; s < count; s++) {
			final long index = random.nextLong(total);
			int k = Arrays.binarySearch(starts, index);
			if (k < 0) {
				k = -k - 2;
			}
			// Empty images share a start with the next one; skip to the image that holds the index.
			while (index - starts[k] >= images.get(k).length) {
				k++;
			}
			samples[s] = images.get(k)[(int) (index - starts[k])];
		}
		return samples;
	}
}
