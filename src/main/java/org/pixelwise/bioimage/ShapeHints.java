package org.pixelwise.bioimage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.pixelwise.device.RuntimeLibraries;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

/**
 * Removes the {@code _output_shapes} hints that TensorFlow 1 wrote on every node of a
 * SavedModel. They are only hints, but today's TensorFlow checks them against its own shape
 * inference and refuses graphs where an op changed since (the N2V Fiji plugin's models fail
 * on FusedBatchNormGrad). The cleaned copy goes to a scratch folder; the user's files are not
 * touched.
 */
final class ShapeHints {

	private static final String HINT = "_output_shapes";

	private ShapeHints() {}

	/** {@code savedModel} itself when it has no hints, else a cleaned copy in {@code scratch}. */
	static Path strip(final Path savedModel, final Path scratch) throws IOException {
		RuntimeLibraries.check(); // before the first protobuf class
		final SavedModel model;
		try (InputStream in = Files.newInputStream(savedModel.resolve("saved_model.pb"))) {
			model = SavedModel.parseFrom(in);
		}
		if (!hasHints(model)) return savedModel;
		final SavedModel.Builder clean = model.toBuilder();
		for (final MetaGraphDef.Builder meta : clean.getMetaGraphsBuilderList()) {
			final GraphDef.Builder graph = meta.getGraphDefBuilder();
			for (final NodeDef.Builder node : graph.getNodeBuilderList())
				node.removeAttr(HINT);
			for (final FunctionDef.Builder function : graph.getLibraryBuilder().getFunctionBuilderList())
				for (final NodeDef.Builder node : function.getNodeDefBuilderList())
					node.removeAttr(HINT);
		}
		final Path copy = Files.createDirectories(scratch.resolve("cleaned-" + System.nanoTime()));
		try (OutputStream out = Files.newOutputStream(copy.resolve("saved_model.pb"))) {
			clean.build().writeTo(out);
		}
		final Path variables = savedModel.resolve("variables");
		if (Files.isDirectory(variables)) {
			Files.createDirectories(copy.resolve("variables"));
			try (java.util.stream.Stream<Path> files = Files.list(variables)) {
				for (final Path f : (Iterable<Path>) files::iterator)
					Files.copy(f, copy.resolve("variables").resolve(f.getFileName()));
			}
		}
		final Path assets = savedModel.resolve("assets");
		if (Files.isDirectory(assets)) Files.createSymbolicLink(copy.resolve("assets"), assets
			.toAbsolutePath());
		return copy;
	}

	private static boolean hasHints(final SavedModel model) {
		for (final MetaGraphDef meta : model.getMetaGraphsList()) {
			for (final NodeDef node : meta.getGraphDef().getNodeList())
				if (node.containsAttr(HINT)) return true;
			for (final FunctionDef f : meta.getGraphDef().getLibrary().getFunctionList())
				for (final NodeDef node : f.getNodeDefList())
					if (node.containsAttr(HINT)) return true;
		}
		return false;
	}
}
