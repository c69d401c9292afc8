package org.pixelwise.bioimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.device.Device;
import org.pixelwise.model.RestorationModel;
import org.pixelwise.model.Restorer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.yaml.snakeyaml.Yaml;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Packages from other tools, written here by hand the way their YAML reads: axes in another
 * order (bcyx), declared processing, sizes on a min/step grid, upscaling outputs, and graphs
 * that try to write files.
 */
class ForeignPackageTest {

	/** A 0.4 package whose network computes 2x + 1 on bcyx tensors, after scaling by 0.5. */
	private static Path bcyxPackage(final Path dir, final boolean writesFile) throws IOException {
		final Path weights = dir.resolve("weights");
		export(weights, Shape.of(-1, 1, -1, -1), (tf, x) -> {
			final Operand<TFloat32> y = tf.math.add(tf.math.mul(x, tf.constant(2f)), tf.constant(1f));
			return writesFile ? tf.withControlDependencies(List.of(tf.io.writeFile(tf.constant(
				"/tmp/pixelwise-stolen"), tf.constant("secret")))).identity(y) : y;
		});
		SafeZip.write(weights, dir.resolve("pkg/weights.zip"));
		final float[] input = new float[16 * 24];
		for (int i = 0; i < input.length; i++)
			input[i] = i % 7 * 10;
		final float[] output = new float[input.length];
		for (int i = 0; i < input.length; i++)
			output[i] = 2 * (0.5f * input[i]) + 1;
		Npy.write(dir.resolve("pkg/in.npy"), Npy.Array.ofFloats(new long[] { 1, 1, 16, 24 }, input));
		Npy.write(dir.resolve("pkg/out.npy"), Npy.Array.ofFloats(new long[] { 1, 1, 16, 24 }, output));
		Files.writeString(dir.resolve("pkg/README.md"), "doubles");
		final String yaml = "format_version: 0.4.10\ntype: model\nname: doubler\n" +
			"description: doubles and adds one\nauthors: [{name: Someone}]\ncite: [{text: none, doi: 10.1/x}]\n" +
			"license: MIT\ndocumentation: README.md\ntimestamp: '2024-01-01T00:00:00'\n" +
			"test_inputs: [in.npy]\ntest_outputs: [out.npy]\n" +
			"inputs:\n- name: raw\n  axes: bcyx\n  data_type: float32\n  shape: {min: [1, 1, 8, 8], step: [0, 0, 8, 8]}\n" +
			"  preprocessing: [{name: scale_linear, kwargs: {gain: 0.5, offset: 0.0, axes: yx}}]\n" +
			"outputs:\n- name: doubled\n  axes: bcyx\n  data_type: float32\n" +
			"  shape: {reference_tensor: raw, scale: [1, 1, 1, 1], offset: [0, 0, 0, 0]}\n  halo: [0, 0, 0, 0]\n" +
			"weights:\n  tensorflow_saved_model_bundle: {source: weights.zip, sha256: " + Checksums.sha256(
				dir.resolve("pkg/weights.zip")) + ", tensorflow_version: '2.15'}\n";
		Files.writeString(dir.resolve("pkg/rdf.yaml"), yaml);
		return dir.resolve("pkg");
	}

	private static void export(final Path dir, final Shape shape,
		final BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> body) throws IOException
	{
		try (Graph graph = new Graph()) {
			final Ops tf = Ops.create(graph);
			final Placeholder<TFloat32> input = tf.withName("x").placeholder(TFloat32.class, Placeholder
				.shape(shape));
			final Operand<TFloat32> output = tf.withName("y").identity(body.apply(tf, input));
			try (Session session = new Session(graph)) {
				SavedModelBundle.exporter(dir.toString()).withSession(session).withSignature(Signature
					.builder().key("serving_default").input("raw", input).output("doubled", output).build())
					.export();
			}
		}
	}

	@Test
	void bcyxPackageRunsWithItsProcessingAndPassesItsTest(@TempDir final Path dir)
		throws IOException
	{
		final Path pkg = bcyxPackage(dir, false);
		try (ModelPackage p = ModelPackage.open(pkg)) {
			assertEquals("bcyx", p.rdf.inputs.get(0).axisLetters());
			assertTrue(TestTensors.run(p, Device.cpu(), false, null, 1e-6).passed());
		}
		// 37 x 21 is off the model's 8-pixel grid: tiles are padded to it and cropped back.
		final ArrayImg<FloatType, FloatArray> image = ArrayImgs.floats(37, 21);
		int i = 0;
		for (final FloatType t : image)
			t.set(i++ % 11);
		try (RestorationModel model = RestorationModel.load(pkg, Device.cpu())) {
			assertEquals("doubler", model.name);
			final Img<FloatType> out = new Restorer(model, 16, 2, s -> {}).restore(image, false);
			final Cursor<FloatType> a = image.cursor(), b = out.cursor();
			while (a.hasNext())
				assertEquals(a.next().get() + 1, b.next().get(), 1e-5);
		}
	}

