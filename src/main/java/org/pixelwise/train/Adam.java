package org.pixelwise.train;

import java.util.ArrayList;
import java.util.List;

import org.pixelwise.net.Parameters;
import org.pixelwise.net.Parameters.Role;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Adam (Kingma and Ba 2015) over a chosen set of variables, using TensorFlow's ApplyAdam op.
 * Unlike the framework's optimiser, the learning rate and the bias-correction powers are fed
 * at each step: that is what lets a schedule such as one-cycle drive it, lets a resumed run
 * continue exactly, and lets a graph train only some of its variables.
 */
public final class Adam {

	public static final float BETA1 = 0.9f;
	public static final float BETA2 = 0.999f;
	private static final float EPSILON = 1e-7f;

	public final Placeholder<TFloat32> learningRate;
	public final Placeholder<TFloat32> beta1Power;
	public final Placeholder<TFloat32> beta2Power;
	/** Applies one update to every variable. */
	public final List<Op> updates;

	/**
	 * Adds the update ops for the given variables and their gradients.
	 *
	 * @param variables the variables to train
	 * @param gradients their gradients, in the same order
	 */
	public Adam(final Ops tf, final Parameters parameters, final List<Parameters.Entry> variables,
		final Output<?>[] gradients)
	{
		learningRate = tf.withName("learning_rate").placeholder(TFloat32.class);
		beta1Power = tf.withName("beta1_power").placeholder(TFloat32.class);
		beta2Power = tf.withName("beta2_power").placeholder(TFloat32.class);
		updates = new ArrayList<>();
		for (int i = 0; i < variables.size(); i++) {
			final Parameters.Entry entry = variables.get(i);
			final Variable<TFloat32> m = parameters.variable(entry.name + "/adam_m", entry.shape,
				Role.OPTIMIZER, Parameters.constant(0f));
			final Variable<TFloat32> v = parameters.variable(entry.name + "/adam_v", entry.shape,
				Role.OPTIMIZER, Parameters.constant(0f));
			@SuppressWarnings("unchecked")
			final Operand<TFloat32> gradient = (Operand<TFloat32>) gradients[i];
			updates.add(tf.train.applyAdam(entry.variable, m, v, beta1Power, beta2Power, learningRate, tf
				.constant(BETA1), tf.constant(BETA2), tf.constant(EPSILON), gradient));
		}
	}

	/** beta1^t for step t (counting from 1), the bias correction ApplyAdam expects. */
	public static float beta1Power(final long step) {
		return (float) Math.pow(BETA1, step);
	}

	public static float beta2Power(final long step) {
		return (float) Math.pow(BETA2, step);
	}
}
