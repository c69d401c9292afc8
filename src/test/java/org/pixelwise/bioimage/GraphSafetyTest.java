package org.pixelwise.bioimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.train.Restore;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;

/** Foreign SavedModels that touch files or the network are refused before TensorFlow loads them. */
class GraphSafetyTest {

	private static final Path N2V = Paths.get("/work/shared/data/models/n2v-tf1-savedmodel");

	/** Exports input * weight, passed through {@code extra}, as a "serving_default" SavedModel. */
	private static Path export(final Path dir, final BiFunction<Ops, Operand<TFloat32>,
		Operand<TFloat32>> extra) throws IOException
	{
		try (Graph graph = new Graph()) {
			final Ops tf = Ops.create(graph);
			final Placeholder<TFloat32> input = tf.withName("input").placeholder(TFloat32.class,
				Placeholder.shape(Shape.of(-1, 2)));
			final Operand<TFloat32> scaled = tf.math.mul(input, tf.withName("weight").variable(tf
				.constant(new float[] { 2, 3 })));
			final Operand<TFloat32> output = tf.withName("output").identity(extra.apply(tf, scaled));
			try (Session session = new Session(graph)) {
				SavedModelBundle.exporter(dir.toString()).withSession(session).withSignature(Signature
					.builder().key("serving_default").input("input", input).output("output", output)
					.build()).export();
			}
		}
		return dir;
	}

	private static Operand<TFloat32> readsCheckpoint(final Ops tf) {
		final Restore restore = tf.withName("sneaky").train.restore(tf.constant("/tmp/elsewhere"), tf
			.constant(StdArrays.ndCopyOf(new String[] { "w" })), tf.constant(StdArrays.ndCopyOf(
				new String[] { "" })), List.of(TFloat32.class));
		return tf.dtypes.cast(restore.tensors().get(0), TFloat32.class);
	}

	private static String refusal(final Path model) {
		return assertThrows(IOException.class, () -> GraphSafety.check(model, false)).getMessage();
	}

	@Test
	void cleanModelPassesAndItsSaverMayReadAndWriteCheckpoints(@TempDir final Path dir)
		throws IOException
	{
		final GraphSafety.Report report = GraphSafety.check(export(dir, (tf, x) -> x), false);
		assertTrue(report.isSafe(), report.refused().toString());
		assertTrue(report.opTypes().containsAll(Set.of("Placeholder", "VariableV2", "Mul", "SaveV2",
			"RestoreV2")), report.opTypes().toString());
	}

	@Test
	void signatureThatWritesAFileIsRefusedNamingWriteFile(@TempDir final Path dir)
		throws IOException
	{
		final String message = refusal(export(dir, (tf, x) -> tf.withControlDependencies(List.of(tf
			.withName("leak").io.writeFile(tf.constant("/tmp/stolen"), tf.constant("secret")))).identity(
				x)));
		assertTrue(message.contains("WriteFile (node 'leak': writes a file)"), message);
		assertTrue(message.contains("option '" + GraphSafety.ALLOW_OPTION + "'"), message);
	}

	@Test
	void readFileIsRefusedEvenWhereNothingRunsIt(@TempDir final Path dir) throws IOException {
		final Path model = export(dir, (tf, x) -> {
			tf.withName("unused").io.readFile(tf.constant("/etc/passwd"));
			return x;
		});
		assertTrue(refusal(model).contains("ReadFile (node 'unused': reads a file)"));
		final GraphSafety.Report allowed = GraphSafety.check(model, true);
		assertEquals("ReadFile", allowed.refused().get(0).opType());
	}

	@Test
	void allowingRiskyOpsLetsARefusedModelPass(@TempDir final Path dir) throws IOException {
		final Path model = export(dir, (tf, x) -> tf.withControlDependencies(List.of(tf.io.writeFile(tf
			.constant("/tmp/stolen"), tf.constant("secret")))).identity(x));
		final GraphSafety.Report report = GraphSafety.check(model, true);
		assertFalse(report.isSafe());
	}

	@Test
	void signatureThatReadsACheckpointIsRefusedButTheSaverIsNot(@TempDir final Path dir)
		throws IOException
	{
		final Path model = export(dir, (tf, x) -> tf.math.add(x, readsCheckpoint(tf)));
		final String message = refusal(model);
		assertTrue(message.contains(
			"RestoreV2 (node 'sneaky': reads a checkpoint file while the model runs)"), message);
		assertEquals(List.of("sneaky"), GraphSafety.inspect(model).refused().get(0).nodes());
	}

