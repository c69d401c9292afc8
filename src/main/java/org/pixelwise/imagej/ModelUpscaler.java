package org.pixelwise.imagej;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.pixelwise.metrics.SuperResolutionProtocol;
import org.pixelwise.model.RestorationModel;
import org.pixelwise.model.Restorer;

/**
 * Lets the super-resolution protocol score a restoration model: the protocol hands over an
 * RGB image in 0..255; a grey model sees its mean and its output is copied to R, G and B, and
 * values are converted to and from the model's own value range.
 */
public final class ModelUpscaler implements SuperResolutionProtocol.Upscaler {

	private final RestorationModel model;
	private final Restorer restorer;

	public ModelUpscaler(final RestorationModel model, final Restorer restorer) {
		this.model = model;
		this.restorer = restorer;
	}

	@Override
	public float[] upscale(final float[] rgb, final int width, final int height, final int scale) {
		if (scale != model.outputScale()) throw new IllegalArgumentException("the model upscales by " +
			model.outputScale() + ", not " + scale + "; evaluate it at its own scale");
		final int channels = model.inputChannels();
		// Models from other tools scale pixels themselves; they get the protocol's 0..255 values.
		final float toModel = Float.isNaN(model.valueRange) ? 1 : model.valueRange / 255f;
		final float[] input = new float[width * height * channels];
		for (int i = 0; i < width * height; i++)
			if (channels == 3) for (int c = 0; c < 3; c++)
				input[i * 3 + c] = rgb[i * 3 + c] * toModel;
			else input[i] = (rgb[i * 3] + rgb[i * 3 + 1] + rgb[i * 3 + 2]) / 3 * toModel;
		// ImgLib2 orders X fastest, then Y, then channel: reorder from interleaved channels.
		final float[] planar = new float[input.length];
		for (int i = 0; i < width * height; i++)
			for (int c = 0; c < channels; c++)
				planar[c * width * height + i] = input[i * channels + c];
		final Img<FloatType> restored = restorer.restore(channels == 3 ? ArrayImgs.floats(planar, width,
			height, 3) : ArrayImgs.floats(planar, width, height), channels == 3);
		final int w = width * scale, h = height * scale;
		final float[] out = new float[w * h * 3];
		for (int c = 0; c < 3; c++) {
			int i = 0;
			for (final FloatType t : Views.flatIterable(Views.hyperSlice(restored, 2, channels == 3 ? c
				: 0)))
				out[i++ * 3 + c] = t.get() / toModel;
		}
		return out;
	}
}
