package org.pixelwise.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.pixelwise.bioimage.ModelPackage;
import org.pixelwise.bioimage.PackagedNetwork;
import org.pixelwise.bioimage.UnsupportedModelException;
import org.pixelwise.data.LabelMode;
import org.pixelwise.data.PercentileNormalisation;
import org.pixelwise.data.VolumeSource;
import org.pixelwise.head.Head;
import org.pixelwise.head.PixelClassHead;
import org.pixelwise.device.Device;
import org.pixelwise.predict.TileNetwork;
import org.pixelwise.predict.TileMemory;
import org.pixelwise.predict.TiledPredictor;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A segmentation model loaded for prediction: one trained by Pixelwise (its description and
 * SavedModel), or any bioimage.io / CSBDeep package whose output is per-pixel probabilities
 * (one channel: foreground; several: one per class). Loading checks the model and says what is
 * wrong with it rather than failing later inside TensorFlow.
 */
public final class SegmentationModel implements TileNetwork, AutoCloseable {

	/** The output of a segmentation model's signature. */
	static final String PROBABILITIES = "probabilities";

	public final Path folder;
	/** Pixelwise's description, or null for a model from another tool. */
	public final ModelDescription description;
	/** Pixelwise's network or another tool's package, chosen once at load. */
	private final LoadedNetwork network;
	private final String name;

	private SegmentationModel(final Path folder, final ModelDescription description,
		final LoadedNetwork network, final String name)
	{
		this.folder = folder;
		this.description = description;
		this.network = network;
		this.name = name;
	}

	public static SegmentationModel load(final Path path, final Device device) throws IOException {
		return load(path, device, false);
	}

	/** @param allowRiskyOps run a foreign graph even if it uses file, process or network ops */
	public static SegmentationModel load(final Path path, final Device device,
		final boolean allowRiskyOps) throws IOException
	{
		final Path folder = ModelFolder.resolve(path);
		if (Files.isRegularFile(folder)) try (ModelPackage zip = ModelPackage.open(folder)) {
			return loadFolder(zip.root, device, allowRiskyOps);
		}
		return loadFolder(folder, device, allowRiskyOps);
	}

	private static SegmentationModel loadFolder(final Path folder, final Device device,
		final boolean allowRiskyOps) throws IOException
	{
		if (ModelFolder.isPixelwise(folder)) {
			final ModelDescription description = ModelFolder.readDescription(folder);
			return new SegmentationModel(folder, description, PixelwiseNetwork.segmentation(
				SavedModelSession.load(folder, PROBABILITIES, device), description), description.name);
		}
		try (ModelPackage pkg = ModelPackage.open(folder)) {
			pkg.rdf.tensorflowWeights();
			pkg.verify();
			final PackagedNetwork net = PackagedNetwork.load(pkg, device, allowRiskyOps);
			if (net.outputScale() != 1) {
				net.close();
				throw new UnsupportedModelException("the model '" + pkg.rdf.name + "' makes images " +
					net.outputScale() + " times larger than its input, so it is not a segmentation " +
					"model; run it with Pixelwise Restore Image");
			}
			return new SegmentationModel(folder, null, new ForeignNetwork(net), pkg.rdf.name);
		}
	}

	/**
	 * The weights of a Pixelwise model, to start a new training from (fine-tuning).
	 *
	 * @param names the variables the new network has
	 */
	public static java.util.Map<String, float[]> weights(final Path path,
		final java.util.Collection<String> names, final Device device) throws IOException
	{
		try (SegmentationModel model = load(path, device)) {
			if (!(model.network instanceof PixelwiseNetwork)) throw new IllegalArgumentException("'" +
				path + "' is not a Pixelwise model; fine-tuning starts from models trained by Pixelwise");
			return ((PixelwiseNetwork) model.network).variables(names);
		}
	}

	public String name() {
		return name;
	}

	/** Binary for one output channel, else one class per channel. */
	public LabelMode labelMode() {
		if (description != null) return description.labelMode;
		return outputChannels() == 1 ? LabelMode.BINARY : LabelMode.CLASSES;
	}

	/** How this model's output becomes labels. */
	public Head head() {
		if (description != null) return description.head(null);
		return new PixelClassHead(labelMode(), outputChannels(), null);
	}

