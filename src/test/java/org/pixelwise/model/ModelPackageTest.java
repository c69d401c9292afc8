package org.pixelwise.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.SyntheticImages;
import org.pixelwise.bioimage.Checksums;
import org.pixelwise.bioimage.ModelPackage;
import org.pixelwise.bioimage.ModelRdf;
import org.pixelwise.bioimage.PackagePrediction;
import org.pixelwise.bioimage.PackagedNetwork;
import org.pixelwise.bioimage.RdfReader;
import org.pixelwise.bioimage.TestTensors;
import org.pixelwise.data.AnnotatedImage;
import org.pixelwise.data.LabelMode;
import org.pixelwise.data.LabelSettings;
import org.pixelwise.data.TrainingSet;
import org.pixelwise.device.Device;
import org.pixelwise.net.UNetConfig;
import org.pixelwise.model.Segmenter;
import org.pixelwise.predict.TiledPredictor;
import org.pixelwise.train.Trainer;
import org.pixelwise.train.TrainingListener;
import org.pixelwise.train.TrainingSettings;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A model Pixelwise trains is a bioimage.io 0.5 package with the fields the specification
 * requires, reproduces its own test tensors, runs the same through its declared description as
 * through Pixelwise's own, survives export to zip and import unchanged, and loads from the
 * folders written before packages.
 */
class ModelPackageTest {

	private static final Path EXAMPLES = Paths.get("..", "shared", "data", "models",
		"bioimageio-spec-examples");

	@TempDir
	static Path shared;
	static Path model;

	@BeforeAll
	static void trainTinyModel() throws Exception {
		new Trainer(Device.cpu(), TrainingListener.NONE, () -> false).train(discs(), new UNetConfig(2,
			4, true, 0, UNetConfig.Upsampling.TRANSPOSED, 1, 1), settings(1), shared.resolve("model"),
			"tiny discs");
		model = shared.resolve("model/best");
	}

