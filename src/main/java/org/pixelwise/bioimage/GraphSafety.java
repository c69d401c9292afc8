package org.pixelwise.bioimage;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TextFormat;

import org.pixelwise.device.RuntimeLibraries;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Inspects a downloaded TensorFlow SavedModel before it is loaded, and refuses one whose graph
 * can read or write files, reach the network or call Python (the list, with reasons, is
 * {@link RiskyOps}). It reads saved_model.pb as plain protobuf, because loading the model into
 * TensorFlow already runs its restore and initialisation ops. Deny-listed ops are refused
 * anywhere in the "serve" graph and its function library, even where nothing seems to run them.
 * Checkpoint ops are allowed in the saver, which TensorFlow runs on the package's own variables
 * file, but refused where the signatures or the start-up ops (main op, legacy init op, table
 * initialisers) reach them; checkpoint writes are also refused where the restore op reaches them.
 */
public final class GraphSafety {

	/** The command option that lets a trusted model with risky ops run. */
	public static final String ALLOW_OPTION = "allow_risky_ops";

	/** The meta graph Pixelwise loads; TensorFlow picks the one whose tag set is exactly this. */
	public static final String SERVE_TAG = "serve";

	/** Collections whose ops TensorFlow (C++ loader or TF Java) runs when the model starts. */
	private static final List<String> STARTUP_COLLECTIONS = List.of("saved_model_main_op",
		"legacy_init_op", "table_initializer");

	private static final int NODES_NAMED = 3;

	private GraphSafety() {}

	/** What {@link #inspect} found: the op types in the graph and the ops it refuses. */
	public static final class Report {

		private final SortedSet<String> opTypes;
		private final List<Refusal> refused;

		private Report(final SortedSet<String> opTypes, final List<Refusal> refused) {
			this.opTypes = Collections.unmodifiableSortedSet(opTypes);
			this.refused = Collections.unmodifiableList(refused);
		}

		/** Every op type in the graph and its functions, sorted; calls to functions are left out. */
		public SortedSet<String> opTypes() {
			return opTypes;
		}

		/** The refused op types, one entry per op type and reason, sorted by op type. */
		public List<Refusal> refused() {
			return refused;
		}

		public boolean isSafe() {
			return refused.isEmpty();
		}
	}

	/** One refused op type, the nodes that use it ("function/node" inside functions) and why. */
	public static final class Refusal {

		private final String opType;
		private final String reason;
		private final List<String> nodes = new ArrayList<>();

		private Refusal(final String opType, final String reason) {
			this.opType = opType;
			this.reason = reason;
		}

		public String opType() {
			return opType;
		}

		public String reason() {
			return reason;
		}

		public List<String> nodes() {
			return Collections.unmodifiableList(nodes);
		}

		/** For example "ReadFile (nodes 'a', 'b', 'c' and 2 more: reads a file)". */
		@Override
		public String toString() {
			final StringBuilder text = new StringBuilder(opType).append(nodes.size() == 1 ? " (node "
				: " (nodes ");
			for (int i = 0; i < Math.min(NODES_NAMED, nodes.size()); i++)
				text.append(i == 0 ? "" : ", ").append('\'').append(nodes.get(i)).append('\'');
			if (nodes.size() > NODES_NAMED) text.append(" and ").append(nodes.size() - NODES_NAMED)
				.append(" more");
			return text.append(": ").append(reason).append(')').toString();
		}
	}

