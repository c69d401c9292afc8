package org.pixelwise.bench;

import java.util.Collections;
import java.util.List;

import org.pixelwise.device.Device;
import org.pixelwise.net.Parameters;
import org.pixelwise.train.Objective;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Megapixels per second of a network's inference pass on one whole batch: the same graph
 * that {@link org.pixelwise.model.InferenceExport} writes (evaluation mode, prediction
 * included), fed and fetched through Java arrays as a model's {@code run} does, but on seeded
 * random weights, which cost the same as trained ones. Megapixels are input pixels.
 */
final class Inference implements Measurement {

	private static final long SEED = 42;

	private final String name;
	private final Graph graph;
	private final Session session;
	private final Placeholder<TFloat32> input;
	private final Operand<TFloat32> prediction;
	private final Shape shape;
	private final boolean volume;
	private final float[] pixels, output;
	private final int warmup, repeats;
	private final String peerCommand;

	/**
	 * @param outputScale how many times larger the output is along X and Y
	 * @param peerCommand the peer's command for the same pass, or null
	 */
	Inference(final String name, final Objective objective, final int batch, final int size,
		final int outputScale, final int warmup, final int repeats, final String peerCommand)
	{
		this(name, objective, batch, size, outputScale, warmup, repeats, peerCommand, Device.cpu());
	}

	/** As above on {@code device}, e.g. the CPU computing in bfloat16. */
	Inference(final String name, final Objective objective, final int batch, final int size,
		final int outputScale, final int warmup, final int repeats, final String peerCommand,
		final Device device)
	{
		this(name, objective, batch, 1, size, outputScale, warmup, repeats, peerCommand, device);
	}

	/**
	 * As above for a 3-D network on volumes of {@code planes} planes (1 for images); the figure
	 * is then megavoxels per second.
	 */
	Inference(final String name, final Objective objective, final int batch, final int planes,
		final int size, final int outputScale, final int warmup, final int repeats,
		final String peerCommand, final Device device)
	{
		this.name = name;
		this.warmup = warmup;
		this.repeats = repeats;
		this.peerCommand = peerCommand;
		final int channels = objective.inputChannels();
		volume = objective.dimensions() == 3;
		shape = volume ? Shape.of(batch, planes, size, size, channels) : Shape.of(batch, size, size,
			channels);
		final SyntheticBlobs blobs = SyntheticBlobs.make(size, size, SEED);
		pixels = new float[batch * planes * size * size * channels];
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = blobs.normalised(i / channels % (size * size));
		output = new float[batch * planes * size * size * outputScale * outputScale * objective
			.targetChannels()];
		graph = new Graph();
		final Ops tf = Ops.create(graph);
		final Parameters parameters = new Parameters(tf);
		input = tf.withName("input").placeholder(TFloat32.class, Placeholder.shape(volume ? Shape.of(
			-1, -1, -1, -1, channels) : Shape.of(-1, -1, -1, channels)));
		prediction = objective.prediction(tf, objective.inferenceOutput(tf, parameters, input));
		session = new Session(graph, device.sessionConfig());
		parameters.initialize(session, SEED);
	}

	@Override
	public List<Figure> measure() {
		final double seconds = Timing.medianSeconds(this::run, warmup, repeats);
		return Collections.singletonList(new Figure(name, shape.size() / shape.get(shape.numDimensions() -
			1) / seconds / 1e6, volume ? "MVox/s" : "MPix/s"));
	}

	private void run() {
		try (TFloat32 in = TFloat32.tensorOf(shape, DataBuffers.of(pixels, true, false));
			Result result = session.runner().feed(input, in).fetch(prediction).run())
		{
			((TFloat32) result.get(0)).copyTo(DataBuffers.of(output, false, false));
		}
	}

	@Override
	public String peerCommand() {
		return peerCommand;
	}

	@Override
	public void close() {
		session.close();
		graph.close();
	}
}
