package org.pixelwise.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.pixelwise.device.Device;
import org.pixelwise.net.InferenceGraph;
import org.pixelwise.net.Parameters;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Writes a trained network as a TensorFlow SavedModel that holds only what inference needs:
 * the weights and batch-norm statistics, in an evaluation-mode graph with a "serving_default"
 * signature (input "input", NHWC float32; output named by the objective, "probabilities" for
 * segmentation). Optimiser state stays out, which keeps shipped models small, and any tool that
 * runs SavedModels can run the result.
 */
public final class InferenceExport {

	public static final String SIGNATURE = "serving_default";
	public static final String INPUT = "input";

	private InferenceExport() {}

	public static void export(final InferenceGraph objective, final Map<String, float[]> weights,
		final Path folder, final Device device) throws IOException
	{
		try (Graph graph = new Graph()) {
			final Ops tf = Ops.create(graph);
			final Parameters parameters = new Parameters(tf);
			final Placeholder<TFloat32> input = tf.withName(INPUT).placeholder(TFloat32.class,
				Placeholder.shape(objective.dimensions() == 3 ? Shape.of(-1, -1, -1, -1, objective
					.inputChannels()) : Shape.of(-1, -1, -1, objective.inputChannels())));
			final Operand<TFloat32> prediction = tf.withName(objective.predictionName()).identity(
				objective.prediction(tf, objective.inferenceOutput(tf, parameters, input)));
			try (Session session = new Session(graph, device.sessionConfig())) {
				parameters.load(session, weights);
				SavedModelBundle.exporter(folder.toString()).withSession(session).withSignature(Signature
					.builder().key(SIGNATURE).input(INPUT, input).output(objective.predictionName(),
						prediction).build())
					.export();
			}
		}
	}
}