	@Test
	void aVolumePackageFromAnotherToolRestoresZStacksWholeWithItsProcessing(@TempDir final Path dir)
		throws IOException
	{
		// As a CARE or Noise2Void 3-D package: bzyxc tensors; the network computes 2x + 1 after
		// the declared scaling by 0.5, so the stack comes back as itself plus one.
		export(dir.resolve("weights"), Shape.of(-1, -1, -1, -1, 1), (tf, x) -> tf.math.add(tf.math
			.mul(x, tf.constant(2f)), tf.constant(1f)));
		final Path pkg = Files.createDirectories(dir.resolve("pkg"));
		SafeZip.write(dir.resolve("weights"), pkg.resolve("weights.zip"));
		final float[] in = new float[4 * 8 * 8], out = new float[in.length];
		for (int i = 0; i < in.length; i++) {
			in[i] = i % 9;
			out[i] = 2 * (0.5f * in[i]) + 1;
		}
		Npy.write(pkg.resolve("in.npy"), Npy.Array.ofFloats(new long[] { 1, 4, 8, 8, 1 }, in));
		Npy.write(pkg.resolve("out.npy"), Npy.Array.ofFloats(new long[] { 1, 4, 8, 8, 1 }, out));
		Files.writeString(pkg.resolve("README.md"), "a 3-D denoiser stand-in");
		Files.writeString(pkg.resolve("rdf.yaml"), "format_version: 0.4.10\ntype: model\n" +
			"name: volume-doubler\ndescription: 3-D\nauthors: [{name: Someone}]\n" +
			"cite: [{text: none, doi: 10.1/x}]\nlicense: MIT\ndocumentation: README.md\n" +
			"timestamp: '2024-01-01T00:00:00'\ntest_inputs: [in.npy]\ntest_outputs: [out.npy]\n" +
			"inputs:\n- name: raw\n  axes: bzyxc\n  data_type: float32\n" +
			"  shape: {min: [1, 4, 8, 8, 1], step: [0, 4, 8, 8, 0]}\n" +
			"  preprocessing: [{name: scale_linear, kwargs: {gain: 0.5, offset: 0.0, axes: zyx}}]\n" +
			"outputs:\n- name: doubled\n  axes: bzyxc\n  data_type: float32\n" +
			"  shape: {reference_tensor: raw, scale: [1, 1, 1, 1, 1], offset: [0, 0, 0, 0, 0]}\n" +
			"  halo: [0, 2, 4, 4, 0]\n" +
			"weights:\n  tensorflow_saved_model_bundle: {source: weights.zip, sha256: " + Checksums
				.sha256(pkg.resolve("weights.zip")) + ", tensorflow_version: '2.15'}\n");
		final ArrayImg<FloatType, FloatArray> stack = ArrayImgs.floats(21, 13, 10);
		int i = 0;
		for (final FloatType t : stack)
			t.set(i++ % 17);
		try (RestorationModel model = RestorationModel.load(pkg, Device.cpu())) {
			assertEquals(3, model.dimensions());
			final Img<FloatType> restored = new Restorer(model, 16, 1, s -> {}).restoreVolume(stack,
				false, null);
			assertEquals(4, restored.numDimensions(), "X, Y, channel, Z");
			assertEquals(10, restored.dimension(3));
			final net.imglib2.RandomAccess<FloatType> a = stack.randomAccess(), b = restored
				.randomAccess();
			for (int z = 0; z < 10; z++)
				for (int y = 0; y < 13; y++)
					for (int x = 0; x < 21; x++)
						assertEquals(a.setPositionAndGet(x, y, z).get() + 1, b.setPositionAndGet(x, y, 0, z)
							.get(), 1e-5, x + "," + y + "," + z);
		}
	}