	@Test
	void checkpointReadInsideACalledFunctionIsRefused(@TempDir final Path dir) throws IOException {
		try (ConcreteFunction restoring = ConcreteFunction.create(tf -> {
			final Placeholder<TFloat32> x = tf.placeholder(TFloat32.class);
			return Signature.builder().key("restoring").input("x", x).output("y", tf.math.add(x,
				readsCheckpoint(tf))).build();
		})) {
			final Path model = export(dir, (tf, x) -> tf.dtypes.cast(tf.call(restoring, x),
				TFloat32.class));
			final GraphSafety.Refusal refused = GraphSafety.inspect(model).refused().get(0);
			assertEquals("RestoreV2", refused.opType());
			assertTrue(refused.nodes().get(0).endsWith("/sneaky"), refused.nodes().toString());
		}
	}

	@Test
	void riskyOpInAFunctionNothingCallsIsRefused(@TempDir final Path dir) throws IOException {
		try (ConcreteFunction reading = ConcreteFunction.create(tf -> {
			final Placeholder<TFloat32> x = tf.placeholder(TFloat32.class);
			final Operand<TFloat32> y = tf.withControlDependencies(List.of(tf.withName("peek").io
				.readFile(tf.constant("/etc/passwd")))).identity(x);
			return Signature.builder().key("reading").input("x", x).output("y", y).build();
		})) {
			final Path model = export(dir, (tf, x) -> {
				((Graph) tf.scope().env()).attachFunction(reading);
				return x;
			});
			assertTrue(refusal(model).contains("/peek': reads a file)"));
		}
	}

	/** A saver whose restore op also saves would overwrite files when the weights load. */
	@Test
	void checkpointWriteReachedFromTheRestoreOpIsRefused(@TempDir final Path dir)
		throws IOException
	{
		final NodeDef save = NodeDef.newBuilder().setName("save/overwrite").setOp("SaveV2").build();
		final NodeDef restore = NodeDef.newBuilder().setName("save/restore_all").setOp("NoOp")
			.addInput("^save/overwrite").build();
		final MetaGraphDef.Builder meta = MetaGraphDef.newBuilder().setSaverDef(SaverDef.newBuilder()
			.setRestoreOpName("save/restore_all"));
		meta.getMetaInfoDefBuilder().addTags("serve");
		meta.getGraphDefBuilder().addNode(save).addNode(restore);
		write(dir, meta);
		assertTrue(refusal(dir).contains(
			"SaveV2 (node 'save/overwrite': writes a checkpoint file while its weights load)"));
	}

	@Test
	void checkpointReadInTheLegacyInitOpIsRefused(@TempDir final Path dir) throws IOException {
		final MetaGraphDef.Builder meta = MetaGraphDef.newBuilder().putCollectionDef(
			"legacy_init_op", CollectionDef.newBuilder().setNodeList(CollectionDef.NodeList
				.newBuilder().addValue("init_all")).build());
		meta.getMetaInfoDefBuilder().addTags("serve");
		meta.getGraphDefBuilder().addNode(NodeDef.newBuilder().setName("load").setOp("RestoreV2"))
			.addNode(NodeDef.newBuilder().setName("init_all").setOp("NoOp").addInput("^load"));
		write(dir, meta);
		assertTrue(refusal(dir).contains("RestoreV2 (node 'load': reads a checkpoint file while"));
	}

