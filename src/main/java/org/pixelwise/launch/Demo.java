package org.pixelwise.launch;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import javax.imageio.ImageIO;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.pixelwise.data.AnnotatedImage;
import org.pixelwise.data.LabelMode;
import org.pixelwise.data.LabelSettings;
import org.pixelwise.data.TrainingSet;
import org.pixelwise.device.Device;
import org.pixelwise.metrics.InstanceMatching;
import org.pixelwise.metrics.Overlap;
import org.pixelwise.model.SegmentationModel;
import org.pixelwise.net.UNetConfig;
import org.pixelwise.head.Segmentation;
import org.pixelwise.model.Segmenter;
import org.pixelwise.train.Trainer;
import org.pixelwise.train.TrainingListener;
import org.pixelwise.train.TrainingProgress;
import org.pixelwise.train.TrainingSettings;

/**
 * The newcomer's demo, on data it makes itself: synthetic fluorescence-like images of
 * touching nuclei. It trains a small U-Net, segments held-out images, prints the scores and
 * writes the model, label images and PNG overlays to look at.
 */
final class Demo {

	private Demo() {}

	static void run(final Path output, final PrintStream out) throws Exception {
		final long started = System.nanoTime();
		final List<AnnotatedImage> training = new ArrayList<>();
		for (int i = 0; i < 6; i++)
			training.add(nuclei("train" + i, 192, i));
		final TrainingSet data = TrainingSet.prepare(training, LabelSettings.of(LabelMode.INSTANCES),
			1, 99.8);
		final TrainingSettings settings = new TrainingSettings();
		settings.epochs = 8;
		settings.stepsPerEpoch = 30;
		settings.patchSize = 96;
		settings.maxLearningRate = 3e-3;
		final Path model = output.resolve("model");
		out.println("Training a U-Net on 6 synthetic images of touching nuclei (background / interior / boundary)...");
		final Trainer.Result result = new Trainer(Device.cpu(), new TrainingListener() {
			@Override
			public void epoch(final java.util.Map<String, Object> row) {
				out.println("  " + row);
			}
		}, () -> false).train(data, new UNetConfig(3, 16, true, 0, UNetConfig.Upsampling.TRANSPOSED, 1,
			3), settings, model, "demo-nuclei");
		out.println(result.message + " in " + TrainingProgress.duration(result.seconds));
		Overlap overlap = Overlap.empty(2);
		InstanceMatching matching = InstanceMatching.empty(InstanceMatching.DEFAULT_THRESHOLD);
		try (SegmentationModel m = SegmentationModel.load(model, Device.cpu())) {
			final Segmenter segmenter = new Segmenter(m, 256, 2, Double.NaN, out::println);
			for (int i = 0; i < 3; i++) {
				final AnnotatedImage heldOut = nuclei("test" + i, 256, 100 + i);
				final Segmentation s = segmenter.segment(heldOut.image, false);
				final int[] truth = ints(heldOut.labels);
				final int[] predicted = ints(s.instances);
				final int[] truthMask = new int[truth.length], predictedMask = new int[truth.length];
				for (int p = 0; p < truth.length; p++) {
					truthMask[p] = truth[p] > 0 ? 1 : 0;
					predictedMask[p] = predicted[p] > 0 ? 1 : 0;
				}
				overlap = overlap.plus(Overlap.of(predictedMask, truthMask, 2));
				matching = matching.plus(InstanceMatching.of(predicted, truth));
				writeOverlay(output.resolve(heldOut.name + "-overlay.png"), floats(heldOut.image),
					predicted, 256, 256);
			}
		}
		out.println(String.format(Locale.ROOT,
			"Held-out score: foreground Dice %.3f, IoU %.3f, instance AP@0.5 %.3f (%d of %d nuclei found)",
			overlap.dice(1), overlap.iou(1), matching.averagePrecision(), matching.truePositives(),
			matching.truePositives() + matching.falseNegatives()));
		out.println("Model: " + model.toAbsolutePath() + "; overlays: " + output.toAbsolutePath() +
			"/test*-overlay.png; total " + TrainingProgress.duration((System.nanoTime() - started) / 1e9));
	}

	/** Touching round nuclei with a one-pixel gap, uneven brightness, blur-free, with noise. */
	static AnnotatedImage nuclei(final String name, final int size, final long seed) {
		final Random random = new Random(seed);
		final int[] ids = new int[size * size];
		final float[] pixels = new float[size * size];
		final float[] brightness = new float[size * size / 100 + 1];
		for (int id = 1; id < brightness.length; id++) {
			brightness[id] = 120 + random.nextInt(100);
			final int r = 6 + random.nextInt(6), cx = random.nextInt(size), cy = random.nextInt(size);
			for (int y = Math.max(0, cy - r); y < Math.min(size, cy + r + 1); y++)
				for (int x = Math.max(0, cx - r); x < Math.min(size, cx + r + 1); x++)
					if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r && ids[y * size + x] == 0 &&
						!nextToOther(ids, size, x, y, id)) ids[y * size + x] = id;
		}
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = (float) ((ids[i] > 0 ? brightness[ids[i]] : 40) + 20 * random.nextGaussian());
		final ArrayImg<FloatType, FloatArray> image = ArrayImgs.floats(pixels, size, size);
		final ArrayImg<IntType, IntArray> labels = ArrayImgs.ints(ids, size, size);
		return new AnnotatedImage(name, image, labels);
	}

	private static boolean nextToOther(final int[] ids, final int size, final int x, final int y,
		final int id)
	{
		for (int dy = -1; dy <= 1; dy++)
			for (int dx = -1; dx <= 1; dx++) {
				final int nx = x + dx, ny = y + dy;
				if (nx >= 0 && ny >= 0 && nx < size && ny < size && ids[ny * size + nx] != 0 &&
					ids[ny * size + nx] != id) return true;
			}
		return false;
	}

	/** The image in grey with each predicted object's outline in its own colour. */
	private static void writeOverlay(final Path file, final float[] pixels, final int[] instances,
		final int width, final int height) throws IOException
	{
		final BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				final int i = y * width + x;
				final int grey = Math.max(0, Math.min(255, (int) pixels[i]));
				int rgb = grey << 16 | grey << 8 | grey;
				final int id = instances[i];
				if (id > 0 && (x == 0 || y == 0 || x == width - 1 || y == height - 1 || instances[i - 1] != id ||
					instances[i + 1] != id || instances[i - width] != id || instances[i + width] != id))
					rgb = java.awt.Color.HSBtoRGB((id * 0.618034f) % 1, 0.9f, 1f);
				picture.setRGB(x, y, rgb);
			}
		Files.createDirectories(file.getParent());
		ImageIO.write(picture, "png", file.toFile());
	}

	private static int[] ints(final net.imglib2.RandomAccessibleInterval<? extends net.imglib2.type.numeric.RealType<?>> img) {
		final int[] values = new int[(int) (img.dimension(0) * img.dimension(1))];
		int i = 0;
		for (final net.imglib2.type.numeric.RealType<?> t : Views.flatIterable(img))
			values[i++] = (int) t.getRealDouble();
		return values;
	}

	private static float[] floats(final net.imglib2.RandomAccessibleInterval<? extends net.imglib2.type.numeric.RealType<?>> img) {
		final float[] values = new float[(int) (img.dimension(0) * img.dimension(1))];
		int i = 0;
		for (final net.imglib2.type.numeric.RealType<?> t : Views.flatIterable(img))
			values[i++] = t.getRealFloat();
		return values;
	}
}