	/** Reads {@code folder/saved_model.pb} (or .pbtxt, as TensorFlow does) and inspects it. */
	public static Report inspect(final Path folder) throws IOException {
		final MetaGraphDef meta = serveGraph(folder, read(folder));
		final Map<String, NodeDef> nodes = new HashMap<>();
		for (final NodeDef node : meta.getGraphDef().getNodeList())
			nodes.put(node.getName(), node);
		final Map<String, FunctionDef> library = new LinkedHashMap<>();
		for (final FunctionDef function : meta.getGraphDef().getLibrary().getFunctionList())
			library.put(function.getSignature().getName(), function);

		final Reach runs = new Reach(nodes, library, runRoots(meta));
		final Reach restores = new Reach(nodes, library, meta.hasSaverDef() ? List.of(meta
			.getSaverDef().getRestoreOpName()) : List.of());
		final SortedSet<String> opTypes = new TreeSet<>();
		final Map<String, Refusal> refused = new TreeMap<>();
		for (final NodeDef node : meta.getGraphDef().getNodeList())
			add(node, node.getName(), runs.nodes.contains(node.getName()), restores.nodes.contains(
				node.getName()), library, opTypes, refused);
		for (final FunctionDef function : library.values()) {
			final String name = function.getSignature().getName();
			for (final NodeDef node : function.getNodeDefList())
				add(node, name + "/" + node.getName(), runs.functions.contains(name), restores.functions
					.contains(name), library, opTypes, refused);
		}
		return new Report(opTypes, new ArrayList<>(refused.values()));
	}

	/**
	 * Inspects the model and throws an IOException naming the refused ops, unless there are none
	 * or {@code allowRisky} is set (the user trusts the model's author). Returns the report, so a
	 * caller can still mention what it allowed.
	 */
	public static Report check(final Path folder, final boolean allowRisky) throws IOException {
		final Report report = inspect(folder);
		if (report.isSafe() || allowRisky) return report;
		final StringBuilder ops = new StringBuilder();
		for (final Refusal refusal : report.refused())
			ops.append(ops.length() == 0 ? "" : ", ").append(refusal);
		throw new IOException("the graph of the model in '" + folder +
			"' uses operations that can read or write files, run programs or use the network: " + ops +
			". Pixelwise refuses to run it. If you trust the model's author, allow risky operations" +
			" (option '" + ALLOW_OPTION + "') and run it again.");
	}

	private static void add(final NodeDef node, final String name, final boolean runs,
		final boolean restores, final Map<String, FunctionDef> library, final Set<String> opTypes,
		final Map<String, Refusal> refused)
	{
		final String op = node.getOp();
		if (!library.containsKey(op)) opTypes.add(op);
		final String reason = reason(op, runs, restores);
		if (reason != null) refused.computeIfAbsent(op + "\n" + reason, k -> new Refusal(op, reason))
			.nodes.add(name);
	}

	private static String reason(final String op, final boolean runs, final boolean restores) {
		final String risky = RiskyOps.refused().get(op);
		if (risky != null) return risky;
		final boolean writes = RiskyOps.writesCheckpoint(op);
		if (runs && (writes || RiskyOps.readsCheckpoint(op))) return RiskyOps.checkpoint().get(op) +
			" while the model runs";
		// Restoring the weights never needs to write: a write here would overwrite files at load.
		if (restores && writes) return RiskyOps.checkpoint().get(op) + " while its weights load";
		return null;
	}

	/** The tensors and ops that predicting or starting the model runs. */
	private static List<String> runRoots(final MetaGraphDef meta) {
		final List<String> roots = new ArrayList<>();
		// Every signature, not only serving_default: __saved_model_init_op runs at load.
		for (final SignatureDef signature : meta.getSignatureDefMap().values())
			for (final TensorInfo output : signature.getOutputsMap().values())
				tensorNames(output, roots);
		for (final String key : STARTUP_COLLECTIONS) {
			final CollectionDef collection = meta.getCollectionDefMap().get(key);
			if (collection != null) roots.addAll(collection.getNodeList().getValueList());
		}
		return roots;
	}

	private static void tensorNames(final TensorInfo info, final List<String> names) {
		names.add(info.getName());
		names.add(info.getCooSparse().getValuesTensorName());
		names.add(info.getCooSparse().getIndicesTensorName());
		names.add(info.getCooSparse().getDenseShapeTensorName());
		for (final TensorInfo component : info.getCompositeTensor().getComponentsList())
			tensorNames(component, names);
	}

	/** The graph nodes and library functions that running some roots can execute. */
	private static final class Reach {

		final Set<String> nodes = new HashSet<>();
		final Set<String> functions = new HashSet<>();

