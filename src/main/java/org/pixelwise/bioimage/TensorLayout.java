package org.pixelwise.bioimage;

import org.pixelwise.data.Grid;

/**
 * How an image or volume tile maps onto one of a model's tensors: which axis is which, how
 * many channels, the sizes the model accepts, and the reordering between Pixelwise's NHWC (or
 * NDHWC) tiles and the model's axis order. Axes other than batch, channel, z, y and x must have
 * size 1; a z axis of more than one plane makes the model a 3-D one.
 */
final class TensorLayout {

	final TensorSpec spec;
	final String letters;
	final int channels;
	/** Outputs: how many times larger than the input along y and x. */
	final int scale;

	private TensorLayout(final TensorSpec spec, final int channels, final int scale) {
		this.spec = spec;
		this.letters = spec.axisLetters();
		this.channels = channels;
		this.scale = scale;
	}

	static TensorLayout ofInput(final TensorSpec spec) throws UnsupportedModelException {
		checkAxes(spec, "input");
		if (spec.dataType != null && !spec.dataType.equals("float32")) throw new UnsupportedModelException(
			"the model's input '" + spec.id + "' is " + spec.dataType + "; Pixelwise feeds float32 " +
				"tensors only");
		final TensorSpec.Axis c = spec.axis('c');
		return new TensorLayout(spec, c == null ? 1 : (int) Math.max(1, c.min), 1);
	}

	static TensorLayout ofOutput(final TensorSpec spec, final TensorLayout input)
		throws UnsupportedModelException
	{
		checkAxes(spec, "output");
		if (spec.dataType != null && !spec.dataType.startsWith("float")) throw new UnsupportedModelException(
			"the model's output '" + spec.id + "' is " + spec.dataType +
				"; Pixelwise reads float32 and float64 outputs only");
		final int sy = scale(spec.axis('y'), input.spec.axis('y'), spec);
		final int sx = scale(spec.axis('x'), input.spec.axis('x'), spec);
		if (sy != sx) throw new UnsupportedModelException("the model's output '" + spec.id +
			"' is scaled " + sy + "x along y but " + sx + "x along x; Pixelwise needs equal scales");
		final TensorSpec.Axis c = spec.axis('c');
		final int channels;
		if (c == null) channels = 1;
		else if (c.referenceTensor != null) channels = (int) Math.round(input.channels * c.factor +
			c.offset);
		else channels = (int) Math.max(1, c.min);
		return new TensorLayout(spec, channels, sy);
	}

	private static void checkAxes(final TensorSpec spec, final String role)
		throws UnsupportedModelException
	{
		if (spec.axis('y') == null || spec.axis('x') == null) throw new UnsupportedModelException(
			"the model's " + role + " '" + spec.id + "' has axes " + spec.axisLetters() +
				"; Pixelwise runs models on 2-D images, which need y and x axes");
		for (final TensorSpec.Axis a : spec.axes)
			if ("bczyx".indexOf(a.letter) < 0 && !(a.min == 1 && a.step == 0)) throw new UnsupportedModelException(
				"the model's " + role + " '" + spec.id + "' has axis " + a.letter + " (" + a +
					"); Pixelwise runs 2-D and 3-D models, whose other axes have size 1");
	}

	/** An output axis's integer scale relative to the input axis it follows. */
	private static int scale(final TensorSpec.Axis out, final TensorSpec.Axis in,
		final TensorSpec spec) throws UnsupportedModelException
	{
		final double factor;
		if (out.referenceTensor != null) {
			if (out.offset != 0) throw new UnsupportedModelException("the model's output '" + spec.id +
				"' is " + out.offset + " pixels larger or smaller than its input along " + out.letter +
				"; Pixelwise runs models whose output is the input size times a whole number");
			factor = out.factor;
		}
		else if (in.isFixed() && out.isFixed()) factor = out.min / (double) in.min;
		else throw new UnsupportedModelException("the model's output '" + spec.id +
			"' does not state its size relative to the input along " + out.letter);
		if (factor < 1 || factor != Math.rint(factor)) throw new UnsupportedModelException(
			"the model's output '" + spec.id + "' is " + factor + " times the input along " +
				out.letter + "; Pixelwise runs models whose output is 1, 2, 3... times the input");
		return (int) factor;
	}

	int sizeMultiple() {
		final long y = Math.max(1, spec.axis('y').step), x = Math.max(1, spec.axis('x').step);
		long a = y, b = x;
		while (b != 0) {
			final long t = a % b;
			a = b;
			b = t;
		}
		return (int) (y / a * x);
	}

	/** A tile size the model accepts: a fixed-shape model's own size, else the request rounded. */
	int tileSize(final int requested) {
		final TensorSpec.Axis y = spec.axis('y'), x = spec.axis('x');
		if (y.isFixed() || x.isFixed()) return (int) Math.min(y.isFixed() ? y.min : Long.MAX_VALUE,
			x.isFixed() ? x.min : Long.MAX_VALUE);
		final int m = sizeMultiple();
		final long smallest = Math.max(Math.max(y.min, x.min), m);
		return (int) Math.max(smallest, (requested + m - 1) / m * m);
	}

