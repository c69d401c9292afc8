package org.pixelwise.metrics;

import org.pixelwise.degrade.Downscale;
import org.pixelwise.data.FloatImage;

/**
 * Scores a super-resolution method on one high-resolution RGB image the way the literature
 * does, so that our figures can be set beside published tables (SRCNN, VDSR, EDSR and their
 * successors all report Set5, Set14 and friends this way).
 *
 * <p>The protocol, with the details that move the figures:
 * <ol>
 * <li>The image is cropped (right and bottom) to a multiple of the scale.</li>
 * <li>The low-resolution input is made with MATLAB-style bicubic ({@link Downscale#resize})
 * downscaling and rounded to 8 bits, as MATLAB's {@code imresize} gives it for a {@code uint8}
 * image (the reference protocol this project is judged by). Leaving it unrounded, as scripts
 * that convert to floating point first do, raises bicubic's Set5 PSNR by up to 0.02 dB.</li>
 * <li>The {@link Upscaler} under test turns it into a prediction of the cropped image.</li>
 * <li>Grey images are scored as they are: the method gets the grey input as three equal
 * channels, its prediction is reduced to its luminance (0.299 R + 0.587 G + 0.114 B) and
 * rounded to 8 bits, and no 16..235 rescaling applies ({@link #evaluateGrey}).</li>
 * <li>RGB prediction and truth are reduced to luma, the Y of ITU-R BT.601 YCbCr in the 16..235
 * range with MATLAB's {@code rgb2ycbcr} constants, {@code Y = 16 + (65.481 R + 128.553 G +
 * 24.966 B) / 255} for R, G, B in 0..255, and rounded to integers in 0..255 as MATLAB's
 * 8-bit Y is. Skipping that rounding raises bicubic's Set5 PSNR by 0.01 to 0.04 dB.</li>
 * <li>{@code scale} pixels are shaved from each border.</li>
 * <li>PSNR with peak 255 and SSIM ({@link ImageQuality}, "valid" windows) are taken on what
 * remains.</li>
 * </ol>
 * With {@link #bicubic()} this gives mean Set5 PSNR within 0.02 dB of the published bicubic
 * baseline (33.66 / 30.39 / 28.42 dB at x2 / x3 / x4), and SSIM 0.9297 / 0.8681 / 0.8103 against the published
 * 0.9299 / 0.8682 / 0.8104. The small SSIM gap remains because those scripts convert the truth
 * to 8-bit Y before downscaling it, which a protocol that gives the method an RGB input cannot
 * do.
 *
 * <p>RGB images are {@code float[]} with values 0..255 and the three channels of a pixel next to
 * each other (index {@code (y * width + x) * 3 + c}).
 */
public final class SuperResolutionProtocol {

	private static final int RGB = 3;

	private SuperResolutionProtocol() {
	}

	/** A super-resolution method: it predicts a high-resolution image from a low-resolution one. */
	public interface Upscaler {

		/**
		 * Returns the predicted {@code (width * scale) x (height * scale)} RGB image, values on
		 * the 0..255 scale of the input.
		 *
		 * @param lowResolutionRgb {@code width * height} RGB pixels, channels adjacent
		 */
		float[] upscale(float[] lowResolutionRgb, int width, int height, int scale);
	}

	/** PSNR (dB), SSIM and relative sharpness of one prediction against its ground truth. */
	public static final class Score {

		private final double psnr;
		private final double ssim;
		private final double sharpness;

		Score(final double psnr, final double ssim, final double sharpness) {
			this.psnr = psnr;
			this.ssim = ssim;
			this.sharpness = sharpness;
		}

		/** Laplacian variance of the prediction's luma over the truth's ({@link Sharpness}). */
		public double sharpness() {
			return sharpness;
		}

		/** Peak signal-to-noise ratio in dB, peak 255; infinite for a perfect prediction. */
		public double psnr() {
			return psnr;
		}

		/** Mean structural similarity, at most 1. */
		public double ssim() {
			return ssim;
		}

