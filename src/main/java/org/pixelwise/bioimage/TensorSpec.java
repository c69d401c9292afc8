package org.pixelwise.bioimage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One input or output tensor of a model package, in a form that does not depend on which
 * format version described it: its axes as letters in tensor order (b batch, c channel, y, x,
 * z, t time, i index), the sizes the model accepts or produces per axis, the halo of outputs,
 * its pre- or postprocessing, and its test tensor.
 */
public final class TensorSpec {

	/** How one axis is sized. */
	public static final class Axis {

		public final char letter;
		/** Smallest size, or the fixed size when {@link #step} is 0; -1 when any size goes. */
		public final long min;
		public final long step;
		/** Outputs: the input tensor and axis whose size this one follows, else null / 0. */
		public final String referenceTensor;
		public final char referenceAxis;
		/** Outputs with a reference: size = reference size * factor + offset. */
		public final double factor, offset;
		/** Outputs: pixels at each border of this axis that border effects spoil. */
		public final int halo;

		private Axis(final char letter, final long min, final long step, final String referenceTensor,
			final char referenceAxis, final double factor, final double offset, final int halo)
		{
			this.letter = letter;
			this.min = min;
			this.step = step;
			this.referenceTensor = referenceTensor;
			this.referenceAxis = referenceAxis;
			this.factor = factor;
			this.offset = offset;
			this.halo = halo;
		}

		public static Axis sized(final char letter, final long min, final long step, final int halo) {
			return new Axis(letter, min, step, null, (char) 0, 0, 0, halo);
		}

		public static Axis following(final char letter, final String tensor, final char axis,
			final double factor, final double offset, final int halo)
		{
			return new Axis(letter, -1, 0, tensor, axis, factor, offset, halo);
		}

		public boolean isFixed() {
			return referenceTensor == null && step == 0 && min >= 0;
		}

		/** The smallest valid size not below {@code size}, for axes sized by min and step. */
		public long validSize(final long size) {
			if (referenceTensor != null || min < 0) return size;
			if (step == 0) return min;
			if (size <= min) return min;
			return min + (size - min + step - 1) / step * step;
		}

		@Override
		public String toString() {
			if (referenceTensor != null) return letter + "=" + referenceTensor + "." + referenceAxis +
				(factor == 1 ? "" : "*" + factor) + (offset == 0 ? "" : "+" + offset) + (halo > 0
					? " halo " + halo : "");
			return letter + (min < 0 ? "=any" : step == 0 ? "=" + min : ">=" + min + " step " + step) +
				(halo > 0 ? " halo " + halo : "");
		}
	}

	public final String id;
	public final String dataType;
	public final List<Axis> axes;
	public final List<ProcessingStep> processing;
	/** The test tensor's file in the package and its sha256 (either may be null). */
	public final String testTensor, testSha256;

	public TensorSpec(final String id, final String dataType, final List<Axis> axes,
		final List<ProcessingStep> processing, final String testTensor, final String testSha256)
	{
		this.id = id;
		this.dataType = dataType;
		this.axes = Collections.unmodifiableList(new ArrayList<>(axes));
		this.processing = Collections.unmodifiableList(new ArrayList<>(processing));
		this.testTensor = testTensor;
		this.testSha256 = testSha256;
	}

	/** The axis letters in tensor order, e.g. "byxc". */
	public String axisLetters() {
		final StringBuilder s = new StringBuilder();
		for (final Axis a : axes)
			s.append(a.letter);
		return s.toString();
	}

	/** The axis with this letter, or null. */
	public Axis axis(final char letter) {
		for (final Axis a : axes)
			if (a.letter == letter) return a;
		return null;
	}

	public int indexOf(final char letter) {
		return axisLetters().indexOf(letter);
	}

	@Override
	public String toString() {
		return id + " " + axes + " " + dataType;
	}
}
