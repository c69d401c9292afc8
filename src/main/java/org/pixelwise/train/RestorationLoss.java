package org.pixelwise.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A restoration loss: mean absolute error (L1), mean squared error (MSE), structural
 * dissimilarity (1 - SSIM), or a weighted sum of them. Pixel losses alone give blurry
 * results; SSIM weighs local structure, and Zhao et al. (2017) found SSIM + L1 best.
 */
public final class RestorationLoss {

	/** SSIM's Gaussian window (Wang et al. 2004): 11 x 11, sigma 1.5. */
	private static final int WINDOW = 11;
	private static final double WINDOW_SIGMA = 1.5;
	/** Images are normalised to about 0..1, so SSIM's dynamic range L is 1. */
	private static final float C1 = 0.01f * 0.01f, C2 = 0.03f * 0.03f;

	/** MS-SSIM's scale weights (Wang et al. 2003), cut to three scales for small patches. */
	private static final double[] SCALE_WEIGHTS = { 0.0448, 0.2856, 0.3001 };

	public final double l1, mse, ssim, msssim;

	public RestorationLoss(final double l1, final double mse, final double ssim) {
		this(l1, mse, ssim, 0);
	}

	public RestorationLoss(final double l1, final double mse, final double ssim,
		final double msssim)
	{
		if (l1 < 0 || mse < 0 || ssim < 0 || msssim < 0 || l1 + mse + ssim + msssim == 0)
			throw new IllegalArgumentException("loss weights must be non-negative and not all 0");
		this.msssim = msssim;
		this.l1 = l1;
		this.mse = mse;
		this.ssim = ssim;
	}

	/** Parses "l1", "mse", "ssim" or a weighted sum such as "0.84*ssim+0.16*l1". */
	public static RestorationLoss parse(final String text) {
		final Map<String, String> names = new LinkedHashMap<>();
		names.put("l1", "l1");
		names.put("mae", "l1");
		names.put("mse", "mse");
		names.put("l2", "mse");
		names.put("ssim", "ssim");
		names.put("msssim", "msssim");
		names.put("ms-ssim", "msssim");
		final Map<String, Double> w = WeightedTerms.parse(text, names,
			"l1, mse, ssim, msssim or a sum such as 0.84*ssim+0.16*l1");
		return new RestorationLoss(w.getOrDefault("l1", 0.0), w.getOrDefault("mse", 0.0), w
			.getOrDefault("ssim", 0.0), w.getOrDefault("msssim", 0.0));
	}

	/** The loss of {@code output} against {@code target}, both NHWC with the given channels. */
	public Operand<TFloat32> build(final Ops tf, final Operand<TFloat32> output,
		final Operand<TFloat32> target, final int channels)
	{
		Operand<TFloat32> total = null;
		final Operand<TFloat32> difference = tf.math.sub(output, target);
		if (l1 > 0) total = add(tf, total, tf.math.mean(tf.math.abs(difference), allAxes(tf)), l1);
		if (mse > 0) total = add(tf, total, tf.math.mean(tf.math.square(difference), allAxes(tf)),
			mse);
		if (ssim > 0) total = add(tf, total, tf.math.sub(tf.constant(1f), ssim(tf, output, target,
			channels)[0]), ssim);
		if (msssim > 0) total = add(tf, total, tf.math.sub(tf.constant(1f), msssim(tf, output, target,
			channels)), msssim);
		return total;
	}

	/**
	 * Multi-scale SSIM over three scales (halved by 2x2 averaging): the contrast-structure terms
	 * of the finer scales and the full SSIM of the coarsest, each raised to its weight. Terms are
	 * kept above a small positive floor so that a negative correlation cannot make a NaN power.
	 */
	static Operand<TFloat32> msssim(final Ops tf, final Operand<TFloat32> x,
		final Operand<TFloat32> y, final int channels)
	{
		double total = 0;
		for (final double w : SCALE_WEIGHTS)
			total += w;
		Operand<TFloat32> a = x, b = y, product = tf.constant(1f);
		for (int scale = 0; scale < SCALE_WEIGHTS.length; scale++) {
			final Operand<TFloat32>[] terms = ssim(tf, a, b, channels);
			final Operand<TFloat32> term = scale == SCALE_WEIGHTS.length - 1 ? terms[0] : terms[1];
			product = tf.math.mul(product, tf.math.pow(tf.math.maximum(term, tf.constant(1e-6f)), tf
				.constant((float) (SCALE_WEIGHTS[scale] / total))));
			a = halve(tf, a);
			b = halve(tf, b);
		}
		return product;
	}

