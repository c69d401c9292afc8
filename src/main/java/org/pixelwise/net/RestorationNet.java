package org.pixelwise.net;

import java.util.Arrays;
import java.util.List;

import org.pixelwise.net.Parameters.Role;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeBicubic;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Builds a restoration / super-resolution network in a TensorFlow graph: ESPCN, EDSR or a
 * U-Net restorer, each ending in an ICNR-initialised sub-pixel layer ({@link SubPixel}), and
 * optionally learning only the residual over a bicubic upsampling of the input, which makes
 * the easy part of the mapping free.
 */
public final class RestorationNet {

	private static final List<Long> UNIT_STRIDES = Arrays.asList(1L, 1L, 1L, 1L);
	/** EDSR's residual scaling, which keeps wide residual stacks stable without batch norm. */
	private static final float RESIDUAL_SCALE = 0.1f;

	private final Ops tf;
	private final Parameters parameters;
	private final RestorationConfig config;

	public RestorationNet(final Ops tf, final Parameters parameters, final RestorationConfig config) {
		this.tf = tf;
		this.parameters = parameters;
		this.config = config;
	}

	/** The restored image, NHWC, {@code scale} times the input's height and width. */
	public Operand<TFloat32> build(final Operand<TFloat32> input) {
		final Operand<TFloat32> restored;
		switch (config.architecture) {
			case ESPCN:
				restored = espcn(input);
				break;
			case EDSR:
				restored = edsr(input);
				break;
			default:
				restored = unet(input);
		}
		if (!config.residualOverBicubic) return restored;
		return tf.math.add(restored, upsampleBicubic(input));
	}

	private Operand<TFloat32> espcn(final Operand<TFloat32> input) {
		final int f = config.features;
		Operand<TFloat32> x = tf.math.tanh(conv("espcn/conv1", input, config.channels, f, 5));
		x = tf.math.tanh(conv("espcn/conv2", x, f, f / 2, 3));
		return SubPixel.upsample(tf, parameters, "espcn/subpixel", x, f / 2, config.channels,
			config.scale, residualGain());
	}

	private Operand<TFloat32> edsr(final Operand<TFloat32> input) {
		final int f = config.features;
		final Operand<TFloat32> head = conv("edsr/head", input, config.channels, f, 3);
		Operand<TFloat32> x = head;
		for (int b = 0; b < config.blocks; b++) {
			final Operand<TFloat32> inner = conv("edsr/block" + b + "/conv2", tf.nn.relu(conv("edsr/block" +
				b + "/conv1", x, f, f, 3)), f, f, 3);
			x = tf.math.add(x, tf.math.mul(inner, tf.constant(RESIDUAL_SCALE)));
		}
		x = tf.math.add(head, conv("edsr/body_end", x, f, f, 3));
		if (config.scale == 4) {
			x = SubPixel.upsample(tf, parameters, "edsr/up1", x, f, f, 2);
			x = SubPixel.upsample(tf, parameters, "edsr/up2", x, f, f, 2);
		}
		else if (config.scale > 1) x = SubPixel.upsample(tf, parameters, "edsr/up", x, f, f,
			config.scale);
		return conv("edsr/tail", x, f, config.channels, 3, residualGain());
	}

	private Operand<TFloat32> unet(final Operand<TFloat32> input) {
		final Operand<TFloat32> features = tf.nn.relu(new UNet(tf, parameters, config.body())
			.inference(input));
		if (config.dimensions == 3) return conv3d("unet/out", features, config.features,
			config.channels, residualGain());
		return SubPixel.upsample(tf, parameters, "unet/subpixel", features, config.features,
			config.channels, config.scale, residualGain());
	}

	/** A residual branch starts small, so the network starts out as its bicubic base. */
	private double residualGain() {
		return config.residualOverBicubic ? 0.01 : 1;
	}

	private Operand<TFloat32> upsampleBicubic(final Operand<TFloat32> input) {
		if (config.scale == 1) return input;
		final Operand<TInt32> size = tf.math.mul(tf.slice(tf.shape(input), tf.constant(new int[] { 1 }),
			tf.constant(new int[] { 2 })), tf.constant(config.scale));
		return tf.image.resizeBicubic(input, size, ResizeBicubic.halfPixelCenters(true));
	}

	/** A 3x3x3 convolution (NDHWC) whose He-normal initial kernel is scaled by {@code gain}. */
	private Operand<TFloat32> conv3d(final String name, final Operand<TFloat32> x, final int in,
		final int out, final double gain)
	{
		return tf.nn.biasAdd(tf.nn.conv3d(x, kernel(name, new long[] { 3, 3, 3, in, out }, gain), Arrays
			.asList(1L, 1L, 1L, 1L, 1L), "SAME"), bias(name, out));
	}

	private Operand<TFloat32> conv(final String name, final Operand<TFloat32> x, final int in,
		final int out, final int size)
	{
		return conv(name, x, in, out, size, 1);
	}

	/** A convolution whose He-normal initial kernel is scaled by {@code gain}. */
	private Operand<TFloat32> conv(final String name, final Operand<TFloat32> x, final int in,
		final int out, final int size, final double gain)
	{
		return tf.nn.biasAdd(tf.nn.conv2d(x, kernel(name, new long[] { size, size, in, out }, gain),
			UNIT_STRIDES, "SAME"), bias(name, out));
	}

	/** A kernel [taps..., in, out], He-normal for its fan-in and scaled by {@code gain}. */
	private Operand<TFloat32> kernel(final String name, final long[] shape, final double gain) {
		long fanIn = 1;
		for (int a = 0; a < shape.length - 1; a++)
			fanIn *= shape[a];
		final Parameters.Initializer he = Parameters.heNormal(fanIn);
		return parameters.variable(name + "/kernel", shape, Role.WEIGHT, (dims, random) -> {
			final float[] values = he.values(dims, random);
			for (int i = 0; i < values.length; i++)
				values[i] *= gain;
			return values;
		});
	}

	private Operand<TFloat32> bias(final String name, final int out) {
		return parameters.variable(name + "/bias", new long[] { out }, Role.WEIGHT, Parameters
			.constant(0f));
	}
}
