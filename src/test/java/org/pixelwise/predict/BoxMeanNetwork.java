package org.pixelwise.predict;

/**
 * A pure-Java stand-in for a U-Net that is honest about its geometry: each output is a box
 * mean of radius {@code radius} over the tile, with zeros beyond the tile edge as in a 'same'
 * convolution, plus a term that depends on the tile-local position modulo the size multiple,
 * as pooling does. Tiling with too little context, or off the size grid, therefore changes its
 * output.
 */
final class BoxMeanNetwork implements TileNetwork {

	private final int inputChannels;
	private final int outputChannels;
	private final int multiple;
	private final int radius;
	/** How many times {@link #run} was called. */
	int runs;

	BoxMeanNetwork(final int inputChannels, final int outputChannels, final int multiple,
		final int radius)
	{
		this.inputChannels = inputChannels;
		this.outputChannels = outputChannels;
		this.multiple = multiple;
		this.radius = radius;
	}

	@Override
	public int inputChannels() {
		return inputChannels;
	}

	@Override
	public int outputChannels() {
		return outputChannels;
	}

	@Override
	public int sizeMultiple() {
		return multiple;
	}

	@Override
	public int receptiveFieldRadius() {
		return radius;
	}

	@Override
	public void run(final float[] input, final int batch, final int height, final int width,
		final float[] output)
	{
		if (height % multiple != 0 || width % multiple != 0) throw new IllegalArgumentException(
			"tile " + width + "x" + height + " is off the size grid of " + multiple);
		runs++;
		final double area = (2 * radius + 1) * (2 * radius + 1);
		for (int b = 0; b < batch; b++)
			for (int y = 0; y < height; y++)
				for (int x = 0; x < width; x++)
					for (int o = 0; o < outputChannels; o++) {
						double sum = 0;
						for (int c = 0; c < inputChannels; c++)
							sum += channelWeight(c, o) * boxSum(input, b, height, width, x, y, c);
						output[((b * height + y) * width + x) * outputChannels + o] = (float) (sum / area +
							positionTerm(x, y) + o);
					}
	}

	/** How strongly output channel {@code o} listens to input channel {@code c}. */
	int channelWeight(final int c, final int o) {
		return c == o % inputChannels ? 2 : 1;
	}

	/** The part of the output that depends on position on the pooling grid. */
	double positionTerm(final int x, final int y) {
		return 0.1 * (x % multiple) + 0.01 * (y % multiple);
	}

	private double boxSum(final float[] input, final int b, final int height, final int width,
		final int x, final int y, final int c)
	{
		double sum = 0;
		for (int dy = -radius; dy <= radius; dy++)
			for (int dx = -radius; dx <= radius; dx++) {
				final int xx = x + dx;
				final int yy = y + dy;
				if (xx >= 0 && xx < width && yy >= 0 && yy < height) sum += input[((b * height + yy) *
					width + xx) * inputChannels + c];
			}
		return sum;
	}

	/**
	 * The image pixel a whole-image pass sees at {@code position} along an axis of
	 * {@code length}, or -1 for the network's zero padding: the image is rounded up to the size
	 * multiple with mirrored pixels (without repeating the border pixel), and nothing beyond that
	 * is read.
	 */
	static int wholeImagePixel(final int position, final int length, final int multiple) {
		final int padded = (length + multiple - 1) / multiple * multiple;
		if (position < 0 || position >= padded) return -1;
		if (length == 1) return 0;
		final int period = 2 * (length - 1);
		final int p = Math.floorMod(position, period);
		return p < length ? p : period - p;
	}
}