	public double threshold() {
		return description == null ? 0.5 : description.threshold;
	}

	/** The tile side used when none is asked for, for models from other tools. */
	public static final int DEFAULT_TILE = 2048;

	/**
	 * A tile size this model accepts, near the requested one; for 0, the largest that fits
	 * {@link TileMemory#budget()} (models from other tools: {@link #DEFAULT_TILE}).
	 */
	public int tileSize(final int requested) {
		if (requested > 0) return network.tileSize(requested);
		if (description == null) return network.tileSize(DEFAULT_TILE);
		final int multiple = network.sizeMultiple();
		// A tile's input and output also pass through Java arrays (and copies on their way),
		// beside the whole image's outputs: a quarter of the heap at 16 bytes per value. A 4096²
		// image then still segments with -Xmx288m (tiles of about 1500 px).
		final int heapSide = TileMemory.side(16.0 * (inputChannels() + outputChannels()), Runtime
			.getRuntime().maxMemory() / 4, multiple);
		return network.tileSize(Math.min(heapSide, TileMemory.side(bytesPerPixel(description.network),
			TileMemory.budget(), multiple)));
	}

	/**
	 * Native memory per input pixel of one tile's run, an upper estimate: at full resolution a
	 * U-Net keeps about four maps of its base filters alive (a convolution's input and output,
	 * the skip connection, the decoder's concatenation), 4 bytes each. The benchmark's U-Net
	 * (16 filters, bfloat16) grew by about 100 bytes per tile pixel against this 256.
	 */
	static double bytesPerPixel(final org.pixelwise.net.UNetConfig network) {
		return 16.0 * network.baseFilters;
	}

	/** How this model normalises {@code pixels}: by their own percentiles, or by the training set's. */
	public PercentileNormalisation normalisation(final float[] pixels) {
		if (description == null) throw new IllegalStateException(
			"a foreign model normalises as its package declares");
		return description.perImageNormalisation ? PercentileNormalisation.fit(pixels,
			description.lowPercentile, description.highPercentile) : description.normalisation;
	}

	/**
	 * A z-stack (X, Y, Z, channels last when {@code hasChannelAxis}) as the network takes it:
	 * read in place and normalised voxel by voxel as this model was trained, so a large stack is
	 * never held as floats; or processed into floats as another tool's package declares.
	 */
	public VolumeSource volumeInput(final RandomAccessibleInterval<? extends RealType<?>> stack,
		final boolean hasChannelAxis)
	{
		final VolumeSource raw = VolumeSource.of(stack, hasChannelAxis);
		if (description == null) return network.volumeInput(raw);
		return raw.normalised(description.perImageNormalisation ? PercentileNormalisation.fit(raw,
			description.lowPercentile, description.highPercentile) : description.normalisation);
	}

	/** The network's output for a volume, in place: another tool's declared postprocessing. */
	public void volumeOutput(final float[] output, final int count) {
		if (description == null) network.volumeOutput(output, count);
	}

	/** Per-pixel probabilities of one 2-D image (X, Y[, channels]) as (X, Y, class). */
	public Img<FloatType> probabilities(final TiledPredictor predictor,
		final RandomAccessibleInterval<? extends RealType<?>> image, final boolean hasChannelAxis)
	{
		return network.predict(predictor, image, hasChannelAxis);
	}

	@Override
	public int inputChannels() {
		return network.inputChannels();
	}

	@Override
	public int outputChannels() {
		return network.outputChannels();
	}

	@Override
	public int sizeMultiple() {
		return network.sizeMultiple();
	}

	@Override
	public int receptiveFieldRadius() {
		return network.receptiveFieldRadius();
	}

	@Override
	public void run(final float[] input, final int batch, final int height, final int width,
		final float[] output)
	{
		network.run(input, batch, height, width, output);
	}

	@Override
	public int dimensions() {
		return network.dimensions();
	}

	@Override
	public int zSizeMultiple() {
		return network.zSizeMultiple();
	}

	@Override
	public int zReceptiveFieldRadius() {
		return network.zReceptiveFieldRadius();
	}

	@Override
	public void run(final float[] input, final int batch, final int depth, final int height,
		final int width, final float[] output)
	{
		network.run(input, batch, depth, height, width, output);
	}

	@Override
	public void close() {
		network.close();
	}
}
