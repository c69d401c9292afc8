package org.pixelwise.net;

import java.util.Arrays;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.Conv3d;
import org.tensorflow.op.nn.Conv3dBackpropFilter;
import org.tensorflow.op.nn.Conv3dBackpropInput;
import org.tensorflow.types.TFloat32;

/**
 * The gradients of 3-D convolutions, which TensorFlow's C++ gradient registry (the one TF Java
 * uses) lacks: Conv3D, and Conv3DBackpropInputV2, the transposed 3-D convolution a 3-D U-Net
 * upsamples with. They are the same identities as for 2-D: a convolution's input gradient is
 * the transposed convolution of the output gradient, its filter gradient the correlation of
 * input and output gradient. Registered once per JVM, before the first 3-D graph asks for
 * gradients (TensorFlow cannot replace a registered gradient, so a second call does nothing).
 */
public final class VolumeGradients {

	private static boolean registered;

	private VolumeGradients() {}

	@SuppressWarnings("unchecked")
	public static synchronized void register() {
		if (registered) return;
		final boolean conv = TensorFlow.registerCustomGradient(Conv3d.Inputs.class, (tf, op,
			gradients) -> {
			final Operand<TFloat32> input = (Operand<TFloat32>) op.input;
			final Operand<TFloat32> filter = (Operand<TFloat32>) op.filter;
			final Operand<TFloat32> dy = (Operand<TFloat32>) gradients.get(0);
			final List<Long> strides = list(op.strides);
			final Operand<TFloat32> dInput = tf.nn.conv3dBackpropInput(tf.shape(input), filter, dy,
				strides, op.padding, Conv3dBackpropInput.dilations(list(op.dilations)));
			final Operand<TFloat32> dFilter = tf.nn.conv3dBackpropFilter(input, tf.shape(filter), dy,
				strides, op.padding, Conv3dBackpropFilter.dilations(list(op.dilations)));
			return Arrays.asList(dInput, dFilter);
		});
		final boolean transposed = TensorFlow.registerCustomGradient(Conv3dBackpropInput.Inputs.class,
			(tf, op, gradients) -> {
				// y = conv3d^T(x, w), so x's gradient is conv3d(dy, w) and w's is the filter
				// gradient of the convolution that maps y's shape to x's.
				final Operand<TFloat32> filter = (Operand<TFloat32>) op.filter;
				final Operand<TFloat32> x = (Operand<TFloat32>) op.outBackprop;
				final Operand<TFloat32> dy = (Operand<TFloat32>) gradients.get(0);
				final List<Long> strides = list(op.strides);
				final Operand<TFloat32> dX = tf.nn.conv3d(dy, filter, strides, op.padding, Conv3d
					.dilations(list(op.dilations)));
				final Operand<TFloat32> dFilter = tf.nn.conv3dBackpropFilter(dy, tf.shape(filter), x,
					strides, op.padding, Conv3dBackpropFilter.dilations(list(op.dilations)));
				return Arrays.asList(zeros(tf, op.inputSizes), dFilter, dX);
			});
		if (!conv || !transposed) throw new IllegalStateException(
			"could not register the gradients of 3-D convolutions with TensorFlow");
		registered = true;
	}

	private static Operand<?> zeros(final Ops tf, final Operand<?> input) {
		return tf.zerosLike(input);
	}

	private static List<Long> list(final long[] values) {
		final Long[] boxed = new Long[values.length];
		for (int i = 0; i < values.length; i++)
			boxed[i] = values[i];
		return Arrays.asList(boxed);
	}
}
