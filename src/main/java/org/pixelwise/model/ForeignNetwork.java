package org.pixelwise.model;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.pixelwise.bioimage.PackagePrediction;
import org.pixelwise.bioimage.PackagedNetwork;
import org.pixelwise.bioimage.Processing;
import org.pixelwise.data.Grid;
import org.pixelwise.data.VolumeSource;
import org.pixelwise.predict.TiledPredictor;

/** A package from another tool: its network in its own axis order, with its declared processing. */
final class ForeignNetwork implements LoadedNetwork {

	private final PackagedNetwork net;

	ForeignNetwork(final PackagedNetwork net) {
		this.net = net;
	}

	@Override
	public int tileSize(final int requested) {
		return net.tileSize(requested);
	}

	@Override
	public Img<FloatType> predict(final TiledPredictor predictor,
		final RandomAccessibleInterval<? extends RealType<?>> image, final boolean hasChannelAxis)
	{
		return PackagePrediction.predict(predictor, net.inputSpec().processing, net.outputSpec()
			.processing, net.outputScale(), net.outputChannels(), image, hasChannelAxis);
	}

	@Override
	public int inputChannels() {
		return net.inputChannels();
	}

	@Override
	public int outputChannels() {
		return net.outputChannels();
	}

	@Override
	public int sizeMultiple() {
		return net.sizeMultiple();
	}

	@Override
	public int receptiveFieldRadius() {
		return net.receptiveFieldRadius();
	}

	@Override
	public int outputScale() {
		return net.outputScale();
	}

	@Override
	public int dimensions() {
		return net.dimensions();
	}

	@Override
	public int zSizeMultiple() {
		return net.zSizeMultiple();
	}

	@Override
	public int zReceptiveFieldRadius() {
		return net.zReceptiveFieldRadius();
	}

	@Override
	public void run(final float[] input, final int batch, final int height, final int width,
		final float[] output)
	{
		net.run(input, batch, height, width, output);
	}

	@Override
	public void run(final float[] input, final int batch, final int depth, final int height,
		final int width, final float[] output)
	{
		net.run(input, batch, depth, height, width, output);
	}

	@Override
	public VolumeSource volumeInput(final VolumeSource raw) {
		final Grid grid = raw.grid();
		// Declared steps may need the whole volume's statistics (zero-mean-unit-variance).
		final float[] values = raw.box(0, 0, 0, grid.width, grid.height, grid.depth);
		process(net.inputSpec().processing, values, grid.size(), net.inputChannels());
		return VolumeSource.of(values, grid, net.inputChannels());
	}

	@Override
	public void volumeOutput(final float[] values, final int voxels) {
		process(net.outputSpec().processing, values, voxels, net.outputChannels());
	}

	/**
	 * Applies processing steps to a whole volume, so that per-sample statistics are the
	 * volume's; the steps work on channels one after another, the volume interleaves them.
	 */
	private static void process(final java.util.List<org.pixelwise.bioimage.ProcessingStep> steps,
		final float[] values, final int voxels, final int channels)
	{
		if (channels == 1) {
			Processing.apply(steps, values, voxels, 1);
			return;
		}
		final float[] planar = new float[values.length];
		for (int v = 0; v < voxels; v++)
			for (int c = 0; c < channels; c++)
				planar[c * voxels + v] = values[v * channels + c];
		Processing.apply(steps, planar, voxels, channels);
		for (int v = 0; v < voxels; v++)
			for (int c = 0; c < channels; c++)
				values[v * channels + c] = planar[c * voxels + v];
	}

	@Override
	public void close() {
		net.close();
	}
}
