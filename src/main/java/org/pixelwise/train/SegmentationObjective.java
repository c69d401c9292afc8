package org.pixelwise.train;

import java.util.List;

import org.pixelwise.net.Parameters;
import org.pixelwise.net.UNet;
import org.pixelwise.net.UNetConfig;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** A U-Net that outputs class logits, trained with a segmentation {@link Loss}. */
public final class SegmentationObjective implements Objective {

	public final UNetConfig network;
	public final Loss loss;

	public SegmentationObjective(final UNetConfig network, final Loss loss) {
		this.network = network;
		this.loss = loss;
	}

	@Override
	public int inputChannels() {
		return network.inputChannels;
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
		return loss.build(tf, output, target, weights, network.outputChannels);
	}

	@Override
	public Operand<TFloat32> prediction(final Ops tf, final Operand<TFloat32> output) {
		return UNet.probabilities(tf, output, network.outputChannels);
	}

	@Override
	public String predictionName() {
		return "probabilities";
	}
}