		@Override
		public String toString() {
			return String.format("PSNR %.4f dB, SSIM %.4f, sharpness %.3f", psnr, ssim, sharpness);
		}
	}

	/**
	 * The baseline every table starts with: MATLAB-style bicubic ({@link Downscale#resize}) upscaling of the input, without
	 * rounding.
	 */
	public static Upscaler bicubic() {
		return (lowResolutionRgb, width, height, scale) -> resize(lowResolutionRgb,
				width, height, RGB, width * scale, height * scale);
	}

	/**
	 * Scores {@code upscaler} on one ground-truth image by the protocol in the class comment.
	 *
	 * @param rgbHr the ground truth, {@code width * height} RGB pixels in 0..255
	 * @param scale the upscaling factor, e.g. 2, 3 or 4
	 */
	public static Score evaluate(final float[] rgbHr, final int width, final int height,
			final int scale, final Upscaler upscaler) {
		if (rgbHr.length != width * height * RGB) {
			throw new IllegalArgumentException("ground truth has " + rgbHr.length + " values but a "
					+ width + "x" + height + " RGB image has " + width * height * RGB
					+ "; give RGB pixels with the three channels next to each other");
		}
		if (scale < 1 || width / scale * scale <= 2 * scale + 10
				|| height / scale * scale <= 2 * scale + 10) {
			throw new IllegalArgumentException("cannot score a " + width + "x" + height
					+ " image at scale " + scale + "; after cropping and shaving " + scale
					+ " pixels per border SSIM needs at least 11x11 pixels");
		}
		final int croppedWidth = width / scale * scale;
		final int croppedHeight = height / scale * scale;
		final float[] truth = crop(rgbHr, width, croppedWidth, croppedHeight);
		final int lowWidth = croppedWidth / scale;
		final int lowHeight = croppedHeight / scale;
		final float[] lowResolution = round8(resize(truth, croppedWidth, croppedHeight, RGB,
				lowWidth, lowHeight));
		final float[] prediction = upscaler.upscale(lowResolution, lowWidth, lowHeight, scale);
		if (prediction.length != truth.length) {
			throw new IllegalArgumentException("upscaler returned " + prediction.length
					+ " values for a " + lowWidth + "x" + lowHeight + " input at scale " + scale
					+ " but a " + croppedWidth + "x" + croppedHeight + " RGB image has "
					+ truth.length + "; return the input's size times the scale, RGB");
		}
		final int shavedWidth = croppedWidth - 2 * scale;
		final int shavedHeight = croppedHeight - 2 * scale;
		final float[] predictedY = ImageQuality.shave(yChannel(prediction), croppedWidth,
				croppedHeight, scale);
		final float[] trueY = ImageQuality.shave(yChannel(truth), croppedWidth, croppedHeight,
				scale);
		return new Score(ImageQuality.psnr(predictedY, trueY, 255),
				ImageQuality.ssim(predictedY, trueY, shavedWidth, shavedHeight, 255),
				Sharpness.relative(predictedY, trueY, shavedWidth, shavedHeight));
	}