		Reach(final Map<String, NodeDef> graph, final Map<String, FunctionDef> library,
			final Collection<String> roots)
		{
			final Deque<String> todo = new ArrayDeque<>();
			for (final String root : roots)
				todo.push(nodeName(root));
			while (!todo.isEmpty()) {
				final NodeDef node = graph.get(todo.pop());
				if (node == null || !nodes.add(node.getName())) continue;
				for (final String input : node.getInputList())
					todo.push(nodeName(input));
				call(node, library);
			}
		}

		/** A function runs whole, so every node of a reached function counts, and what it calls. */
		private void call(final NodeDef caller, final Map<String, FunctionDef> library) {
			final Deque<String> todo = new ArrayDeque<>(calls(caller));
			while (!todo.isEmpty()) {
				final FunctionDef function = library.get(todo.pop());
				if (function == null || !functions.add(function.getSignature().getName())) continue;
				for (final NodeDef node : function.getNodeDefList())
					todo.addAll(calls(node));
			}
		}

		/** Names that may be functions: the op type and func attrs ("f", "body", "then_branch"). */
		private static List<String> calls(final NodeDef node) {
			final List<String> names = new ArrayList<>();
			names.add(node.getOp());
			for (final AttrValue value : node.getAttrMap().values())
				functions(value, names);
			return names;
		}

		private static void functions(final AttrValue value, final List<String> names) {
			if (value.hasFunc()) functions(value.getFunc(), names);
			for (final NameAttrList function : value.getList().getFuncList())
				functions(function, names);
		}

		private static void functions(final NameAttrList function, final List<String> names) {
			names.add(function.getName());
			for (final AttrValue value : function.getAttrMap().values())
				functions(value, names);
		}

		/** "^name" (control input), "name:1" and "name" all mean node "name". */
		private static String nodeName(final String input) {
			final String name = input.startsWith("^") ? input.substring(1) : input;
			final int colon = name.indexOf(':');
			return colon < 0 ? name : name.substring(0, colon);
		}
	}

	private static SavedModel read(final Path folder) throws IOException {
		final Path binary = folder.resolve("saved_model.pb");
		final Path text = folder.resolve("saved_model.pbtxt");
		final Path file = Files.isRegularFile(binary) ? binary : text;
		if (!Files.isRegularFile(file)) throw new IOException("'" + folder +
			"' holds no saved_model.pb; give the folder of a TensorFlow SavedModel");
		RuntimeLibraries.check(); // before the first protobuf class
		final SavedModel model;
		try {
			if (file == binary) try (InputStream in = new BufferedInputStream(Files.newInputStream(
				file)))
			{
				model = SavedModel.parseFrom(in);
			}
			else try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
				final SavedModel.Builder builder = SavedModel.newBuilder();
				TextFormat.merge(in, builder);
				model = builder.build();
			}
		}
		catch (final InvalidProtocolBufferException | TextFormat.ParseException e) {
			throw damaged(file, e.getMessage().replaceAll("\\.$", ""));
		}
		// Random bytes can parse as a message of unknown fields: a real one has a meta graph.
		if (model.getMetaGraphsCount() == 0) throw damaged(file, "it holds no graph");
		return model;
	}

	private static IOException damaged(final Path file, final String why) {
		return new IOException("'" + file + "' is not a TensorFlow SavedModel or damaged (" + why +
			"); download the model again");
	}

	/** The meta graph TensorFlow loads for tag "serve": the first whose tag set is exactly that. */
	private static MetaGraphDef serveGraph(final Path folder, final SavedModel model)
		throws IOException
	{
		final List<Set<String>> tagSets = new ArrayList<>();
		for (final MetaGraphDef meta : model.getMetaGraphsList()) {
			final Set<String> tags = new TreeSet<>(meta.getMetaInfoDef().getTagsList());
			if (tags.equals(Set.of(SERVE_TAG))) return meta;
			tagSets.add(tags);
		}
		throw new IOException("the SavedModel in '" + folder + "' has no graph tagged only '" +
			SERVE_TAG + "' (its graphs are tagged " + tagSets +
			"); Pixelwise runs the serve graph, so export the model with the tag 'serve'");
	}
}