	/** TF2 keeps its saver in functions that the main graph calls; none of them is refused. */
	@Test
	void tf2SaverFunctionsMayReadAndWriteCheckpoints(@TempDir final Path dir) throws IOException {
		final MetaGraphDef.Builder meta = MetaGraphDef.newBuilder().setSaverDef(SaverDef.newBuilder()
			.setFilenameTensorName("saver_filename:0").setSaveTensorName("StatefulPartitionedCall_1:0")
			.setRestoreOpName("StatefulPartitionedCall_2"));
		meta.getMetaInfoDefBuilder().addTags("serve");
		meta.putSignatureDef("serving_default", signature("StatefulPartitionedCall:0"));
		meta.putSignatureDef("__saved_model_init_op", signature("NoOp"));
		meta.getGraphDefBuilder().addNode(node("serving_default_x", "Placeholder")).addNode(call(
			"StatefulPartitionedCall", "__inference_signature_wrapper_7", "serving_default_x"))
			.addNode(node("saver_filename", "Placeholder")).addNode(call("StatefulPartitionedCall_1",
				"__inference__traced_save_9", "saver_filename")).addNode(call(
					"StatefulPartitionedCall_2", "__inference__traced_restore_11", "saver_filename"))
			.addNode(node("NoOp", "NoOp"));
		meta.getGraphDefBuilder().getLibraryBuilder().addFunction(function(
			"__inference_signature_wrapper_7", "Mul", "Identity")).addFunction(function(
				"__inference__traced_save_9", "StringJoin", "ShardedFilename", "SaveV2",
				"MergeV2Checkpoints")).addFunction(function("__inference__traced_restore_11",
					"RestoreV2", "AssignVariableOp"));
		write(dir, meta);
		final GraphSafety.Report report = GraphSafety.check(dir, false);
		assertTrue(report.opTypes().containsAll(Set.of("Mul", "SaveV2", "MergeV2Checkpoints",
			"RestoreV2", "StatefulPartitionedCall")), report.opTypes().toString());
		assertFalse(report.opTypes().contains("__inference_signature_wrapper_7"));
	}

	private static NodeDef node(final String name, final String op, final String... inputs) {
		return NodeDef.newBuilder().setName(name).setOp(op).addAllInput(List.of(inputs)).build();
	}

	private static NodeDef call(final String name, final String function, final String input) {
		return node(name, "StatefulPartitionedCall", input).toBuilder().putAttr("f", AttrValue
			.newBuilder().setFunc(NameAttrList.newBuilder().setName(function)).build()).build();
	}

	private static FunctionDef function(final String name, final String... ops) {
		final FunctionDef.Builder function = FunctionDef.newBuilder().setSignature(OpDef.newBuilder()
			.setName(name));
		for (final String op : ops)
			function.addNodeDef(node(op.toLowerCase(), op));
		return function.build();
	}

	private static SignatureDef signature(final String output) {
		return SignatureDef.newBuilder().putOutputs("output", TensorInfo.newBuilder().setName(output)
			.build()).build();
	}

	private static void write(final Path dir, final MetaGraphDef.Builder meta) throws IOException {
		Files.write(dir.resolve("saved_model.pb"), SavedModel.newBuilder().addMetaGraphs(meta).build()
			.toByteArray());
	}

	@Test
	void modelWithoutAServeGraphSaysSo(@TempDir final Path dir) throws IOException {
		final MetaGraphDef.Builder meta = MetaGraphDef.newBuilder();
		meta.getMetaInfoDefBuilder().addTags("serve").addTags("gpu");
		write(dir, meta);
		final String message = assertThrows(IOException.class, () -> GraphSafety.inspect(dir))
			.getMessage();
		assertTrue(message.contains("no graph tagged only 'serve'") && message.contains(
			"[gpu, serve]"), message);
	}

	@Test
	void damagedSavedModelGivesAClearMessage(@TempDir final Path dir) throws IOException {
		final byte[] noise = new byte[4096];
		new Random(42).nextBytes(noise);
		Files.write(dir.resolve("saved_model.pb"), noise);
		final String message = assertThrows(IOException.class, () -> GraphSafety.check(dir, true))
			.getMessage();
		assertTrue(message.contains("is not a TensorFlow SavedModel or damaged"), message);
	}

	@Test
	void everyListedOpIsRegisteredInThisTensorFlow() {
		final Set<String> registered = new HashSet<>();
		for (final OpDef op : TensorFlow.registeredOpList().getOpList())
			registered.add(op.getName());
		final Set<String> listed = new HashSet<>(RiskyOps.refused().keySet());
		listed.addAll(RiskyOps.checkpoint().keySet());
		listed.removeAll(registered);
		assertTrue(listed.isEmpty(), "not registered: " + listed);
	}

	@Test
	void realN2vModelPasses() throws IOException {
		Assumptions.assumeTrue(Files.isRegularFile(N2V.resolve("saved_model.pb")), N2V +
			" is absent");
		final GraphSafety.Report report = GraphSafety.check(N2V, false);
		System.out.println("N2V op types: " + report.opTypes());
		assertTrue(report.isSafe());
	}
}
