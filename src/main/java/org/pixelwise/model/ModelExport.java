package org.pixelwise.model;

import org.pixelwise.files.AtomicFolder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.pixelwise.bioimage.ModelPackage;
import org.pixelwise.bioimage.RdfReader;
import org.pixelwise.bioimage.SafeZip;
import org.pixelwise.data.FloatImage;
import org.pixelwise.device.Device;

/**
 * Sharing Pixelwise models: a package folder becomes a zip with the user's authors, licence and
 * citation in its description, and folders written before packages (pixelwise.yaml beside
 * saved_model/) are migrated into packages, which needs an image to make test tensors from.
 */
public final class ModelExport {

	private ModelExport() {}

	/** True when {@code folder} is a Pixelwise model from before packages. */
	public static boolean isLegacy(final Path folder) {
		return ModelFolder.isPixelwise(folder) && !Files.exists(folder.resolve(PackageWriter.RDF));
	}

	/** Rewrites a folder written before packages as a package, in place and atomically. */
	public static void migrate(final Path folder, final FloatImage sample, final Device device)
		throws IOException
	{
		AtomicFolder.write(folder, tmp -> migrateInto(folder, tmp, sample, device));
	}

	private static void migrateInto(final Path legacy, final Path tmp, final FloatImage sample,
		final Device device) throws IOException
	{
		final Map<String, Object> description = new LinkedHashMap<>();
		for (final Map.Entry<?, ?> e : ModelFolder.readMap(legacy).entrySet())
			description.put(String.valueOf(e.getKey()), e.getValue());
		copyTree(legacy.resolve(ModelFolder.SAVED_MODEL), tmp.resolve(ModelFolder.SAVED_MODEL));
		Files.copy(legacy.resolve(ModelFolder.DESCRIPTION), tmp.resolve(ModelFolder.DESCRIPTION));
		// Files a person put beside the model (its card, the training curve) come along.
		try (Stream<Path> files = Files.list(legacy)) {
			for (final Path f : (Iterable<Path>) files::iterator)
				if (Files.isRegularFile(f) && !f.getFileName().toString().equals(ModelFolder.DESCRIPTION) &&
					!f.getFileName().toString().startsWith(".")) Files.copy(f, tmp.resolve(f.getFileName()
						.toString()));
		}
		final Path training = legacy.resolve(ModelFolder.LEGACY_TRAINING);
		if (Files.isDirectory(training)) try (Stream<Path> files = Files.list(training)) {
			for (final Path f : (Iterable<Path>) files::iterator) {
				final String name = f.getFileName().toString();
				if (name.startsWith("state.")) Files.copy(f, tmp.resolve(ModelFolder.STATE_PREFIX + name
					.substring("state".length())));
				else if (name.equals("history.csv")) Files.copy(f, tmp.resolve(ModelFolder.HISTORY));
			}
		}
		PackageWriter.complete(tmp, description, sample, device);
	}

	/**
	 * Writes the package at {@code model} as a zip, atomically. {@code metadata} replaces rdf
	 * fields (authors, cite, license, name, description...); give an empty map to keep them.
	 * A model from before packages is migrated on the way, from {@code sample}.
	 */
	public static void toZip(final Path model, final Path zip, final Map<String, Object> metadata,
		final FloatImage sample, final Device device) throws IOException
	{
		final Path folder = ModelFolder.resolve(model);
		if (Files.isRegularFile(folder)) {
			try (ModelPackage pkg = ModelPackage.open(folder)) {
				toZip(pkg.root, zip, metadata, sample, device);
			}
			return;
		}
		if (isLegacy(folder) && sample == null) throw new IllegalArgumentException("the model '" +
			folder + "' was saved before Pixelwise wrote bioimage.io packages; give a test image " +
			"like those it was trained on, to make the package's test tensors and cover from");
		final Path work = Files.createTempDirectory("pixelwise-export-");
		try {
			final Path copy = work.resolve("package");
			if (isLegacy(folder)) {
				Files.createDirectories(copy);
				migrateInto(folder, copy, sample, device);
			}
			else copyTree(folder, copy);
			if (!metadata.isEmpty()) {
				final Map<String, Object> rdf = new LinkedHashMap<>();
				try (InputStream in = Files.newInputStream(copy.resolve(PackageWriter.RDF))) {
					for (final Map.Entry<?, ?> e : RdfReader.yaml(in, PackageWriter.RDF).entrySet())
						rdf.put(String.valueOf(e.getKey()), e.getValue());
				}
				rdf.putAll(metadata);
				if (metadata.containsKey("name")) rdf.put("name", PackageWriter.cleanName(String.valueOf(
					metadata.get("name"))));
				PackageWriter.writeRdf(copy, rdf);
			}
			// Check what is about to be shared the way a receiver will.
			try (ModelPackage check = ModelPackage.open(copy)) {
				check.verify();
			}
			Files.createDirectories(zip.toAbsolutePath().getParent());
			SafeZip.write(copy, zip);
		}
		finally {
			AtomicFolder.delete(work);
		}
	}

	/** Copies a folder's content, sub-folders included, into {@code to}. */
	public static void copyTree(final Path from, final Path to) throws IOException {
		try (Stream<Path> walk = Files.walk(from)) {
			for (final Path p : (Iterable<Path>) walk::iterator) {
				final Path target = to.resolve(from.relativize(p).toString());
				if (Files.isDirectory(p)) Files.createDirectories(target);
				else Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
			}
		}
	}
}
