package org.pixelwise.predict;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import org.pixelwise.data.Grid;
import org.pixelwise.data.VolumeSource;

/**
 * How much context a trained 3-D network really needs around the voxels it keeps, in x/y and
 * in z: {@link ContextProbe}'s measurement for volumes. The receptive field is a bound (64
 * pixels and 32 planes for the shipped 3-D U-Net), and a trained network's output hardly
 * depends on most of that shell, which tiles otherwise read at great cost: a 128 x 128 x 32
 * block read with the bound is 256 x 256 x 96, six times its voxels.
 *
 * <p>The probe predicts a window of the volume (and a noise window) with more than the bound of
 * context, then its centre with less and less context in x/y (z kept full), then less and less
 * in z (x/y at the margin found), and keeps the smallest margins whose centre output agrees
 * within the tolerance, widened to twice the network's own arithmetic noise. A margin is
 * measured once per network and remembered.
 */
public final class VolumeContextProbe {

	/** Margins measured per network (the one behind any stand-in), for as long as it lives. */
	private static final Map<TileNetwork, int[]> MEASURED = Collections.synchronizedMap(
		new WeakHashMap<>());

	private VolumeContextProbe() {}

	/** What the probe found: the margins to use, the bounds, and the largest difference. */
	public static final class Result {
		public final int margin, zMargin, bound, zBound;
		public final double difference;

		Result(final int margin, final int zMargin, final int bound, final int zBound,
			final double difference)
		{
			this.margin = margin;
			this.zMargin = zMargin;
			this.bound = bound;
			this.zBound = zBound;
			this.difference = difference;
		}

		@Override
		public String toString() {
			return String.format(java.util.Locale.ROOT, "3-D context margin %d px and %d planes " +
				"(receptive field %d px, %d planes; largest difference at these margins %.2g)", margin,
				zMargin, bound, zBound, difference);
		}
	}

	/**
	 * The margins {x/y, z} to read around kept blocks: measured once per network on windows of
	 * {@code voxels} ([z][y][x][c], normalised as the network takes them), remembered after.
	 */
	public static int[] margins(final TileNetwork net, final VolumeSource voxels,
		final double tolerance, final java.util.function.Consumer<String> messages)
	{
		final TileNetwork measured = net.measuredNetwork();
		int[] margins = MEASURED.get(measured);
		if (margins == null) {
			final Result result = measure(net, voxels, tolerance);
			messages.accept(result.toString());
			margins = new int[] { result.margin, result.zMargin };
			MEASURED.put(measured, margins);
		}
		return margins.clone();
	}

	/** Measures the margins on a window at the volume's centre and on a noise window. */
	static Result measure(final TileNetwork net, final VolumeSource voxels,
		final double tolerance)
	{
		final int m = net.sizeMultiple(), zm = net.zSizeMultiple();
		final int bound = TileGrid.roundUp(net.receptiveFieldRadius(), m);
		final int zBound = TileGrid.roundUp(net.zReceptiveFieldRadius(), zm);
		final Box full = new Box(bound + m, zBound + zm, TileGrid.roundUp(Math.max(16, 2 * m), m),
			TileGrid.roundUp(Math.max(4, 2 * zm), zm));
		final float[][] inputs = { window(net, voxels, full), null };
		inputs[1] = ContextProbe.noise(inputs[0]);
		final float[][] references = { run(net, inputs[0], full, full), run(net, inputs[1], full,
			full) };
		// What reading even more context changes: the network's own arithmetic noise.
		final double floor = worst(net, inputs, references, full, bound, zBound);
		final double allowed = Math.max(tolerance, 2 * floor);
		int margin = bound, zMargin = zBound;
		double found = floor;
		for (int trial = bound - m; trial >= 0; trial -= m) {
			final double worst = worst(net, inputs, references, full, trial, full.zMargin);
			if (worst > allowed) break;
			margin = trial;
			found = Math.max(floor, worst);
		}
		for (int trial = zBound - zm; trial >= 0; trial -= zm) {
			final double worst = worst(net, inputs, references, full, margin, trial);
			if (worst > allowed) break;
			zMargin = trial;
			found = Math.max(found, worst);
		}
		return new Result(margin, zMargin, bound, zBound, found);
	}

	/** A window: a kept centre of {@code kept} x {@code kept} x {@code keptZ} with margins. */
	private static final class Box {
		final int margin, zMargin, kept, keptZ;

		Box(final int margin, final int zMargin, final int kept, final int keptZ) {
			this.margin = margin;
			this.zMargin = zMargin;
			this.kept = kept;
			this.keptZ = keptZ;
		}

		int side() {
			return kept + 2 * margin;
		}

		int planes() {
			return keptZ + 2 * zMargin;
		}
	}

	private static double worst(final TileNetwork net, final float[][] inputs,
		final float[][] references, final Box full, final int margin, final int zMargin)
	{
		final Box trial = new Box(margin, zMargin, full.kept, full.keptZ);
		double worst = 0;
		for (int i = 0; i < inputs.length; i++) {
			final float[] reduced = run(net, inputs[i], full, trial);
			worst = Math.max(worst, difference(net, references[i], full, reduced, trial));
		}
		return worst;
	}

	/** The largest difference over the kept centre, relative to the output's scale. */
	private static double difference(final TileNetwork net, final float[] reference,
		final Box full, final float[] reduced, final Box trial)
	{
		final int channels = net.outputChannels();
		double scale = 1, worst = 0;
		for (int z = 0; z < full.keptZ; z++)
			for (int y = 0; y < full.kept; y++)
				for (int x = 0; x < full.kept; x++)
					for (int c = 0; c < channels; c++) {
						final float a = reference[index(full, x + full.margin, y + full.margin, z +
							full.zMargin) * channels + c];
						final float b = reduced[index(trial, x + trial.margin, y + trial.margin, z +
							trial.zMargin) * channels + c];
						scale = Math.max(scale, Math.abs(a));
						worst = Math.max(worst, Math.abs(a - b));
					}
		return worst / scale;
	}

	private static int index(final Box box, final int x, final int y, final int z) {
		return (z * box.side() + y) * box.side() + x;
	}

	/** Runs the centred box {@code trial} of a window cut as {@code full}. */
	private static float[] run(final TileNetwork net, final float[] window, final Box full,
		final Box trial)
	{
		final int in = net.inputChannels();
		final int dx = full.margin - trial.margin, dz = full.zMargin - trial.zMargin;
		final int side = trial.side(), planes = trial.planes();
		final float[] crop = new float[planes * side * side * in];
		for (int z = 0; z < planes; z++)
			for (int y = 0; y < side; y++)
				System.arraycopy(window, index(full, dx, y + dx, z + dz) * in, crop, (z * side + y) * side *
					in, side * in);
		final float[] output = new float[planes * side * side * net.outputChannels()];
		net.run(crop, 1, planes, side, side, output);
		return output;
	}

	/** The window around the volume's centre, aligned as tiles are, mirrored beyond the faces. */
	private static float[] window(final TileNetwork net, final VolumeSource voxels,
		final Box box)
	{
		final Grid grid = voxels.grid();
		final int m = net.sizeMultiple(), zm = net.zSizeMultiple();
		final int x0 = grid.width / 2 / m * m - box.margin, y0 = grid.height / 2 / m * m - box.margin;
		final int z0 = grid.depth / 2 / zm * zm - box.zMargin;
		return voxels.box(x0, y0, z0, box.side(), box.side(), box.planes());
	}
}
