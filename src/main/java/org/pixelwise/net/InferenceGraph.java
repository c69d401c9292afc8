package org.pixelwise.net;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * How a trained network is built for inference: what a saved model holds. Training adds its
 * loss and training-mode output on top ({@code train.Objective}); model export and loading
 * need only this, so they do not depend on training.
 */
public interface InferenceGraph {

	int inputChannels();

	/** 2 for images (NHWC tensors), 3 for volumes (NDHWC). */
	default int dimensions() {
		return 2;
	}

	/** The network's output in inference mode. */
	Operand<TFloat32> inferenceOutput(Ops tf, Parameters parameters, Operand<TFloat32> input);

	/** What a user gets from an output: probabilities for segmentation, the image for restoration. */
	Operand<TFloat32> prediction(Ops tf, Operand<TFloat32> output);

	/** The prediction's name in an exported model's signature. */
	String predictionName();
}
