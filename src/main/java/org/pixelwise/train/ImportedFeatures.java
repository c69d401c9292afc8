package org.pixelwise.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.pixelwise.bioimage.GraphSafety;
import org.pixelwise.device.Device;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.GraphOperationBuilder;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.types.TFloat32;

/**
 * A feature network the user brings (e.g. VGG16 exported from Keras) as a {@link FeatureLoss}
 * extractor: a TensorFlow SavedModel whose graph is plain ops, or a frozen GraphDef
 * ({@code .pb}). Its variables are frozen into constants and the part of its graph that the
 * named layers need is copied into the training graph node by node, with the image fed where
 * its input placeholder was, so gradients flow through it to the generator and no optimiser
 * can change it. Graphs built of function calls (TensorFlow 2 Keras SavedModels) are refused
 * with how to freeze them.
 */
public final class ImportedFeatures implements FeatureLoss.Extractor {

	private static final Set<String> VARIABLES = Set.of("VariableV2", "Variable", "VarHandleOp");
	private static final Set<String> CALLS = Set.of("PartitionedCall", "StatefulPartitionedCall",
		"If", "StatelessIf", "While", "StatelessWhile");

	private final Map<String, Object> facts = new LinkedHashMap<>();
	private final List<NodeDef> nodes;
	private final String input;
	private final Map<String, String> layers;
	private final int channels;
	private final float scale;
	private final float[] mean;

	private ImportedFeatures(final List<NodeDef> nodes, final String input,
		final Map<String, String> layers, final int channels, final float scale, final float[] mean)
	{
		this.nodes = nodes;
		this.input = input;
		this.layers = layers;
		this.channels = channels;
		this.scale = scale;
		this.mean = mean;
	}

	/**
	 * @param source a SavedModel folder or a frozen GraphDef file
	 * @param input the name of the graph's image placeholder (NHWC float)
	 * @param layers the tensors to compare, e.g. "block3_conv3/Relu" ("name" means "name:0")
	 * @param channels the channels the network takes (3 for ImageNet networks)
	 * @param scale multiplies images in [0, 1] first (255 for Keras VGG16)
	 * @param mean per-channel values subtracted after scaling (Keras VGG16: 103.939, 116.779,
	 *          123.68 in BGR order), or null
	 */
	public static ImportedFeatures load(final Path source, final String input,
		final List<String> layers, final int channels, final float scale, final float[] mean,
		final boolean allowRiskyOps) throws IOException
	{
		final GraphDef frozen = Files.isDirectory(source) ? freeze(source, allowRiskyOps) : readPb(
			source);
		final Map<String, NodeDef> byName = new HashMap<>();
		for (final NodeDef n : frozen.getNodeList())
			byName.put(n.getName(), n);
		if (!byName.containsKey(input)) throw new IllegalArgumentException("the feature network has " +
			"no input '" + input + "'; give the name of its image placeholder");
		final Map<String, String> outputs = new LinkedHashMap<>();
		for (final String layer : layers)
			outputs.put(layer, layer.contains(":") ? layer : layer + ":0");
		final ImportedFeatures features = new ImportedFeatures(needed(byName, input, outputs
			.values()), input, outputs, channels, scale, mean);
		features.facts.put("imported", source.toString());
		features.facts.put("input", input);
		features.facts.put("layers", layers);
		features.facts.put("scale", scale);
		features.facts.put("mean", mean == null ? null : java.util.Arrays.toString(mean));
		return features;
	}

	/** What the model's description records about this network. */
	public Map<String, Object> facts() {
		return facts;
	}

	/**
	 * fast.ai's loss on these layers: weights 20, 70, 10 for three layers (1 each otherwise) and,
	 * when {@code gramFactor} is negative, fast.ai's Gram factor 5000, chosen for VGG16.
	 */
	public FeatureLoss loss(final double gramFactor) {
		final List<String> names = new ArrayList<>(layers.keySet());
		final Map<String, Double> weights = names.size() == 3 ? FeatureLoss.defaultLayerWeights(names)
			: new LinkedHashMap<>();
		if (weights.isEmpty()) for (final String layer : names)
			weights.put(layer, 1.0);
		return new FeatureLoss(this, weights, 1, gramFactor < 0 ? FeatureLoss.DEFAULT_GRAM_FACTOR
			: gramFactor);
	}

	/** Loads a SavedModel and returns its graph with every variable read replaced by a constant. */
	private static GraphDef freeze(final Path folder, final boolean allowRiskyOps)
		throws IOException
	{
		GraphSafety.check(folder, allowRiskyOps);
		try (SavedModelBundle bundle = SavedModelBundle.loader(folder.toString()).withTags("serve")
			.withConfigProto(Device.cpu().sessionConfig()).load())
		{
			final GraphDef graph = bundle.graph().toGraphDef();
			final GraphDef.Builder frozen = GraphDef.newBuilder().setVersions(graph.getVersions());
			for (final NodeDef n : graph.getNodeList()) {
				final boolean read = VARIABLES.contains(n.getOp()) || n.getOp().equals("ReadVariableOp");
				if (!read || n.getOp().equals("VarHandleOp")) {
					if (!n.getOp().equals("VarHandleOp")) frozen.addNode(n);
					continue;
				}
				// A variable (TF1) or a read of one (TF2 resources) becomes a constant of its value.
				try (Result value = bundle.session().runner().fetch(n.getName()).run()) {
					frozen.addNode(constant(n.getName(), value.get(0)));
				}
			}
			return frozen.build();
		}
		catch (final RuntimeException e) {
			throw new IOException("the feature network in '" + folder + "' cannot be loaded (" + e
				.getMessage().split("\n")[0] + ")", e);
		}
	}

