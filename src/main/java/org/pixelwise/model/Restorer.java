package org.pixelwise.model;

import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.pixelwise.data.VolumeSource;
import org.pixelwise.data.Planes;
import org.pixelwise.data.StackSlices;
import org.pixelwise.predict.ContextProbe;
import org.pixelwise.predict.TestTimeAugmentation;
import org.pixelwise.predict.TileNetwork;
import org.pixelwise.predict.TiledPredictor;
import org.pixelwise.predict.VolumePredictor;

/**
 * Restores or upscales images with a trained restoration model, tile by tile with enough
 * context that tiles join without seams; values come back in the input's own units (the model
 * divides by its value range before the network and multiplies after). Stacks and time series
 * are restored one 2-D slice at a time.
 */
public final class Restorer {

	private final RestorationModel model;
	/**
	 * Voxels a volume tile may read: half the segmentation budget, because the 3-D restorer has
	 * twice the filters of the 3-D segmentation U-Net (32, not 16). Measured: a 64 x 384 x 384
	 * stack restored in such tiles peaked at 2.3 GB resident for the whole JVM.
	 */
	public static final long VOLUME_READ_VOXELS = 2_000_000;

	private final TiledPredictor predictor;
	private boolean selfEnsemble;

	public Restorer(final RestorationModel model, final int tileSize, final int batchSize,
		final Consumer<String> messages)
	{
		this(model, model, tileSize, batchSize, messages);
	}

	/**
	 * A restorer whose tiles go through {@code network}, a stand-in for the model's own network
	 * (see {@link SplitPrediction}).
	 */
	public Restorer(final RestorationModel model, final TileNetwork network, final int tileSize,
		final int batchSize, final Consumer<String> messages)
	{
		this.model = model;
		predictor = new TiledPredictor(network, model.tileSize(tileSize), batchSize);
		// The exact context these weights need, measured once per loaded model: not more.
		predictor.setContextTolerance(ContextProbe.FLOAT_ROUNDING);
		predictor.setMessageListener(messages);
	}

	/** The channels the model takes. */
	public int inputChannels() {
		return model.inputChannels();
	}

	/**
	 * Whether to average the restorations of the image's eight orientations, each turned back
	 * (the "self-ensemble" of Lim et al. 2017, EDSR+): eight times the time for a small gain in
	 * PSNR, because each orientation's errors differ. Off by default.
	 */
	public void setTestTimeAugmentation(final boolean on) {
		selfEnsemble = on;
	}

	public TiledPredictor predictor() {
		return predictor;
	}

	/** Restores one 2-D image (X, Y, and a last channel axis when {@code hasChannelAxis}). */
	public Img<FloatType> restore(final RandomAccessibleInterval<? extends RealType<?>> image,
		final boolean hasChannelAxis)
	{
		final int channels = hasChannelAxis ? (int) image.dimension(2) : 1;
		if (channels != model.inputChannels()) throw new IllegalArgumentException("the model '" +
			model.name + "' restores " + describe(model.inputChannels()) + " images but this image has " +
			describe(channels) + "; convert the image (e.g. Image > Type) or use a model trained on such images");
		if (image.numDimensions() != (hasChannelAxis ? 3 : 2)) throw new IllegalArgumentException(
			"the image has " + image.numDimensions() + " dimensions; restore stacks slice by slice");
		if (!selfEnsemble) return model.restore(predictor, image, hasChannelAxis);
		return TestTimeAugmentation.average(image, turned -> model.restore(predictor, turned,
			hasChannelAxis));
	}

	/** Whether the model restores volumes (z-stacks) whole rather than slice by slice. */
	public int dimensions() {
		return model.dimensions();
	}

	/**
	 * Restores a z-stack whole with a 3-D model: axes X, Y, Z (then channels when {@code
	 * hasChannelAxis}), in tiles whose reads fit {@link #VOLUME_READ_VOXELS}. The result is (X, Y,
	 * channel, Z), the layout {@link #restoreStack} gives a stack. The self-ensemble, when on,
	 * averages the eight orientations in the plane (not along z, whose voxels are often longer).
	 */
	public Img<FloatType> restoreVolume(final RandomAccessibleInterval<? extends RealType<?>> stack,
		final boolean hasChannelAxis, final DoubleConsumer progress)
	{
		if (model.dimensions() != 3) throw new IllegalArgumentException("the model '" + model.name +
			"' is 2-D; it restores stacks slice by slice");
		if (stack.numDimensions() != (hasChannelAxis ? 4 : 3)) throw new IllegalArgumentException(
			"the image has " + stack.numDimensions() + " dimensions; the 3-D model '" + model.name +
				"' needs a z-stack (X, Y, Z" + (hasChannelAxis ? ", channels" : "") + ")");
		final int channels = hasChannelAxis ? (int) stack.dimension(3) : 1;
		if (channels != model.inputChannels()) throw new IllegalArgumentException("the model '" +
			model.name + "' restores " + describe(model.inputChannels()) + " z-stacks but this one has " +
			describe(channels) + "; give a z-stack with " + model.inputChannels() + " channel(s)");
		if (selfEnsemble) return TestTimeAugmentation.average(stack, turned -> restoreVolumeOnce(
			turned, hasChannelAxis, progress));
		return restoreVolumeOnce(stack, hasChannelAxis, progress);
	}

	private Img<FloatType> restoreVolumeOnce(
		final RandomAccessibleInterval<? extends RealType<?>> stack, final boolean hasChannelAxis,
		final DoubleConsumer progress)
	{
		final VolumeSource input = model.volumeInput(VolumeSource.of(stack, hasChannelAxis));
		final VolumePredictor volumes = model.volumePredictor(input, VOLUME_READ_VOXELS, predictor
			.messages());
		volumes.setMessageListener(predictor.messages());
		volumes.setCancelled(predictor.cancelled());
		if (progress != null) volumes.setProgressListener(progress);
		final float[] restored = model.restoreVolume(input, volumes);
		return Planes.byPlaneInPlace(restored, input.grid(), model.outputChannels());
	}

	/**
	 * Restores a stack or time series slice by slice: axes X, Y, an optional channel axis, then
	 * any further axes. The output is (X·s, Y·s, channel, further axes...).
	 */
	public Img<FloatType> restoreStack(final RandomAccessibleInterval<? extends RealType<?>> image,
		final boolean hasChannelAxis, final DoubleConsumer progress)
	{
		final int first = hasChannelAxis ? 3 : 2;
		final int s = model.outputScale();
		final Img<FloatType> restored = ArrayImgs.floats(StackSlices.stacked(new long[] { image
			.dimension(0) * s, image.dimension(1) * s, model.outputChannels() }, image, first));
		final long slices = StackSlices.count(image, first);
		for (long n = 0; n < slices; n++) {
			final Img<FloatType> slice = restore(StackSlices.slice(image, first, n), hasChannelAxis);
			StackSlices.copy(slice, StackSlices.slice(restored, 3, n));
			if (progress != null) progress.accept((n + 1) / (double) slices);
		}
		return restored;
	}

	private static String describe(final int channels) {
		return channels == 3 ? "3-channel (RGB)" : channels == 1 ? "single-channel (grey)" : channels +
			"-channel";
	}
}
