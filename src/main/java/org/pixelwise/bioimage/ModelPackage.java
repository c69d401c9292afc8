package org.pixelwise.bioimage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.pixelwise.files.AtomicFolder;

/**
 * A model package opened for reading: a folder, or a {@code .zip} unpacked safely into a
 * temporary folder that {@link #close} deletes. Opening reads and checks the description;
 * {@link #verify} checks every file's SHA-256; {@link #unpackSavedModel} unpacks the TensorFlow
 * weights, refusing graphs that could touch files, programs or the network.
 */
public final class ModelPackage implements AutoCloseable {

	/** Description file names, most specific first. */
	public static final List<String> DESCRIPTIONS = List.of("rdf.yaml", "bioimageio.yaml",
		"model.yaml");

	public final Path source;
	public final Path root;
	public final Path descriptionFile;
	public final ModelRdf rdf;
	/** Where this package unpacked zips, deleted on close; null when nothing was unpacked. */
	private Path scratch;

	private ModelPackage(final Path source, final Path root, final Path descriptionFile,
		final ModelRdf rdf, final Path scratch)
	{
		this.source = source;
		this.root = root;
		this.descriptionFile = descriptionFile;
		this.rdf = rdf;
		this.scratch = scratch;
	}

	/** True when {@code path} is a folder or zip that holds a model description. */
	public static boolean isPackage(final Path path) {
		if (Files.isRegularFile(path)) return path.toString().toLowerCase().endsWith(".zip") ||
			isDescription(path);
		return Files.isDirectory(path) && find(path) != null;
	}

	public static ModelPackage open(final Path path) throws IOException {
		return open(path, ZipLimits.defaults());
	}

	public static ModelPackage open(final Path path, final ZipLimits limits)
		throws IOException
	{
		if (!Files.exists(path)) throw new IOException("the model '" + path +
			"' does not exist; give a model folder, a .zip package or its rdf.yaml");
		Path scratch = null;
		Path root = Files.isDirectory(path) ? path : path.getParent();
		try {
			if (Files.isRegularFile(path) && path.toString().toLowerCase().endsWith(".zip")) {
				scratch = Files.createTempDirectory("pixelwise-model-");
				root = scratch.resolve("package");
				SafeZip.extract(path, root, limits);
			}
			Path description = Files.isRegularFile(path) && isDescription(path) ? path : find(root);
			if (description == null) {
				// Some zips wrap the package in one folder.
				final Path inner = onlySubfolder(root);
				description = inner == null ? null : find(inner);
				if (description != null) root = inner;
			}
			if (description == null) throw new InvalidModelException("'" + path +
				"' is not a model package: it has no rdf.yaml, bioimageio.yaml or model.yaml");
			final ModelRdf rdf;
			try (InputStream in = Files.newInputStream(description)) {
				rdf = RdfReader.parse(RdfReader.yaml(in, description.getFileName().toString()),
					description.getFileName().toString());
			}
			return new ModelPackage(path, root, description, rdf, scratch);
		}
		catch (final IOException | RuntimeException e) {
			if (scratch != null) AtomicFolder.delete(scratch);
			throw e;
		}
	}

	/** Checks that every file the description names is present and has its stated SHA-256. */
	public void verify() throws IOException {
		for (final String file : rdf.files())
			if (!Files.isRegularFile(file(file))) throw new InvalidModelException("the model '" +
				rdf.name + "' lacks the file '" + file + "' that its description names; the package is " +
				"incomplete: download it again");
		for (final ModelRdf.Weights w : rdf.weights.values())
			if (w.sha256 != null && !ModelRdf.isUrl(w.source)) Checksums.verify(file(w.source), w.sha256,
				"weights");
		for (final List<TensorSpec> tensors : List.of(rdf.inputs, rdf.outputs))
			for (final TensorSpec t : tensors)
				if (t.testTensor != null && t.testSha256 != null) Checksums.verify(file(t.testTensor),
					t.testSha256, "test tensor");
	}

	/** A file of the package, refusing names that point outside it. */
	public Path file(final String name) throws InvalidModelException {
		final Path resolved = root.resolve(name).normalize();
		if (!resolved.startsWith(root.normalize())) throw new InvalidModelException(
			"the model description names the file '" + name + "', which lies outside the package; " +
				"the package is refused as unsafe");
		return resolved;
	}

	/**
	 * The folder holding the TensorFlow SavedModel, unpacked from its zip when needed, after
	 * checking its SHA-256 and that its graph uses no risky operations (unless allowed).
	 */
	public Path unpackSavedModel(final boolean allowRiskyOps) throws IOException {
		final ModelRdf.Weights weights = rdf.tensorflowWeights();
		Path folder;
		if (weights.source.equals(".")) folder = root;
		else {
			if (ModelRdf.isUrl(weights.source)) throw new UnsupportedModelException("the model's " +
				"weights are at " + weights.source + ", not in the package; Pixelwise does not download " +
				"files: download the weights into the package folder and point the description at them");
			final Path zip = file(weights.source);
			if (!Files.isRegularFile(zip)) throw new InvalidModelException("the model '" + rdf.name +
				"' lacks its weights file '" + weights.source + "'; the package is incomplete");
			Checksums.verify(zip, weights.sha256, "weights");
			if (scratch == null) scratch = Files.createTempDirectory("pixelwise-model-");
			folder = scratch.resolve("weights-" + System.nanoTime());
			SafeZip.extract(zip, folder, ZipLimits.defaults());
			if (!Files.isRegularFile(folder.resolve("saved_model.pb"))) {
				final Path inner = onlySubfolder(folder);
				if (inner != null && Files.isRegularFile(inner.resolve("saved_model.pb"))) folder = inner;
			}
		}
		if (!Files.isRegularFile(folder.resolve("saved_model.pb"))) throw new InvalidModelException(
			"the weights of '" + rdf.name + "' hold no saved_model.pb; they are not a TensorFlow " +
				"SavedModel");
		GraphSafety.check(folder, allowRiskyOps);
		if (scratch == null) scratch = Files.createTempDirectory("pixelwise-model-");
		return ShapeHints.strip(folder, scratch);
	}

	@Override
	public void close() {
		if (scratch == null) return;
		try {
			AtomicFolder.delete(scratch);
		}
		catch (final IOException e) {
			// A leftover temporary folder is harmless; the system's temp cleaning removes it.
		}
		scratch = null;
	}

	static boolean isDescription(final Path file) {
		final String name = file.getFileName().toString();
		return DESCRIPTIONS.contains(name) || name.endsWith(".bioimageio.yaml");
	}

	static Path find(final Path folder) {
		for (final String name : DESCRIPTIONS)
			if (Files.isRegularFile(folder.resolve(name))) return folder.resolve(name);
		try (DirectoryStream<Path> yamls = Files.newDirectoryStream(folder, "*.bioimageio.yaml")) {
			final List<Path> found = new ArrayList<>();
			yamls.forEach(found::add);
			return found.size() == 1 ? found.get(0) : null;
		}
		catch (final IOException e) {
			return null;
		}
	}

	private static Path onlySubfolder(final Path folder) throws IOException {
		final List<Path> children = new ArrayList<>();
		try (DirectoryStream<Path> list = Files.newDirectoryStream(folder)) {
			list.forEach(children::add);
		}
		return children.size() == 1 && Files.isDirectory(children.get(0)) ? children.get(0) : null;
	}
}