	private static NodeDef constant(final String name, final Tensor value) {
		if (!(value instanceof TFloat32)) throw new IllegalArgumentException("variable '" + name +
			"' is not float32; Pixelwise freezes float32 feature networks");
		final TFloat32 t = (TFloat32) value;
		final float[] values = new float[(int) t.shape().size()];
		t.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(values, false, false));
		final TensorProto.Builder proto = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
			.setTensorShape(org.tensorflow.proto.TensorShapeProto.newBuilder());
		for (final long d : t.shape().asArray())
			proto.getTensorShapeBuilder().addDim(org.tensorflow.proto.TensorShapeProto.Dim.newBuilder()
				.setSize(d));
		for (final float v : values)
			proto.addFloatVal(v);
		return NodeDef.newBuilder().setName(name).setOp("Const").putAttr("dtype", AttrValue
			.newBuilder().setType(DataType.DT_FLOAT).build()).putAttr("value", AttrValue.newBuilder()
				.setTensor(proto).build()).build();
	}

	private static GraphDef readPb(final Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return GraphDef.parseFrom(in);
		}
		catch (final com.google.protobuf.InvalidProtocolBufferException e) {
			throw new IOException("'" + file + "' is not a TensorFlow GraphDef (.pb)", e);
		}
	}

	/** The nodes the layers depend on, inputs before the nodes that use them. */
	private static List<NodeDef> needed(final Map<String, NodeDef> byName, final String input,
		final Iterable<String> layers)
	{
		final List<NodeDef> order = new ArrayList<>();
		final Set<String> done = new HashSet<>();
		final Deque<String[]> stack = new ArrayDeque<>();
		for (final String layer : layers) {
			final String name = layer.substring(0, layer.indexOf(':'));
			if (!byName.containsKey(name)) throw new IllegalArgumentException("the feature network " +
				"has no layer '" + name + "'; give tensor names of its graph, e.g. block3_conv3/Relu");
			stack.push(new String[] { name, "enter" });
		}
		while (!stack.isEmpty()) {
			final String[] item = stack.pop();
			final String name = item[0];
			if (done.contains(name)) continue;
			final NodeDef node = byName.get(name);
			if (item[1].equals("exit")) {
				done.add(name);
				order.add(node);
				continue;
			}
			if (CALLS.contains(node.getOp())) throw new IllegalArgumentException("the feature " +
				"network's layers depend on '" + name + "' (" + node.getOp() + "), a function call; " +
				"freeze the network into plain ops first (README: bringing your own feature network)");
			stack.push(new String[] { name, "exit" });
			if (name.equals(input)) continue;
			for (final String in : node.getInputList()) {
				final String source = in.startsWith("^") ? in.substring(1) : in.split(":")[0];
				if (!done.contains(source)) stack.push(new String[] { source, "enter" });
			}
		}
		return order;
	}

	/**
	 * Adds a node's inputs, grouping list arguments as the C API wants them: ops with an "N"
	 * attribute (ConcatV2, Pack, AddN...) take N values as one list, Concat after its axis.
	 */
	private static void addInputs(final GraphOperationBuilder op, final NodeDef n,
		final List<Output<?>> inputs)
	{
		if (!n.containsAttr("N")) {
			for (final Output<?> in : inputs)
				op.addInput(in);
			return;
		}
		final int count = (int) n.getAttrOrThrow("N").getI();
		final int first = n.getOp().equals("Concat") ? 1 : 0;
		for (int i = 0; i < first; i++)
			op.addInput(inputs.get(i));
		op.addInputList(inputs.subList(first, first + count).toArray(new Output<?>[0]));
		for (int i = first + count; i < inputs.size(); i++)
			op.addInput(inputs.get(i));
	}

	@Override
	public synchronized Map<String, Operand<TFloat32>> layers(final Ops tf,
		final Operand<TFloat32> nhwcImage)
	{
		// Each image gets its own copy of the network (prediction and target differ); constants
		// are cheap next to the activations.
		final Graph g = (Graph) tf.scope().env();
		Operand<TFloat32> image = nhwcImage;
		if (channels == 3 && image.shape().size(3) == 1) image = tf.concat(List.of(image, image, image),
			tf.constant(3));
		image = tf.math.mul(image, tf.constant(scale));
		if (mean != null) image = tf.math.sub(image, tf.constant(mean));
		final String prefix = tf.scope().makeOpName("imported_features");
		final Map<String, Output<?>> copied = new HashMap<>();
		for (final NodeDef n : nodes) {
			if (n.getName().equals(input)) {
				copied.put(n.getName(), image.asOutput());
				continue;
			}
			final GraphOperationBuilder op = g.opBuilder(n.getOp(), prefix + "/" + n.getName(), tf
				.scope());
			final List<Output<?>> inputs = new ArrayList<>();
			for (final String in : n.getInputList()) {
				if (in.startsWith("^")) continue;
				final String[] parts = in.split(":");
				final Output<?> source = copied.get(parts[0]);
				final int index = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
				inputs.add(index == 0 ? source : ((GraphOperation) source.op()).output(index));
			}
			addInputs(op, n, inputs);
			for (final Map.Entry<String, AttrValue> a : n.getAttrMap().entrySet())
				if (!a.getKey().startsWith("_")) op.setAttr(a.getKey(), a.getValue());
			copied.put(n.getName(), op.build().output(0));
		}
		final Map<String, Operand<TFloat32>> result = new LinkedHashMap<>();
		for (final Map.Entry<String, String> layer : layers.entrySet()) {
			final String[] parts = layer.getValue().split(":");
			final Output<?> first = copied.get(parts[0]);
			final Output<?> out = ((GraphOperation) first.op()).output(Integer.parseInt(parts[1]));
			result.put(layer.getKey(), out.expect(TFloat32.class));
		}
		return result;
	}
}
