package org.pixelwise.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.pixelwise.bioimage.ModelPackage;
import org.pixelwise.bioimage.PackagedNetwork;
import org.pixelwise.device.Device;
import org.pixelwise.net.RestorationConfig;
import org.pixelwise.data.VolumeSource;
import org.pixelwise.predict.TileNetwork;
import org.pixelwise.predict.VolumePredictor;
import org.pixelwise.predict.TiledPredictor;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A restoration / super-resolution model loaded for prediction: one trained by Pixelwise (its
 * network, the value range its images were scaled by, the degradation it learned to undo, and
 * its SavedModel), or any bioimage.io / CSBDeep image-to-image package such as a Noise2Void
 * denoiser, run with its declared processing.
 */
public final class RestorationModel implements TileNetwork, AutoCloseable {

	/** The output of a restoration model's signature. */
	static final String RESTORED = "restored";
	public static final String FORMAT = "pixelwise-restoration/1";

	public final Path folder;
	public final String name;
	/** The network, or null for a model from another tool. */
	public final RestorationConfig network;
	/** Pixel values are divided by this before the network and multiplied after; NaN for models
	 * from other tools, which declare their own processing. */
	public final float valueRange;
	public final String degradation;
	/** Pixelwise's network or another tool's package, chosen once at load. */
	private final LoadedNetwork loaded;

	private RestorationModel(final Path folder, final Map<?, ?> description,
		final SavedModelSession session)
	{
		this.folder = folder;
		this.name = String.valueOf(description.get("name"));
		this.network = RestorationConfig.fromMap((Map<?, ?>) description.get("network"));
		this.valueRange = ((Number) description.get("value_range")).floatValue();
		this.degradation = String.valueOf(description.get("degradation"));
		this.loaded = PixelwiseNetwork.restoration(session, network, valueRange);
	}

	private RestorationModel(final Path folder, final String name, final PackagedNetwork foreign) {
		this.folder = folder;
		this.name = name;
		this.network = null;
		this.valueRange = Float.NaN;
		this.degradation = "unknown (a model from another tool)";
		this.loaded = new ForeignNetwork(foreign);
	}

	public static RestorationModel load(final Path path, final Device device) throws IOException {
		return load(path, device, false);
	}

	/** @param allowRiskyOps run a foreign graph even if it uses file, process or network ops */
	public static RestorationModel load(final Path path, final Device device,
		final boolean allowRiskyOps) throws IOException
	{
		final Path folder = ModelFolder.resolve(path);
		if (Files.isRegularFile(folder)) try (ModelPackage zip = ModelPackage.open(folder)) {
			return loadFolder(zip.root, device, allowRiskyOps);
		}
		return loadFolder(folder, device, allowRiskyOps);
	}

	private static RestorationModel loadFolder(final Path folder, final Device device,
		final boolean allowRiskyOps) throws IOException
	{
		if (!ModelFolder.isPixelwise(folder)) try (ModelPackage pkg = ModelPackage.open(folder)) {
			pkg.rdf.tensorflowWeights();
			pkg.verify();
			return new RestorationModel(folder, pkg.rdf.name, PackagedNetwork.load(pkg, device,
				allowRiskyOps));
		}
		final Map<?, ?> description = ModelFolder.readMap(folder);
		if (!FORMAT.equals(description.get("format"))) throw new IOException("'" + folder +
			"' holds a " + description.get("format") + " model, not a restoration model; give a model " +
			"trained with Pixelwise Train Restoration or an image-to-image bioimage.io model");
		try {
			RestorationConfig.fromMap((Map<?, ?>) description.get("network"));
			((Number) description.get("value_range")).floatValue();
		}
		catch (final RuntimeException e) {
			throw new IOException("the model description in '" + folder + "' is damaged (" + e
				.getMessage() + "); retrain or restore the model folder", e);
		}
		return new RestorationModel(folder, description, SavedModelSession.load(folder, RESTORED,
			device));
	}

	/**
	 * The weights of a Pixelwise restoration model, to start a new training from (fine-tuning).
	 *
	 * @param names the variables the new network has
	 */
	public static Map<String, float[]> weights(final Path path, final java.util.Collection<String> names,
		final Device device) throws IOException
	{
		try (RestorationModel model = load(path, device)) {
			if (!(model.loaded instanceof PixelwiseNetwork)) throw new IllegalArgumentException("'" +
				path + "' is not a Pixelwise model; fine-tuning starts from models trained by Pixelwise");
			return ((PixelwiseNetwork) model.loaded).variables(names);
		}
	}

	/** A tile size this model accepts, near the requested one. */
	public int tileSize(final int requested) {
		return loaded.tileSize(requested);
	}

	/** Restores one 2-D image (X, Y[, channels]) into (X * s, Y * s, channels). */
	public Img<FloatType> restore(final TiledPredictor predictor,
		final RandomAccessibleInterval<? extends RealType<?>> image, final boolean hasChannelAxis)
	{
		return loaded.predict(predictor, image, hasChannelAxis);
	}

	@Override
	public int inputChannels() {
		return loaded.inputChannels();
	}

	@Override
	public int outputChannels() {
		return loaded.outputChannels();
	}

	@Override
	public int sizeMultiple() {
		return loaded.sizeMultiple();
	}

	@Override
	public int receptiveFieldRadius() {
		return loaded.receptiveFieldRadius();
	}

	@Override
	public int outputScale() {
		return loaded.outputScale();
	}

	@Override
	public int dimensions() {
		return loaded.dimensions();
	}

	@Override
	public int zSizeMultiple() {
		return loaded.zSizeMultiple();
	}

	@Override
	public int zReceptiveFieldRadius() {
		return loaded.zReceptiveFieldRadius();
	}

	@Override
	public void run(final float[] input, final int batch, final int height, final int width,
		final float[] output)
	{
		loaded.run(input, batch, height, width, output);
	}

	@Override
	public void run(final float[] input, final int batch, final int depth, final int height,
		final int width, final float[] output)
	{
		loaded.run(input, batch, depth, height, width, output);
	}

	/**
	 * A volume's raw voxels (in the input's own units) as the network takes them: Pixelwise's
	 * divided by the value range as in training, read tile by tile; other tools' packages
	 * processed as they declare.
	 */
	public VolumeSource volumeInput(final VolumeSource raw) {
		if (loaded.dimensions() != 3) throw new IllegalArgumentException("the model '" + name +
			"' restores images; it restores z-stacks slice by slice");
		return loaded.volumeInput(raw);
	}

	/**
	 * A predictor for a volume as {@link #volumeInput} gives it, its context measured on it
	 * (see {@link VolumePredictor#forVolume}).
	 */
	public VolumePredictor volumePredictor(final VolumeSource input, final long readVoxels,
		final java.util.function.Consumer<String> messages)
	{
		return VolumePredictor.forVolume(this, input, readVoxels,
			org.pixelwise.predict.ContextProbe.FLOAT_ROUNDING, messages);
	}

	/**
	 * Restores a volume of a 3-D model, {@code input} as {@link #volumeInput} gives it: the
	 * restored voxels [z][y][x][c] in the input's units (Pixelwise's: multiplied back by the
	 * value range; other tools' packages: their declared postprocessing).
	 */
	public float[] restoreVolume(final VolumeSource input, final VolumePredictor predictor) {
		final float[] restored = predictor.predict(input);
		loaded.volumeOutput(restored, input.grid().size());
		return restored;
	}

	@Override
	public void close() {
		loaded.close();
	}
}