	@Test
	void aVolumeSegmentationPackageFromAnotherToolSegmentsZStacksWhole(@TempDir final Path dir)
		throws IOException
	{
		// One foreground probability, sigmoid(2 * (0.5 x) - 5): voxels above 5 are foreground.
		export(dir.resolve("weights"), Shape.of(-1, -1, -1, -1, 1), (tf, x) -> tf.math.sigmoid(tf.math
			.sub(tf.math.mul(x, tf.constant(2f)), tf.constant(5f))));
		final Path pkg = Files.createDirectories(dir.resolve("pkg"));
		SafeZip.write(dir.resolve("weights"), pkg.resolve("weights.zip"));
		final float[] in = new float[4 * 8 * 8], out = new float[in.length];
		for (int i = 0; i < in.length; i++) {
			in[i] = i % 11;
			out[i] = (float) (1 / (1 + Math.exp(-(2 * (0.5 * in[i]) - 5))));
		}
		Npy.write(pkg.resolve("in.npy"), Npy.Array.ofFloats(new long[] { 1, 4, 8, 8, 1 }, in));
		Npy.write(pkg.resolve("out.npy"), Npy.Array.ofFloats(new long[] { 1, 4, 8, 8, 1 }, out));
		Files.writeString(pkg.resolve("README.md"), "a 3-D segmentation stand-in");
		Files.writeString(pkg.resolve("rdf.yaml"), "format_version: 0.4.10\ntype: model\n" +
			"name: volume-threshold\ndescription: 3-D\nauthors: [{name: Someone}]\n" +
			"cite: [{text: none, doi: 10.1/x}]\nlicense: MIT\ndocumentation: README.md\n" +
			"timestamp: '2024-01-01T00:00:00'\ntest_inputs: [in.npy]\ntest_outputs: [out.npy]\n" +
			"inputs:\n- name: raw\n  axes: bzyxc\n  data_type: float32\n" +
			"  shape: {min: [1, 4, 8, 8, 1], step: [0, 4, 8, 8, 0]}\n" +
			"  preprocessing: [{name: scale_linear, kwargs: {gain: 0.5, offset: 0.0, axes: zyx}}]\n" +
			"outputs:\n- name: doubled\n  axes: bzyxc\n  data_type: float32\n" +
			"  shape: {reference_tensor: raw, scale: [1, 1, 1, 1, 1], offset: [0, 0, 0, 0, 0]}\n" +
			"  halo: [0, 2, 4, 4, 0]\n" +
			"weights:\n  tensorflow_saved_model_bundle: {source: weights.zip, sha256: " + Checksums
				.sha256(pkg.resolve("weights.zip")) + ", tensorflow_version: '2.15'}\n");
		final ArrayImg<FloatType, FloatArray> stack = ArrayImgs.floats(21, 13, 10);
		int i = 0;
		for (final FloatType t : stack)
			t.set(i++ % 11 + 0.25f); // never exactly 5, where the probability is 0.5
		try (org.pixelwise.model.SegmentationModel model = org.pixelwise.model.SegmentationModel.load(
			pkg, Device.cpu()))
		{
			assertEquals(3, model.dimensions());
			final org.pixelwise.head.Segmentation s = new org.pixelwise.model.Segmenter(model, 16, 1,
				Double.NaN, m -> {}).segmentVolume(stack, false, 0, 0, null);
			final net.imglib2.RandomAccess<FloatType> a = stack.randomAccess();
			final net.imglib2.RandomAccess<net.imglib2.type.numeric.integer.UnsignedByteType> b = s.labels
				.randomAccess();
			for (int z = 0; z < 10; z++)
				for (int y = 0; y < 13; y++)
					for (int x = 0; x < 21; x++)
						assertEquals(a.setPositionAndGet(x, y, z).get() > 5 ? 1 : 0, b.setPositionAndGet(x, y, z)
							.get(), x + "," + y + "," + z);
		}
	}

