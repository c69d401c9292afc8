package org.pixelwise.train;

import java.util.List;

import org.pixelwise.data.LabelMode;
import org.pixelwise.head.Head;
import org.pixelwise.head.PixelClassHead;
import org.pixelwise.net.Parameters;
import org.pixelwise.net.UNet;
import org.pixelwise.net.UNetConfig;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A U-Net whose output a segmentation {@link Head} gives meaning: the head makes the loss and
 * the prediction a saved model outputs.
 */
public final class SegmentationObjective implements Objective {

	public final UNetConfig network;
	public final Head head;

	public SegmentationObjective(final UNetConfig network, final Head head) {
		if (head.outputChannels() != network.outputChannels) throw new IllegalArgumentException(
			"the " + head.key() + " head needs " + head.outputChannels() +
				" output channels but the network has " + network.outputChannels);
		this.network = network;
		this.head = head;
	}

	/** Class logits trained with {@code loss}. */
	public SegmentationObjective(final UNetConfig network, final Loss loss) {
		this(network, new PixelClassHead(network.outputChannels == 1 ? LabelMode.BINARY
			: LabelMode.CLASSES, network.outputChannels, loss));
	}

	@Override
	public int inputChannels() {
		return network.inputChannels;
	}

	@Override
	public int dimensions() {
		return network.dimensions;
	}

	@Override
	public int targetChannels() {
		return network.outputChannels;
	}

	@Override
	public Operand<TFloat32> trainingOutput(final Ops tf, final Parameters parameters,
		final Operand<TFloat32> input, final Operand<TInt64> seed, final List<Op> updates)
	{
		final UNet.TrainingPass pass = new UNet(tf, parameters, network).training(input, seed);
		updates.addAll(pass.updates);
		return pass.logits;
	}

	@Override
	public Operand<TFloat32> inferenceOutput(final Ops tf, final Parameters parameters,
		final Operand<TFloat32> input)
	{
		return new UNet(tf, parameters, network).inference(input);
	}

	@Override
	public Operand<TFloat32> loss(final Ops tf, final Operand<TFloat32> output,
		final Operand<TFloat32> target, final Operand<TFloat32> weights)
	{
		return head.loss(tf, output, target, weights);
	}

	@Override
	public Operand<TFloat32> prediction(final Ops tf, final Operand<TFloat32> output) {
		return head.prediction(tf, output);
	}

	@Override
	public String predictionName() {
		return "probabilities";
	}
}