	/**
	 * Scores {@code upscaler} on a grey ground truth by the same protocol, on the grey values as
	 * they are: the method sees the low-resolution image as three equal channels, and its
	 * prediction is reduced to luminance and rounded to 8 bits.
	 *
	 * @param greyHr the ground truth, {@code width * height} values in 0..255
	 */
	public static Score evaluateGrey(final float[] greyHr, final int width, final int height,
		final int scale, final Upscaler upscaler)
	{
		if (greyHr.length != width * height) throw new IllegalArgumentException("ground truth has " +
			greyHr.length + " values but a " + width + "x" + height + " grey image has " + width *
				height);
		if (scale < 1 || width / scale * scale <= 2 * scale + 10 || height / scale * scale <= 2 *
			scale + 10) throw new IllegalArgumentException("cannot score a " + width + "x" + height +
				" image at scale " + scale + "; after cropping and shaving " + scale +
				" pixels per border SSIM needs at least 11x11 pixels");
		final int w = width / scale * scale, h = height / scale * scale;
		final float[] truth = new float[w * h];
		for (int y = 0; y < h; y++)
			System.arraycopy(greyHr, y * width, truth, y * w, w);
		final float[] low = round8(resize(truth, w, h, 1, w / scale, h / scale));
		final float[] lowRgb = new float[low.length * RGB];
		for (int i = 0; i < low.length; i++)
			lowRgb[RGB * i] = lowRgb[RGB * i + 1] = lowRgb[RGB * i + 2] = low[i];
		final float[] prediction = upscaler.upscale(lowRgb, w / scale, h / scale, scale);
		if (prediction.length != truth.length * RGB) throw new IllegalArgumentException(
			"upscaler returned " + prediction.length + " values but a " + w + "x" + h +
				" RGB image has " + truth.length * RGB);
		final float[] predicted = new float[truth.length];
		for (int i = 0; i < predicted.length; i++)
			predicted[i] = Math.min(255, Math.max(0, Math.round(0.299 * prediction[RGB * i] + 0.587 *
				prediction[RGB * i + 1] + 0.114 * prediction[RGB * i + 2])));
		final float[] p = ImageQuality.shave(predicted, w, h, scale);
		final float[] t = ImageQuality.shave(truth, w, h, scale);
		final int sw = w - 2 * scale, sh = h - 2 * scale;
		return new Score(ImageQuality.psnr(p, t, 255), ImageQuality.ssim(p, t, sw, sh, 255),
			Sharpness.relative(p, t, sw, sh));
	}

	/** Rounded to integers in 0..255, as MATLAB stores an 8-bit image. */
	public static float[] round8(final float[] values) {
		final float[] rounded = new float[values.length];
		for (int i = 0; i < values.length; i++)
			rounded[i] = Math.min(255, Math.max(0, Math.round(values[i])));
		return rounded;
	}

	/**
	 * Returns the BT.601 luma of each pixel in the 16..235 range, rounded to an integer in
	 * 0..255, as MATLAB's {@code rgb2ycbcr} gives for an 8-bit image.
	 *
	 * @param rgb RGB pixels in 0..255, channels adjacent
	 */
	public static float[] yChannel(final float[] rgb) {
		if (rgb.length % RGB != 0) {
			throw new IllegalArgumentException("an RGB image needs three values per pixel but got "
					+ rgb.length + " values");
		}
		final float[] y = new float[rgb.length / RGB];
		for (int i = 0; i < y.length; i++) {
			final double luma = 16 + (65.481 * rgb[RGB * i] + 128.553 * rgb[RGB * i + 1]
					+ 24.966 * rgb[RGB * i + 2]) / 255;
			y[i] = Math.min(255, Math.max(0, Math.round(luma)));
		}
		return y;
	}

	/**
	 * The protocol's input for a ground truth: the truth cropped to a multiple of the scale
	 * ({@code cropped}, {@code width / scale * scale} wide), then MATLAB-bicubic downscaled.
	 */
	public static float[] lowResolution(final float[] rgbHr, final int width, final int height,
		final int scale)
	{
		final int w = width / scale * scale, h = height / scale * scale;
		return round8(resize(crop(rgbHr, width, w, h), w, h, RGB, w / scale, h / scale));
	}

	/** The top-left {@code newWidth x newHeight} pixels of an RGB image. */
	public static float[] crop(final float[] rgb, final int width, final int newWidth,
			final int newHeight) {
		final float[] cropped = new float[newWidth * newHeight * RGB];
		for (int y = 0; y < newHeight; y++) {
			System.arraycopy(rgb, y * width * RGB, cropped, y * newWidth * RGB, newWidth * RGB);
		}
		return cropped;
	}

	private static float[] resize(final float[] image, final int width, final int height,
		final int channels, final int newWidth, final int newHeight)
	{
		return Downscale.resize(new FloatImage(width, height, channels, image, 255), newWidth,
			newHeight).pixels;
	}
}