	@Test
	void upscalingPackageOfFormat05IsTiledAtItsScale(@TempDir final Path dir) throws IOException {
		// Nearest-neighbour 2x upscaling times 3: four copies of the channel, then depth-to-space.
		export(dir.resolve("weights"), Shape.of(-1, -1, -1, 1), (tf, x) -> tf.math.mul(tf.nn
			.depthToSpace(tf.concat(List.of(x, x, x, x), tf.constant(3)), 2L), tf.constant(3f)));
		final Path pkg = Files.createDirectories(dir.resolve("pkg"));
		SafeZip.write(dir.resolve("weights"), pkg.resolve("weights.zip"));
		final float[] in = new float[64], out = new float[256];
		for (int i = 0; i < 64; i++)
			in[i] = i;
		for (int y = 0; y < 16; y++)
			for (int x = 0; x < 16; x++)
				out[y * 16 + x] = 3 * in[y / 2 * 8 + x / 2];
		Npy.write(pkg.resolve("in.npy"), Npy.Array.ofFloats(new long[] { 1, 8, 8, 1 }, in));
		Npy.write(pkg.resolve("out.npy"), Npy.Array.ofFloats(new long[] { 1, 16, 16, 1 }, out));
		Files.writeString(pkg.resolve("doc.md"), "upscales");
		final Map<String, Object> space = Map.of("type", "space", "size", Map.of("min", 4, "step", 4));
		final Map<String, Object> rdf = new java.util.LinkedHashMap<>();
		rdf.put("format_version", "0.5.4");
		rdf.put("type", "model");
		rdf.put("name", "upscaler");
		rdf.put("description", "x2");
		rdf.put("authors", List.of(Map.of("name", "Someone")));
		rdf.put("cite", List.of(Map.of("text", "none", "doi", "10.1/x")));
		rdf.put("license", "MIT");
		rdf.put("documentation", "doc.md");
		rdf.put("inputs", List.of(Map.of("id", "raw", "axes", List.of(Map.of("type", "batch"),
			with(space, "id", "y"), space, Map.of("type", "channel", "channel_names", List.of("grey"))),
			"test_tensor", Map.of("source", "in.npy"))));
		final Map<String, Object> outY = Map.of("id", "y", "type", "space", "scale", 0.5, "halo", 2,
			"size", Map.of("tensor_id", "raw", "axis_id", "y"));
		final Map<String, Object> outX = Map.of("type", "space", "scale", 0.5, "halo", 2, "size", Map
			.of("tensor_id", "raw", "axis_id", "x"));
		rdf.put("outputs", List.of(Map.of("id", "doubled", "axes", List.of(Map.of("type", "batch"),
			outY, outX, Map.of("type", "channel", "channel_names", List.of("grey"))), "test_tensor", Map
				.of("source", "out.npy"))));
		rdf.put("weights", Map.of("tensorflow_saved_model_bundle", Map.of("source", "weights.zip",
			"sha256", Checksums.sha256(pkg.resolve("weights.zip")))));
		writeYaml(pkg.resolve("rdf.yaml"), rdf);
		try (ModelPackage p = ModelPackage.open(pkg)) {
			assertTrue(TestTensors.run(p, Device.cpu(), false, null, 0).passed());
		}
		final ArrayImg<FloatType, FloatArray> image = ArrayImgs.floats(30, 19);
		int i = 0;
		for (final FloatType t : image)
			t.set(i++ % 13);
		try (RestorationModel model = RestorationModel.load(pkg, Device.cpu())) {
			assertEquals(2, model.outputScale());
			assertEquals(1, model.receptiveFieldRadius(), "halo 2 output pixels is 1 input pixel");
			final Img<FloatType> up = new Restorer(model, 8, 3, s -> {}).restore(image, false);
			assertEquals(60, up.dimension(0));
			final net.imglib2.RandomAccess<FloatType> a = image.randomAccess(), b = up.randomAccess();
			for (int y = 0; y < 38; y++)
				for (int x = 0; x < 60; x++) {
					a.setPosition(new long[] { x / 2, y / 2 });
					b.setPosition(new long[] { x, y, 0 });
					assertEquals(3 * a.get().get(), b.get().get(), 1e-5, x + "," + y);
				}
		}
	}

	private static Map<String, Object> with(final Map<String, Object> map, final String key,
		final Object value)
	{
		final Map<String, Object> copy = new java.util.LinkedHashMap<>(map);
		copy.put(key, value);
		return copy;
	}

	@Test
	void packageWhoseGraphWritesFilesIsRefusedUnlessAllowed(@TempDir final Path dir)
		throws IOException
	{
		final Path pkg = bcyxPackage(dir, true);
		final IOException e = assertThrows(IOException.class, () -> RestorationModel.load(pkg, Device
			.cpu()));
		assertTrue(e.getMessage().contains("WriteFile") && e.getMessage().contains("allow_risky_ops"),
			e.getMessage());
		try (RestorationModel allowed = RestorationModel.load(pkg, Device.cpu(), true)) {
			assertEquals("doubler", allowed.name);
		}
	}

	@Test
	void zipWithAnEscapingEntryIsRefused(@TempDir final Path dir) throws IOException {
		final Path zip = dir.resolve("evil.zip");
		try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files
			.newOutputStream(zip)))
		{
			out.putNextEntry(new java.util.zip.ZipEntry("rdf.yaml"));
			out.write("format_version: 0.5.4".getBytes());
			out.putNextEntry(new java.util.zip.ZipEntry("../evil.txt"));
			out.write("x".getBytes());
		}
		final IOException e = assertThrows(IOException.class, () -> ModelPackage.open(zip));
		assertTrue(e.getMessage().contains("../evil.txt"), e.getMessage());
		assertTrue(!Files.exists(dir.resolve("evil.txt")));
	}

	static void writeYaml(final Path file, final Map<String, Object> map) throws IOException {
		try (Writer w = Files.newBufferedWriter(file)) {
			new Yaml().dump(map, w);
		}
	}
}
