package org.pixelwise.model;

import org.pixelwise.files.AtomicFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.pixelwise.bioimage.ModelPackage;
import org.pixelwise.bioimage.PackagedNetwork;
import org.pixelwise.bioimage.TestTensors;
import org.pixelwise.device.Device;

/**
 * Brings a model from elsewhere into a folder Pixelwise's commands run from: the package
 * (folder or zip) is unpacked safely, its checksums verified, its graph inspected, its test
 * tensors run when it has them, and only then copied, atomically, to the destination.
 */
public final class ModelImport {

	/** What an import found. */
	public static final class Report {

		public final String name;
		public final Path folder;
		/** The test tensors' outcome, or null when the package has none. */
		public final TestTensors.Result test;
		public final String kind;

		Report(final String name, final Path folder, final TestTensors.Result test,
			final String kind)
		{
			this.name = name;
			this.folder = folder;
			this.test = test;
			this.kind = kind;
		}
	}

	private ModelImport() {}

	public static Report importTo(final Path source, final Path destination, final Device device,
		final boolean allowRiskyOps, final TestTensors.Reader otherFormats) throws IOException
	{
		if (Files.isDirectory(destination)) try (Stream<Path> content = Files.list(destination)) {
			if (content.findAny().isPresent()) throw new IOException("the destination '" +
				destination + "' is not empty; choose a new or empty folder for the imported model");
		}
		try (ModelPackage pkg = ModelPackage.open(source)) {
			pkg.rdf.tensorflowWeights();
			pkg.verify();
			TestTensors.Result test = null;
			final boolean hasTests = !pkg.rdf.inputs.isEmpty() && pkg.rdf.inputs.get(0)
				.testTensor != null && pkg.rdf.outputs.get(0).testTensor != null;
			if (hasTests) test = TestTensors.run(pkg, device, allowRiskyOps, otherFormats,
				tolerance(pkg.rdf.raw));
			else try (PackagedNetwork net = PackagedNetwork.load(pkg, device, allowRiskyOps)) {
				// Loading proves the weights run here; there is nothing to compare with.
			}
			final Path root = pkg.root;
			Files.deleteIfExists(destination);
			AtomicFolder.write(destination, tmp -> ModelExport.copyTree(root, tmp));
			return new Report(pkg.rdf.name, destination, test, kind(pkg));
		}
	}

	/** The package's declared absolute tolerance for its test tensors, or 1e-4. */
	public static double tolerance(final Map<?, ?> rdf) {
		final Object config = rdf.get("config");
		if (config instanceof Map) {
			final Object bioimageio = ((Map<?, ?>) config).get("bioimageio");
			if (bioimageio instanceof Map) {
				final Object list = ((Map<?, ?>) bioimageio).get("reproducibility_tolerance");
				if (list instanceof List && !((List<?>) list).isEmpty() && ((List<?>) list)
					.get(0) instanceof Map)
				{
					final Object absolute = ((Map<?, ?>) ((List<?>) list).get(0)).get("absolute_tolerance");
					if (absolute instanceof Number) return ((Number) absolute).doubleValue();
				}
			}
		}
		return 1e-4;
	}

	private static String kind(final ModelPackage pkg) {
		if (pkg.rdf.pixelwise != null) return String.valueOf(pkg.rdf.pixelwise.get("format"));
		return (pkg.rdf.formatVersion.endsWith("-csbdeep") ? "CSBDeep " : "bioimage.io ") + pkg.rdf
			.formatVersion;
	}
}
