package org.pixelwise.model;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.pixelwise.data.VolumeSource;
import org.pixelwise.predict.TileNetwork;
import org.pixelwise.predict.TiledPredictor;

/**
 * A loaded model's network with the processing around it: Pixelwise's own ({@link
 * PixelwiseNetwork}: its SavedModel, normalised as its description says) or a package from
 * another tool ({@link ForeignNetwork}: the package's declared processing). Which one is
 * decided once, when the model is loaded; the segmentation and restoration models then
 * delegate to it without asking which it is.
 */
interface LoadedNetwork extends TileNetwork, AutoCloseable {

	/** A tile size the network accepts, near the requested one. */
	int tileSize(int requested);

	/**
	 * Runs the network over one 2-D image (X, Y[, channels]) with its processing before and
	 * after: (X * s, Y * s, output channel) for output scale s.
	 */
	Img<FloatType> predict(TiledPredictor predictor,
		RandomAccessibleInterval<? extends RealType<?>> image, boolean hasChannelAxis);

	/**
	 * A volume's raw voxels as the network takes them: Pixelwise's own restorers divide by the
	 * value range as each tile is read; other tools' packages apply their declared
	 * preprocessing to the whole volume, which they then hold as floats.
	 */
	VolumeSource volumeInput(VolumeSource raw);

	/** The network's output for a volume, in place, into the user's units (postprocessing). */
	void volumeOutput(float[] values, int voxels);

	@Override
	void close();
}
