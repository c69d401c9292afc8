package org.pixelwise.train;

import java.util.List;

import org.pixelwise.net.InferenceGraph;
import org.pixelwise.net.Parameters;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * What a network learns: how its output is built (in training and in inference mode), the
 * loss that compares the output with the target, and what users get from the output. The
 * training graph, the training loop and model export are the same for every objective;
 * segmentation and restoration differ only here and in their data.
 */
public interface Objective extends InferenceGraph {

	int targetChannels();

	/**
	 * The network's output in training mode.
	 *
	 * @param seed fed each step (int64[2]) for reproducible dropout and other randomness
	 * @param updates where to add ops that must run with every step, e.g. batch-norm averages
	 */
	Operand<TFloat32> trainingOutput(Ops tf, Parameters parameters, Operand<TFloat32> input,
		Operand<TInt64> seed, List<Op> updates);

	/**
	 * The loss of an output against its target.
	 *
	 * @param weights per-pixel weights of the target, [batch, h, w]; 0 where unannotated
	 */
	Operand<TFloat32> loss(Ops tf, Operand<TFloat32> output, Operand<TFloat32> target,
		Operand<TFloat32> weights);
}
