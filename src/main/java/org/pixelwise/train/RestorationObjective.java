package org.pixelwise.train;

import java.util.List;

import org.pixelwise.net.Parameters;
import org.pixelwise.net.RestorationConfig;
import org.pixelwise.net.RestorationNet;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** A restoration network (ESPCN, EDSR, U-Net) trained to turn degraded images into clean ones. */
public final class RestorationObjective implements Objective {

	public final RestorationConfig network;
	public final RestorationLoss loss;
	/** When set, replaces the pixel loss: features and Gram matrices of a frozen network. */
	public final FeatureLoss features;
	/**
	 * Noise2Void: the loss is the squared error at the masked pixels only (the batch weights),
	 * whatever {@link #loss} says.
	 */
	public final boolean blindSpot;

	public RestorationObjective(final RestorationConfig network, final RestorationLoss loss) {
		this(network, loss, null, false);
	}

	public RestorationObjective(final RestorationConfig network, final RestorationLoss loss,
		final FeatureLoss features)
	{
		this(network, loss, features, false);
	}

	/** Trained on noisy images alone: squared error at the blind spots. */
	public static RestorationObjective blindSpot(final RestorationConfig network,
		final RestorationLoss loss)
	{
		return new RestorationObjective(network, loss, null, true);
	}

	private RestorationObjective(final RestorationConfig network, final RestorationLoss loss,
		final FeatureLoss features, final boolean blindSpot)
	{
		this.blindSpot = blindSpot;
		this.network = network;
		this.loss = loss;
		this.features = features;
	}

	@Override
	public int inputChannels() {
		return network.channels;
	}

	@Override
	public int dimensions() {
		return network.dimensions;
	}

	@Override
	public int targetChannels() {
		return network.channels;
	}

	@Override
	public Operand<TFloat32> trainingOutput(final Ops tf, final Parameters parameters,
		final Operand<TFloat32> input, final Operand<TInt64> seed, final List<Op> updates)
	{
		return new RestorationNet(tf, parameters, network).build(input);
	}

	@Override
	public Operand<TFloat32> inferenceOutput(final Ops tf, final Parameters parameters,
		final Operand<TFloat32> input)
	{
		// Without batch norm or dropout the two passes are the same graph on shared weights.
		return new RestorationNet(tf, parameters, network).build(input);
	}

	@Override
	public Operand<TFloat32> loss(final Ops tf, final Operand<TFloat32> output,
		final Operand<TFloat32> target, final Operand<TFloat32> weights)
	{
		if (features != null) return features.build(tf, output, target).total;
		if (blindSpot) {
			// Channels are the last axis (3 in NHWC, 4 in NDHWC); weights have the others.
			final int channelAxis = network.dimensions + 1;
			final Operand<TFloat32> squared = tf.math.mean(tf.math.squaredDifference(output, target), tf
				.constant(channelAxis));
			final int[] axes = new int[channelAxis];
			for (int a = 0; a < channelAxis; a++)
				axes[a] = a;
			final Operand<org.tensorflow.types.TInt32> all = tf.constant(axes);
			return tf.math.div(tf.reduceSum(tf.math.mul(squared, weights), all), tf.math.maximum(tf
				.reduceSum(weights, all), tf.constant(1f)));
		}
		return loss.build(tf, output, target, network.channels);
	}

	@Override
	public Operand<TFloat32> prediction(final Ops tf, final Operand<TFloat32> output) {
		return output;
	}

	@Override
	public String predictionName() {
		return "restored";
	}
}
