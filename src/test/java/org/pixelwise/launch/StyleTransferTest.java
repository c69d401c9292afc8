package org.pixelwise.launch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.device.Device;
import org.pixelwise.net.FeatureEncoder;
import org.pixelwise.train.FeatureLoss;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Train Style Transfer, Stylize Folder and Stylize Image through the launcher, on smooth blobs
 * (content) and a striped texture (style): a short training moves the blobs' Gram statistics
 * toward the stripes', the picture is written, and Stylize Folder names its outputs as
 * documented and copies label images unchanged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StyleTransferTest {

	static final int SIZE = 64;

	@TempDir
	static Path dir;

	static ByteProcessor blobs(final long seed) {
		final Random random = new Random(seed);
		final ByteProcessor p = new ByteProcessor(SIZE, SIZE);
		final double[][] c = new double[6][];
		for (int i = 0; i < c.length; i++)
			c[i] = new double[] { random.nextInt(SIZE), random.nextInt(SIZE), 5 + random.nextInt(6) };
		for (int y = 0; y < SIZE; y++)
			for (int x = 0; x < SIZE; x++) {
				double v = 30;
				for (final double[] b : c)
					v += 160 * Math.exp(-((x - b[0]) * (x - b[0]) + (y - b[1]) * (y - b[1])) / (2 * b[2] *
						b[2]));
				p.set(x, y, (int) Math.min(255, v));
			}
		return p;
	}

	static ByteProcessor stripes() {
		final ByteProcessor p = new ByteProcessor(SIZE, SIZE);
		for (int y = 0; y < SIZE; y++)
			for (int x = 0; x < SIZE; x++)
				p.set(x, y, (x + y) % 6 < 3 ? 220 : 20);
		return p;
	}

	@BeforeAll
	static void data() throws Exception {
		final Path content = Files.createDirectories(dir.resolve("content"));
		final Path labels = Files.createDirectories(dir.resolve("labels"));
		for (int i = 0; i < 4; i++) {
			IJ.saveAsTiff(new ImagePlus("c", blobs(i)), content.resolve("c" + i + ".tif").toString());
			final ByteProcessor label = new ByteProcessor(SIZE, SIZE);
			label.set(3 + i, 4, 1 + i);
			new ij.io.FileSaver(new ImagePlus("l", label)).saveAsPng(labels.resolve("c" + i + ".png")
				.toString());
		}
		IJ.saveAsTiff(new ImagePlus("s", stripes()), Files.createDirectories(dir.resolve("style"))
			.resolve("stripes.tif").toString());
	}

	@Test
	@Order(1)
	void trainingWritesAModelAndItsPicture() {
		final LaunchResult r = LaunchResult.of("--run", "Pixelwise Train Style Transfer", "images='" +
			dir.resolve("content") + "',style='" + dir.resolve("style") + "',model='" + dir.resolve(
				"model") + "',epochs=4,steps_per_epoch=100,batch_size=4,patch_size=64,feature_steps=0," +
			"style_weight=100000,content_weight=1,tv_weight=0,learning_rate=0.0003,seed=42,device=cpu");
		assertEquals(0, r.status, r.toString());
		assertTrue(Files.exists(dir.resolve("model/style-transfer.png")), r.toString());
		assertTrue(r.out.contains("best validation loss"), r.toString());
	}

	@Test
	@Order(2)
	void stylizeFolderCopiesLabelsAndMovesGramStatisticsTowardTheStyle() throws Exception {
		final Path out = dir.resolve("stylized");
		final LaunchResult r = LaunchResult.of("--run", "Pixelwise Stylize Folder", "model='" + dir
			.resolve("model") + "',input='" + dir.resolve("content") + "',labels='" + dir.resolve(
				"labels") + "',output='" + out + "',device=cpu");
		assertEquals(0, r.status, r.toString());
		for (int i = 0; i < 4; i++) {
			assertTrue(Files.exists(out.resolve("images/c" + i + ".tif")), "images/NAME.tif");
			assertArrayEquals(Files.readAllBytes(dir.resolve("labels/c" + i + ".png")), Files
				.readAllBytes(out.resolve("labels/c" + i + ".png")), "labels are copied unchanged");
		}
		final ImagePlus stylized = IJ.openImage(out.resolve("images/c0.tif").toString());
		assertEquals(8, stylized.getBitDepth(), "the input's type");
		assertEquals(SIZE, stylized.getWidth());
		final float[] style = unit(stripes());
		final double before = gramDistance(unit(blobs(0)), style);
		final double after = gramDistance(unit(stylized.getProcessor()), style);
		System.out.println("Gram distance to the style: before " + before + ", after " + after);
		assertTrue(after < 0.7 * before, "Gram distance to the style: before " + before + ", after " +
			after);
	}

	@Test
	@Order(3)
	void stylizeImageKeepsSizeAndType() {
		final LaunchResult r = LaunchResult.of("--run", "Pixelwise Stylize Image", "image='" + dir
			.resolve("content/c1.tif") + "',model='" + dir.resolve("model") + "',device=cpu");
		assertEquals(0, r.status, r.toString());
		assertTrue(r.out.contains("c1_stylized") && r.out.contains("64x64"), r.toString());
	}

	static float[] unit(final ImageProcessor p) {
		final float[] v = new float[p.getPixelCount()];
		for (int i = 0; i < v.length; i++)
			v[i] = p.getf(i) / 255f;
		return v;
	}

	/**
	 * Mean squared difference of the Gram matrices of two images, summed over the layers of the
	 * feature network that Train Style Transfer uses with feature_steps=0 and seed 42, each
	 * weighted as in the style loss.
	 */
	static double gramDistance(final float[] a, final float[] b) {
		final FeatureEncoder encoder = FeatureEncoder.defaults(1);
		final FeatureLoss.Extractor features = FeatureLoss.frozen(encoder, encoder.randomWeights(42));
		try (Graph graph = new Graph(); Session session = new Session(graph, Device.cpu()
			.sessionConfig()))
		{
			final Ops tf = Ops.create(graph);
			final Operand<TFloat32> x = tf.constant(Shape.of(1, SIZE, SIZE, 1), DataBuffers.of(a, true,
				false));
			final Operand<TFloat32> y = tf.constant(Shape.of(1, SIZE, SIZE, 1), DataBuffers.of(b, true,
				false));
			final Map<String, Operand<TFloat32>> fx = features.layers(tf, x), fy = features.layers(tf, y);
			Operand<TFloat32> sum = tf.constant(0f);
			int n = 0;
			for (final String layer : fx.keySet()) {
				final Operand<TFloat32> d = tf.math.squaredDifference(FeatureLoss.gram(tf, fx.get(layer)),
					FeatureLoss.gram(tf, fy.get(layer)));
				// Weighted as the style loss weighs its layers: the layer weight squared.
				final double w = FeatureLoss.DEFAULT_LAYER_WEIGHTS[n++];
				sum = tf.math.add(sum, tf.math.mul(tf.constant((float) (w * w)), tf.math.mean(d, tf
					.constant(new int[] { 0, 1, 2 }))));
			}
			try (Result result = session.runner().fetch(sum).run()) {
				return ((TFloat32) result.get(0)).getFloat();
			}
		}
	}

	@Test
	@Order(4)
	void theExampleMacroStylizesAnAnnotatedSet() {
		final Path out = dir.resolve("macro-out");
		final LaunchResult r = LaunchResult.of("-batch", "macros/stylize-annotated-set.ijm", dir
			.resolve("content") + "|" + dir.resolve("labels") + "|" + dir.resolve("style") + "|" + dir
				.resolve("macro-model") + "|" + out + "|epochs=1 steps_per_epoch=5 batch_size=2 " +
			"patch_size=32 feature_steps=0 device=cpu");
		assertEquals(0, r.status, r.toString());
		assertTrue(Files.exists(out.resolve("images/c3.tif")) && Files.exists(out.resolve(
			"labels/c3.png")), r.toString());
	}
}