	private static TrainingSet discs() {
		final List<AnnotatedImage> images = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			final SyntheticImages s = SyntheticImages.discs(96, 96, 20, i);
			images.add(new AnnotatedImage("discs" + i, s.image, s.mask()));
		}
		return TrainingSet.prepare(images, LabelSettings.of(LabelMode.BINARY), 1, 99.8);
	}

	private static TrainingSettings settings(final int epochs) {
		final TrainingSettings settings = new TrainingSettings();
		settings.epochs = epochs;
		settings.stepsPerEpoch = 3;
		settings.patchSize = 64;
		settings.batchSize = 2;
		settings.maxLearningRate = 1e-3;
		return settings;
	}

	@Test
	void trainingResumesFromAnExportedLatestPackage(@TempDir final Path dir) throws Exception {
		final Path zip = dir.resolve("latest.zip");
		ModelExport.toZip(shared.resolve("model/latest"), zip, Map.of(), null, Device.cpu());
		final Path elsewhere = dir.resolve("elsewhere");
		ModelImport.importTo(zip, elsewhere.resolve("latest"), Device.cpu(), false, null);
		final Trainer.Result result = new Trainer(Device.cpu(), TrainingListener.NONE, () -> false)
			.resume(discs(), settings(2), elsewhere);
		assertEquals(Trainer.Outcome.COMPLETED, result.outcome);
		assertEquals(6, result.steps, "three more steps after the package's three");
		assertTrue(Files.exists(elsewhere.resolve("latest/training_state.index")));
	}

	@Test
	void trainingWritesABioimageioPackageWithTheRequiredFields() throws IOException {
		final Map<?, ?> rdf = readYaml(model.resolve("rdf.yaml"));
		assertTrue(String.valueOf(rdf.get("format_version")).startsWith("0.5."));
		assertEquals("model", rdf.get("type"));
		for (final String key : new String[] { "name", "description", "authors", "cite", "license",
			"documentation", "covers", "inputs", "outputs", "weights", "timestamp" })
			assertNotNull(rdf.get(key), key);
		for (final Object cite : (List<?>) rdf.get("cite")) {
			final Map<?, ?> c = (Map<?, ?>) cite;
			assertNotNull(c.get("text"));
			assertTrue(c.get("doi") != null || c.get("url") != null, "a citation needs a doi or url");
		}
		final Map<?, ?> input = (Map<?, ?>) ((List<?>) rdf.get("inputs")).get(0);
		final Map<?, ?> testTensor = (Map<?, ?>) input.get("test_tensor");
		assertEquals(Checksums.sha256(model.resolve((String) testTensor.get("source"))), testTensor
			.get("sha256"));
		final Map<?, ?> weights = (Map<?, ?>) ((Map<?, ?>) rdf.get("weights")).get(
			"tensorflow_saved_model_bundle");
		assertEquals(Checksums.sha256(model.resolve((String) weights.get("source"))), weights.get(
			"sha256"));
		assertNotNull(weights.get("tensorflow_version"));
		for (final Object a : (List<?>) rdf.get("attachments")) {
			final Map<?, ?> attachment = (Map<?, ?>) a;
			assertEquals(Checksums.sha256(model.resolve((String) attachment.get("source"))), attachment
				.get("sha256"));
		}
		assertTrue(Files.exists(model.resolve("pixelwise.yaml")), "training state is attached");
		assertTrue(Files.exists(shared.resolve("model/latest/training_state.index")),
			"latest keeps the optimiser state for resuming");
		final BufferedImage cover = ImageIO.read(model.resolve("cover.png").toFile());
		assertNotNull(cover);
		assertTrue(cover.getWidth() > cover.getHeight(), "input and output side by side");
		assertTrue(Files.readString(model.resolve("documentation.md")).contains("tiny discs"));
		// The output halo covers the network's receptive field: depth 2 U-Net, 3x3 convolutions.
		final Map<?, ?> output = (Map<?, ?>) ((List<?>) rdf.get("outputs")).get(0);
		final Map<?, ?> y = (Map<?, ?>) ((List<?>) output.get("axes")).get(1);
		assertEquals(new UNetConfig(2, 4, true, 0, UNetConfig.Upsampling.TRANSPOSED, 1, 1)
			.receptiveFieldRadius(), y.get("halo"));
		// Our own reader, which checks the specification's required fields, accepts it.
		try (ModelPackage pkg = ModelPackage.open(model)) {
			pkg.verify();
			assertEquals("tiny discs", pkg.rdf.name);
			assertEquals("byxc", pkg.rdf.inputs.get(0).axisLetters());
		}
	}

	@Test
	void requiredTopLevelFieldsMatchTheSpecificationsOwnExample() throws IOException {
		final Path example = EXAMPLES.resolve("unet2d_nuclei_broad/bioimageio.yaml");
		Assumptions.assumeTrue(Files.exists(example), "no bioimage.io examples in ../shared/data");
		final Map<?, ?> theirs = readYaml(example);
		final Map<?, ?> ours = readYaml(model.resolve("rdf.yaml"));
		for (final String key : new String[] { "format_version", "type", "name", "description",
			"authors", "cite", "license", "documentation", "inputs", "outputs", "weights" })
		{
			assertNotNull(theirs.get(key), "the example has " + key);
			assertNotNull(ours.get(key), "ours has " + key);
		}
		final Map<?, ?> theirInput = (Map<?, ?>) ((List<?>) theirs.get("inputs")).get(0);
		final Map<?, ?> ourInput = (Map<?, ?>) ((List<?>) ours.get("inputs")).get(0);
		for (final Object key : theirInput.keySet())
			if (!key.equals("description") && !key.equals("sample_tensor")) assertTrue(ourInput
				.containsKey(key), "our input lacks " + key);
	}

	@Test
	void packageReproducesItsTestTensors() throws IOException {
		try (ModelPackage pkg = ModelPackage.open(model)) {
			final TestTensors.Result result = TestTensors.run(pkg, Device.cpu(), false, null, 1e-4);
			assertTrue(result.passed(), result.toString());
		}
	}

	@Test
	void declaredPipelinePredictsWhatPixelwiseDoes() throws IOException {
		final SyntheticImages image = SyntheticImages.discs(150, 110, 12, 99);
		final float[] ours;
		try (SegmentationModel m = SegmentationModel.load(model, Device.cpu())) {
			ours = values(new Segmenter(m, 64, 2, Double.NaN, s -> {}).segment(image.image,
				false).probabilities);
		}
		try (ModelPackage pkg = ModelPackage.open(model); PackagedNetwork net = PackagedNetwork.load(
			pkg, Device.cpu(), false))
		{
			final TiledPredictor predictor = new TiledPredictor(net, net.tileSize(64), 2);
			final float[] declared = values(PackagePrediction.predict(predictor, net.inputSpec()
				.processing, net.outputSpec().processing, 1, 1, image.image, false));
			assertEquals(ours.length, declared.length);
			for (int i = 0; i < ours.length; i++)
				assertEquals(ours[i], declared[i], 1e-5, "pixel " + i);
		}
	}

	@Test
	void exportedZipImportsAndPredictsIdentically(@TempDir final Path dir) throws IOException {
		final Path zip = dir.resolve("shared/tiny.zip");
		ModelExport.toZip(shared.resolve("model"), zip, Map.of("license", "MIT", "authors", List.of(Map
			.of("name", "Ada Lovelace"))), null, Device.cpu());
		try (ModelPackage pkg = ModelPackage.open(zip)) {
			assertEquals("MIT", pkg.rdf.raw.get("license"));
			pkg.verify();
		}
		final ModelImport.Report report = ModelImport.importTo(zip, dir.resolve("imported"), Device
			.cpu(), false, null);
		assertTrue(report.test.passed(), report.test.toString());
		final SyntheticImages image = SyntheticImages.discs(120, 90, 10, 7);
		final float[] original = probabilities(model, image), fromZip = probabilities(zip, image),
			imported = probabilities(dir.resolve("imported"), image);
		assertArrayEquals(original, fromZip);
		assertArrayEquals(original, imported);
	}

	@Test
	void foldersFromBeforePackagesLoadAndMigrate(@TempDir final Path dir) throws IOException {
		final Path legacy = dir.resolve("legacy");
		makeLegacy(model, legacy);
		final SyntheticImages image = SyntheticImages.discs(100, 100, 8, 3);
		final float[] expected = probabilities(model, image);
		assertArrayEquals(expected, probabilities(legacy, image), "an old folder still loads");
		assertTrue(ModelExport.isLegacy(legacy));
		ModelExport.migrate(legacy, org.pixelwise.SyntheticImages.discs(96, 96, 10, 1).floatImage(),
			Device.cpu());
		assertFalse(ModelExport.isLegacy(legacy));
		assertFalse(Files.exists(legacy.resolve("saved_model")), "weights now live in the zip");
		assertArrayEquals(expected, probabilities(legacy, image));
		try (ModelPackage pkg = ModelPackage.open(legacy)) {
			assertTrue(TestTensors.run(pkg, Device.cpu(), false, null, 1e-4).passed());
		}
	}

	@Test
	void wrongChecksumIsRefused(@TempDir final Path dir) throws IOException {
		final Path copy = dir.resolve("copy");
		ModelExport.copyTree(model, copy);
		final Path rdf = copy.resolve("rdf.yaml");
		final String weightsSum = Checksums.sha256(copy.resolve("tf_saved_model.zip"));
		Files.writeString(rdf, Files.readString(rdf).replace(weightsSum, weightsSum.replace(weightsSum
			.charAt(0), weightsSum.charAt(0) == 'a' ? 'b' : 'a')));
		final IOException e = assertThrows(IOException.class, () -> SegmentationModel.load(copy,
			Device.cpu()));
		assertTrue(e.getMessage().contains("tf_saved_model.zip") && e.getMessage().contains("SHA-256"),
			e.getMessage());
	}

	@Test
	void missingRequiredFieldsAreNamed(@TempDir final Path dir) throws IOException {
		final Path copy = dir.resolve("copy");
		ModelExport.copyTree(model, copy);
		Files.delete(copy.resolve("pixelwise.yaml"));
		final Path rdf = copy.resolve("rdf.yaml");
		final String text = Files.readString(rdf);
		Files.writeString(rdf, text.replaceFirst("(?m)^license: .*\\n", ""));
		IOException e = assertThrows(IOException.class, () -> ModelPackage.open(copy));
		assertTrue(e.getMessage().contains("'license'"), e.getMessage());
		Files.writeString(rdf, text.replaceFirst("(?m)^  test_tensor:", "  not_a_test_tensor:"));
		e = assertThrows(IOException.class, () -> ModelPackage.open(copy));
		assertTrue(e.getMessage().contains("'inputs[0].test_tensor'"), e.getMessage());
	}

	@Test
	void unsupportedWeightFormatsSayWhatIsSupported(@TempDir final Path dir) throws IOException {
		final Path copy = dir.resolve("copy");
		ModelExport.copyTree(model, copy);
		Files.delete(copy.resolve("pixelwise.yaml"));
		final Path rdf = copy.resolve("rdf.yaml");
		Files.writeString(rdf, Files.readString(rdf).replace("tensorflow_saved_model_bundle:",
			"pytorch_state_dict:"));
		final IOException e = assertThrows(IOException.class, () -> RestorationModel.load(copy,
			Device.cpu()));
		assertTrue(e.getMessage().contains("pytorch_state_dict") && e.getMessage().contains(
			"TensorFlow SavedModel"), e.getMessage());
	}

	@Test
	void truncatedZipIsRefused(@TempDir final Path dir) throws IOException {
		final Path zip = dir.resolve("tiny.zip");
		ModelExport.toZip(model, zip, Map.of(), null, Device.cpu());
		final byte[] bytes = Files.readAllBytes(zip);
		Files.write(zip, java.util.Arrays.copyOf(bytes, bytes.length / 2));
		final IOException e = assertThrows(IOException.class, () -> SegmentationModel.load(zip, Device
			.cpu()));
		assertTrue(e.getMessage().contains("not a complete zip file"), e.getMessage());
	}

	@Test
	void specificationExamplesAreReadOrRefusedClearly() throws IOException {
		Assumptions.assumeTrue(Files.isDirectory(EXAMPLES), "no bioimage.io examples in ../shared/data");
		int read = 0;
		try (java.util.stream.Stream<Path> files = Files.walk(EXAMPLES)) {
			for (final Path yaml : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".yaml") && !p
				.getFileName().toString().equals("environment.yaml"))::iterator)
			{
				final ModelRdf rdf;
				try (InputStream in = Files.newInputStream(yaml)) {
					rdf = RdfReader.parse(RdfReader.yaml(in, yaml.toString()), yaml.toString());
				}
				read++;
				assertFalse(rdf.inputs.isEmpty(), yaml.toString());
				if (!rdf.weights.containsKey(ModelRdf.TENSORFLOW)) {
					final IOException e = assertThrows(IOException.class, rdf::tensorflowWeights);
					assertTrue(e.getMessage().contains("TensorFlow SavedModel"), e.getMessage());
				}
			}
		}
		assertTrue(read >= 8, "read " + read + " examples");
	}

	@Test
	void shippedModelsAreValidPackagesThatReproduceTheirTests() throws IOException {
		int checked = 0;
		try (java.util.stream.Stream<Path> models = Files.list(Paths.get("models"))) {
			for (final Path folder : (Iterable<Path>) models.filter(Files::isDirectory)::iterator) {
				try (ModelPackage pkg = ModelPackage.open(folder)) {
					pkg.verify();
					assertNotNull(pkg.rdf.pixelwise, folder + " carries Pixelwise's description");
					final TestTensors.Result result = TestTensors.run(pkg, Device.cpu(), false, null, 1e-4);
					assertTrue(result.passed(), folder + ": " + result);
				}
				assertFalse(ModelFolder.hasTrainingState(folder), folder + " ships weights only");
				checked++;
			}
		}
		assertTrue(checked >= 4, "checked " + checked + " shipped models");
	}

	static float[] probabilities(final Path path, final SyntheticImages image) throws IOException {
		try (SegmentationModel m = SegmentationModel.load(path, Device.cpu())) {
			return values(new Segmenter(m, 64, 2, Double.NaN, s -> {}).segment(image.image,
				false).probabilities);
		}
	}

	static float[] values(final Img<FloatType> img) {
		final float[] out = new float[(int) img.size()];
		int i = 0;
		for (final FloatType t : net.imglib2.view.Views.flatIterable(img))
			out[i++] = t.get();
		return out;
	}

	/** Rebuilds the layout Pixelwise wrote before packages from a package. */
	static void makeLegacy(final Path pkg, final Path legacy) throws IOException {
		Files.createDirectories(legacy.resolve("training"));
		org.pixelwise.bioimage.SafeZip.extract(pkg.resolve("tf_saved_model.zip"), legacy.resolve(
			"saved_model"));
		Files.copy(pkg.resolve("pixelwise.yaml"), legacy.resolve("pixelwise.yaml"));
		try (java.util.stream.Stream<Path> state = Files.list(pkg)) {
			for (final Path f : (Iterable<Path>) state::iterator) {
				final String name = f.getFileName().toString();
				if (name.startsWith("training_state.")) Files.copy(f, legacy.resolve("training").resolve(
					"state" + name.substring("training_state".length())));
			}
		}
	}

	private static Map<?, ?> readYaml(final Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return RdfReader.yaml(in, file.toString());
		}
	}
}