	private static Operand<TFloat32> halve(final Ops tf, final Operand<TFloat32> x) {
		return tf.nn.avgPool(x, Arrays.asList(1L, 2L, 2L, 1L), Arrays.asList(1L, 2L, 2L, 1L), "VALID");
	}

	/**
	 * Mean SSIM and mean contrast-structure term over valid windows and channels, each channel
	 * on its own: {ssim, cs}.
	 */
	@SuppressWarnings("unchecked")
	static Operand<TFloat32>[] ssim(final Ops tf, final Operand<TFloat32> x,
		final Operand<TFloat32> y, final int channels)
	{
		final Operand<TFloat32> window = tf.constant(org.tensorflow.ndarray.Shape.of(WINDOW, WINDOW,
			channels, 1), org.tensorflow.ndarray.buffer.DataBuffers.of(gaussianWindow(channels)));
		final Operand<TFloat32> muX = blur(tf, x, window), muY = blur(tf, y, window);
		final Operand<TFloat32> muXX = tf.math.mul(muX, muX), muYY = tf.math.mul(muY, muY), muXY = tf.math
			.mul(muX, muY);
		final Operand<TFloat32> varX = tf.math.sub(blur(tf, tf.math.mul(x, x), window), muXX);
		final Operand<TFloat32> varY = tf.math.sub(blur(tf, tf.math.mul(y, y), window), muYY);
		final Operand<TFloat32> cov = tf.math.sub(blur(tf, tf.math.mul(x, y), window), muXY);
		final Operand<TFloat32> luminance = tf.math.div(tf.math.add(tf.math.mul(tf.constant(2f), muXY),
			tf.constant(C1)), tf.math.add(tf.math.add(muXX, muYY), tf.constant(C1)));
		final Operand<TFloat32> contrastStructure = tf.math.div(tf.math.add(tf.math.mul(tf.constant(2f),
			cov), tf.constant(C2)), tf.math.add(tf.math.add(varX, varY), tf.constant(C2)));
		return new Operand[] { tf.math.mean(tf.math.mul(luminance, contrastStructure), allAxes(tf)),
			tf.math.mean(contrastStructure, allAxes(tf)) };
	}

	private static Operand<TFloat32> blur(final Ops tf, final Operand<TFloat32> x,
		final Operand<TFloat32> window)
	{
		return tf.nn.depthwiseConv2dNative(x, window, Arrays.asList(1L, 1L, 1L, 1L), "VALID");
	}

	/** The normalised Gaussian window, repeated for each channel ([h, w, channel, 1]). */
	private static float[] gaussianWindow(final int channels) {
		final double[] g = new double[WINDOW];
		double sum = 0;
		for (int i = 0; i < WINDOW; i++) {
			final double d = i - (WINDOW - 1) / 2.0;
			g[i] = Math.exp(-d * d / (2 * WINDOW_SIGMA * WINDOW_SIGMA));
			sum += g[i];
		}
		final float[] window = new float[WINDOW * WINDOW * channels];
		for (int y = 0; y < WINDOW; y++)
			for (int x = 0; x < WINDOW; x++)
				for (int c = 0; c < channels; c++)
					window[(y * WINDOW + x) * channels + c] = (float) (g[y] * g[x] / (sum * sum));
		return window;
	}

	private static Operand<TFloat32> add(final Ops tf, final Operand<TFloat32> total,
		final Operand<TFloat32> term, final double weight)
	{
		final Operand<TFloat32> scaled = weight == 1 ? term : tf.math.mul(term, tf.constant(
			(float) weight));
		return total == null ? scaled : tf.math.add(total, scaled);
	}

	private static Operand<org.tensorflow.types.TInt32> allAxes(final Ops tf) {
		return tf.constant(new int[] { 0, 1, 2, 3 });
	}

	@Override
	public String toString() {
		final StringBuilder text = new StringBuilder();
		term(text, l1, "l1");
		term(text, mse, "mse");
		term(text, ssim, "ssim");
		term(text, msssim, "msssim");
		return text.toString();
	}

	private static void term(final StringBuilder text, final double weight, final String name) {
		if (weight == 0) return;
		if (text.length() > 0) text.append('+');
		if (weight != 1) text.append(weight).append('*');
		text.append(name);
	}
}
