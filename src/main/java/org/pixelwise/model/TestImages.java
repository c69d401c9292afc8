package org.pixelwise.model;

import org.pixelwise.data.Grid;
import java.io.IOException;
import java.nio.file.Path;

import org.pixelwise.bioimage.Processing;
import org.pixelwise.data.FloatImage;
import org.pixelwise.device.Device;

/**
 * Test tensors of a package: a square crop of a real image, and what the model's declared
 * pipeline (preprocessing, one run of the network on the whole crop, postprocessing) makes of
 * it, which is what other bioimage.io tools compute when they test the package.
 */
final class TestImages {

	private TestImages() {}

	/** The centre {@code size} x {@code size} of {@code image}, mirrored where it is smaller. */
	static FloatImage fit(final FloatImage image, final int size, final int channels) {
		if (image.channels != channels) throw new IllegalArgumentException("the sample image has " +
			image.channels + " channels but the model takes " + channels);
		final float[] out = new float[size * size * channels];
		final int x0 = (image.width - size) / 2, y0 = (image.height - size) / 2;
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++)
				for (int c = 0; c < channels; c++)
					out[(y * size + x) * channels + c] = image.get(Grid.mirror(x0 + x, image.width), Grid.mirror(y0 + y,
						image.height), c);
		return new FloatImage(size, size, channels, out, image.maxValue);
	}

	/**
	 * The centre {@code size} x {@code size} x {@code planes} of a volume, mirrored where it is
	 * smaller (an image is taken as a volume of one plane).
	 */
	static FloatImage fitVolume(final FloatImage volume, final int size, final int planes,
		final int channels)
	{
		final int n = size * size * channels;
		final float[] out = new float[n * planes];
		final int z0 = (volume.depth - planes) / 2;
		for (int z = 0; z < planes; z++) {
			final FloatImage plane = fit(volume.plane(Grid.mirror(z0 + z, volume.depth)), size, channels);
			System.arraycopy(plane.pixels, 0, out, z * n, n);
		}
		return FloatImage.volume(size, size, planes, channels, out, volume.maxValue);
	}

	/** Runs the model in {@code folder} (with {@code saved_model/} unpacked) on {@code input}. */
	static float[] predict(final Path folder, final PackageFacts facts, final FloatImage input,
		final Device device) throws IOException
	{
		final int pixels = input.width * input.height * input.depth;
		final float[] planar = planar(input.pixels, pixels, input.channels);
		Processing.apply(facts.preprocessing, planar, pixels, input.channels);
		final int s = facts.scale;
		final float[] output = new float[pixels * s * s * facts.outputChannels];
		try (SavedModelSession session = SavedModelSession.load(folder, facts.outputId,
			device.withBfloat16(false))) {
			session.run(interleaved(planar, pixels, input.channels), input.depth > 1 ? new long[] { 1,
				input.depth, input.height, input.width, input.channels } : new long[] { 1, input.height,
					input.width, input.channels }, output, output.length);
		}
		final float[] result = planar(output, pixels * s * s, facts.outputChannels);
		Processing.apply(facts.postprocessing, result, pixels * s * s, facts.outputChannels);
		return interleaved(result, pixels * s * s, facts.outputChannels);
	}

	static float[] planar(final float[] interleaved, final int pixels, final int channels) {
		final float[] out = new float[interleaved.length];
		for (int i = 0; i < pixels; i++)
			for (int c = 0; c < channels; c++)
				out[c * pixels + i] = interleaved[i * channels + c];
		return out;
	}

	static float[] interleaved(final float[] planar, final int pixels, final int channels) {
		final float[] out = new float[planar.length];
		for (int i = 0; i < pixels; i++)
			for (int c = 0; c < channels; c++)
				out[i * channels + c] = planar[c * pixels + i];
		return out;
	}
}
