package org.pixelwise.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.pixelwise.device.Device;
import org.pixelwise.model.ModelDescription;
import org.pixelwise.model.SegmentationModel;
import org.pixelwise.predict.ContextProbe;
import org.pixelwise.predict.TileGrid;
import org.pixelwise.predict.TiledPredictor;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Tiled prediction of one large image with a saved segmentation model, as Segment Image runs it
 * (its default tiles sized from memory, one per batch, or tiles of 2048 or 4096; the context margin measured
 * for the model), in a child JVM of its own so that its peak resident
 * memory (VmHWM) is the whole process's: the Java heap, TensorFlow's native memory and the
 * libraries, as a user's Fiji would hold them. Also reports how much more the network computes
 * than the image has pixels, which is what the context margins cost. The image is predicted
 * twice: the first time with the loaded model's one-time costs, the second as every later image.
 */
final class TiledMemory {

	/** Segment Image's default: the tile sized from this machine's memory. */
	static final int TILE = 0;
	/** The earlier fixed default, and a larger one, to show what tile size buys for memory. */
	static final int[] OTHER_TILES = { 2048, 4096 };
	static final int BATCH = 1;
	private static final String HEAP = "-Xmx3g";

	private TiledMemory() {}

	/** In the child: predicts a synthetic image and prints its figures. */
	public static void main(final String[] args) throws IOException {
		final Path model = Paths.get(args[0]);
		final int size = Integer.parseInt(args[1]);
		final int tile = Integer.parseInt(args[2]);
		final String name = "unet.tiled_" + size + (tile == TILE ? "" : "_tile" + tile);
		final SyntheticBlobs blobs = SyntheticBlobs.make(size, size, 3);
		final Img<UnsignedShortType> image = ArrayImgs.unsignedShorts(blobs.pixels, size, size);
		// At Segment Image's default precision, as a user gets it.
		try (SegmentationModel loaded = SegmentationModel.load(model, Device.cpu().withPrecision(
			"auto")))
		{
			final ModelDescription d = loaded.description;
			final TiledPredictor predictor = new TiledPredictor(loaded, loaded.tileSize(tile), BATCH);
			predictor.setContextTolerance(ContextProbe.FLOAT_ROUNDING);
			// The first image pays once per loaded model: TensorFlow's graph optimisation and kernel
			// set-up, and measuring the context margin. Every later image (the model cache keeps
			// both) runs at the second figure, which is the one set against the bare network's.
			long start = System.nanoTime();
			predictor.predict(image, false, v -> d.normalisation.normalise((float) v));
			final double first = (System.nanoTime() - start) / 1e9;
			// One image's peak, before a second output exists beside the first's garbage.
			final double peakRss = peakRss();
			System.gc();
			start = System.nanoTime();
			final Img<FloatType> probabilities = predictor.predict(image, false, v -> d.normalisation
				.normalise((float) v));
			final double seconds = (System.nanoTime() - start) / 1e9;
			System.out.println(new Figure(name + ".first_image", (double) size * size / first / 1e6,
				"MPix/s"));
			final int multiple = loaded.sizeMultiple();
			final int margin = predictor.margin();
			final int side = predictor.tileSize();
			final TileGrid grid = new TileGrid(size, size, side, margin, Math.min(multiple, TileGrid
				.largestOverlap(side, margin, multiple)), multiple);
			System.out.println(new Figure(name, (double) size * size / seconds / 1e6, "MPix/s"));
			System.out.println(new Figure(name + ".margin", margin, "px"));
			System.out.println(new Figure(name + ".tile", predictor.tileSize(), "px"));
			System.out.println(new Figure(name + ".computed", (double) grid.tileCount() * grid.x
				.tileSize() * grid.y.tileSize() / ((double) size * size), "x"));
			System.out.println(new Figure(name + ".heap", Runtime.getRuntime().totalMemory() / 1e6,
				"MB"));
			System.out.println(new Figure(name + ".peak_rss", peakRss, "MB"));
			if (probabilities.dimension(0) != size) throw new IllegalStateException("wrong output size");
		}
	}

	/** The process's peak resident set (VmHWM) in MB, or NaN where /proc is missing. */
	private static double peakRss() throws IOException {
		final Path status = Paths.get("/proc/self/status");
		if (!Files.exists(status)) return Double.NaN;
		for (final String line : Files.readAllLines(status))
			if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024 /
				1e6;
		return Double.NaN;
	}

	/** In the parent: runs the child on {@code model} and returns what it printed. */
	static List<Figure> measure(final Path model, final int size, final int tile) throws IOException,
		InterruptedException
	{
		final List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add(HEAP);
		// Where the parent keeps TensorFlow's unpacked natives, the child finds them too.
		for (final String key : System.getProperties().stringPropertyNames())
			if (key.startsWith("org.bytedeco.")) command.add("-D" + key + "=" + System.getProperty(key));
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(TiledMemory.class.getName());
		command.add(model.toString());
		command.add(String.valueOf(size));
		command.add(String.valueOf(tile));
		final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "2");
		final Process child = builder.start();
		final List<Figure> figures = new ArrayList<>();
		final List<String> other = new ArrayList<>();
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
			StandardCharsets.UTF_8)))
		{
			for (String line; (line = lines.readLine()) != null;) {
				if (line.startsWith("unet.tiled_")) figures.add(Figure.parse(line));
				else other.add(line);
			}
		}
		if (child.waitFor() != 0 || figures.isEmpty()) throw new IOException(
			"the tiled-prediction child JVM failed (exit " + child.exitValue() + ")" + (other.isEmpty()
				? "" : ": " + String.join(" / ", other.subList(Math.max(0, other.size() - 5), other
					.size()))));
		return figures;
	}
}