	/** The most tiles per call: a fixed batch size, or any. */
	int batchLimit() {
		final TensorSpec.Axis b = spec.axis('b');
		if (b == null) return 1;
		return b.min > 0 && b.step == 0 ? (int) b.min : Integer.MAX_VALUE;
	}

	int halo() {
		return Math.max(spec.axis('y').halo, spec.axis('x').halo);
	}

	/** Whether the tensor has a z axis of more than one plane: a volume model's. */
	boolean isVolume() {
		final TensorSpec.Axis z = spec.axis('z');
		return z != null && !(z.min == 1 && z.step == 0);
	}

	int zSizeMultiple() {
		final TensorSpec.Axis z = spec.axis('z');
		return z == null ? 1 : (int) Math.max(1, z.step);
	}

	int zHalo() {
		final TensorSpec.Axis z = spec.axis('z');
		return z == null ? 0 : z.halo;
	}

	long[] shape(final int batch, final int height, final int width) {
		return shape(batch, 1, height, width);
	}

	long[] shape(final int batch, final int depth, final int height, final int width) {
		final long[] shape = new long[letters.length()];
		for (int i = 0; i < shape.length; i++)
			shape[i] = size(letters.charAt(i), batch, depth, height, width);
		return shape;
	}

	private long size(final char letter, final int batch, final int depth, final int height,
		final int width)
	{
		switch (letter) {
			case 'b': return batch;
			case 'z': return depth;
			case 'y': return height;
			case 'x': return width;
			case 'c': return channels;
			default: return 1;
		}
	}

	/**
	 * Tiles {@code first} to {@code first + n - 1} of an NHWC batch of height x width tiles,
	 * mirrored at the bottom and right up to h x w, in this tensor's axis order.
	 */
	float[] toModel(final float[] tiles, final int first, final int n, final int height,
		final int width, final int h, final int w)
	{
		return toModel(tiles, first, n, 1, height, width, 1, h, w);
	}

	/** As above for volume tiles of {@code depth} planes, mirrored up to d x h x w. */
	float[] toModel(final float[] tiles, final int first, final int n, final int depth,
		final int height, final int width, final int d, final int h, final int w)
	{
		final long[] strides = strides(shape(n, d, h, w));
		final int b = letters.indexOf('b'), c = letters.indexOf('c'), z = letters.indexOf('z');
		final int y = letters.indexOf('y'), x = letters.indexOf('x');
		final float[] out = new float[n * d * h * w * channels];
		for (int t = 0; t < n; t++)
			for (int zz = 0; zz < d; zz++) {
				final int sz = Grid.mirror(zz, depth);
				for (int yy = 0; yy < h; yy++) {
					final int sy = Grid.mirror(yy, height);
					for (int xx = 0; xx < w; xx++) {
						final int sx = Grid.mirror(xx, width);
						final int from = ((((first + t) * depth + sz) * height + sy) * width + sx) * channels;
						for (int ch = 0; ch < channels; ch++)
							out[(int) (at(strides, b, t) + at(strides, c, ch) + at(strides, z, zz) + at(strides,
								y, yy) + at(strides, x, xx))] = tiles[from + ch];
					}
				}
			}
		return out;
	}

	/** Copies a model output of the given shape into an NHWC batch, cropped to h x w. */
	void fromModel(final float[] values, final long[] shape, final float[] result, final int first,
		final int n, final int h, final int w)
	{
		fromModel(values, shape, result, first, n, 1, h, w);
	}

	/** As above for volumes, cropped to d x h x w. */
	void fromModel(final float[] values, final long[] shape, final float[] result, final int first,
		final int n, final int d, final int h, final int w)
	{
		final long[] strides = strides(shape);
		final int b = letters.indexOf('b'), c = letters.indexOf('c'), z = letters.indexOf('z');
		final int y = letters.indexOf('y'), x = letters.indexOf('x');
		for (int t = 0; t < n; t++)
			for (int zz = 0; zz < d; zz++)
				for (int yy = 0; yy < h; yy++)
					for (int xx = 0; xx < w; xx++) {
						final int to = ((((first + t) * d + zz) * h + yy) * w + xx) * channels;
						for (int ch = 0; ch < channels; ch++)
							result[to + ch] = values[(int) (at(strides, b, t) + at(strides, c, ch) + at(strides, z,
								zz) + at(strides, y, yy) + at(strides, x, xx))];
					}
	}

	private static long[] strides(final long[] shape) {
		final long[] strides = new long[shape.length];
		long s = 1;
		for (int i = shape.length - 1; i >= 0; i--) {
			strides[i] = s;
			s *= shape[i];
		}
		return strides;
	}

	private static long at(final long[] strides, final int axis, final int index) {
		return axis < 0 ? 0 : strides[axis] * index;
	}
}
