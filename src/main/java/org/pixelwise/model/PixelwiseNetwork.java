package org.pixelwise.model;

import java.util.Collection;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.pixelwise.data.PercentileNormalisation;
import org.pixelwise.data.VolumeSource;
import org.pixelwise.net.RestorationConfig;
import org.pixelwise.net.UNetConfig;
import org.pixelwise.predict.TiledPredictor;

/**
 * A network Pixelwise trained: its SavedModel (NHWC, or NDHWC for volumes), the shape facts
 * from its description, and how raw pixels become its input (segmentation: percentile
 * normalisation; restoration: division by the value range, and multiplication after).
 */
final class PixelwiseNetwork implements LoadedNetwork {

	private final SavedModelSession session;
	private final int inputChannels, outputChannels, sizeMultiple, radius, scale;
	private final int dimensions, zSizeMultiple, zRadius;
	/** For one image: the function from raw pixel values to network input. */
	private final Function<RandomAccessibleInterval<? extends RealType<?>>, DoubleUnaryOperator> input;
	/** What network outputs are multiplied by: the value range for restoration, else 1. */
	private final float outputGain;

	private PixelwiseNetwork(final SavedModelSession session, final int inputChannels,
		final int outputChannels, final int sizeMultiple, final int radius, final int scale,
		final int dimensions, final int zSizeMultiple, final int zRadius,
		final Function<RandomAccessibleInterval<? extends RealType<?>>, DoubleUnaryOperator> input,
		final float outputGain)
	{
		this.session = session;
		this.inputChannels = inputChannels;
		this.outputChannels = outputChannels;
		this.sizeMultiple = sizeMultiple;
		this.radius = radius;
		this.scale = scale;
		this.dimensions = dimensions;
		this.zSizeMultiple = zSizeMultiple;
		this.zRadius = zRadius;
		this.input = input;
		this.outputGain = outputGain;
	}

	/** A segmentation U-Net, normalised by the training set's or each image's percentiles. */
	static PixelwiseNetwork segmentation(final SavedModelSession session,
		final ModelDescription d)
	{
		final UNetConfig n = d.network;
		return new PixelwiseNetwork(session, n.inputChannels, n.outputChannels, n.sizeMultiple(), n
			.receptiveFieldRadius(), 1, n.dimensions, n.zSizeMultiple(), n.zReceptiveFieldRadius(),
			image -> {
				final PercentileNormalisation normalisation = d.perImageNormalisation
					? PercentileNormalisation.fit(image, d.lowPercentile, d.highPercentile) : d.normalisation;
				return v -> normalisation.normalise((float) v);
			}, 1);
	}

	/** A restoration network, fed values divided by {@code valueRange}. */
	static PixelwiseNetwork restoration(final SavedModelSession session,
		final RestorationConfig n, final float valueRange)
	{
		return new PixelwiseNetwork(session, n.channels, n.channels, n.sizeMultiple(), n
			.receptiveFieldRadius(), n.scale, n.dimensions, n.zSizeMultiple(), n.zReceptiveFieldRadius(),
			image -> v -> v / valueRange, valueRange);
	}

	/** The values of the named variables, to fine-tune from. */
	Map<String, float[]> variables(final Collection<String> names) {
		return session.variables(names);
	}

	@Override
	public int tileSize(final int requested) {
		return Math.max(sizeMultiple, (requested + sizeMultiple - 1) / sizeMultiple * sizeMultiple);
	}

	@Override
	public Img<FloatType> predict(final TiledPredictor predictor,
		final RandomAccessibleInterval<? extends RealType<?>> image, final boolean hasChannelAxis)
	{
		final Img<FloatType> out = predictor.predict(image, hasChannelAxis, input.apply(image));
		if (outputGain != 1) for (final FloatType t : out)
			t.mul(outputGain);
		return out;
	}

	@Override
	public int inputChannels() {
		return inputChannels;
	}

	@Override
	public int outputChannels() {
		return outputChannels;
	}

	@Override
	public int sizeMultiple() {
		return sizeMultiple;
	}

	@Override
	public int receptiveFieldRadius() {
		return radius;
	}

	@Override
	public int outputScale() {
		return scale;
	}

	@Override
	public int dimensions() {
		return dimensions;
	}

	@Override
	public int zSizeMultiple() {
		return zSizeMultiple;
	}

	@Override
	public int zReceptiveFieldRadius() {
		return zRadius;
	}

	@Override
	public void run(final float[] in, final int batch, final int height, final int width,
		final float[] out)
	{
		session.run(in, new long[] { batch, height, width, inputChannels }, out, (long) batch *
			height * scale * width * scale * outputChannels);
	}

	@Override
	public void run(final float[] in, final int batch, final int depth, final int height,
		final int width, final float[] out)
	{
		if (dimensions == 2) {
			LoadedNetwork.super.run(in, batch, depth, height, width, out);
			return;
		}
		session.run(in, new long[] { batch, depth, height, width, inputChannels }, out, (long) batch *
			depth * height * width * outputChannels);
	}

	/** Divided by the value range (restoration); segmentation normalises volumes itself. */
	@Override
	public VolumeSource volumeInput(final VolumeSource raw) {
		return raw.normalised(new PercentileNormalisation(0, outputGain));
	}

	@Override
	public void volumeOutput(final float[] values, final int voxels) {
		for (int i = 0; i < values.length; i++)
			values[i] *= outputGain;
	}

	@Override
	public void close() {
		session.close();
	}
}
