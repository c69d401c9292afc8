package org.pixelwise.data;

/**
 * Turns an instance image (0 = background, a positive id per object, {@link Patch#IGNORE} where
 * unannotated) into the three-class target that lets a U-Net separate touching objects:
 * {@link #BACKGROUND}, {@link #INTERIOR} and {@link #BOUNDARY}. Objects are recovered after
 * prediction as the 4-connected regions of the interior class.
 *
 * <p>A boundary pixel is an object pixel with a 4-neighbour (left, right, up, down) of a different
 * value: another object or background. With this rule, interior pixels of two different objects
 * are never 4-neighbours, so 4-connected labelling ({@link ConnectedComponents}) always keeps them
 * apart. Unannotated neighbours and the patch edge do not make a boundary, since we do not know
 * what lies there. A thicker boundary grows into the object, never into the background.
 */
public final class BoundaryTarget {

	public static final int BACKGROUND = 0;
	public static final int INTERIOR = 1;
	public static final int BOUNDARY = 2;
	/** Number of classes the network predicts for this target. */
	public static final int CLASS_COUNT = 3;

	private BoundaryTarget() {
	}

	/** The target with one-pixel boundaries. */
	public static int[] fromInstances(final int[] instances, final int width, final int height) {
		return fromInstances(instances, width, height, 1);
	}

	/**
	 * The target with boundaries {@code thickness} pixels wide: each step beyond the first also
	 * marks the object pixels that are 4-neighbours of the boundary so far.
	 */
	public static int[] fromInstances(final int[] instances, final int width, final int height,
			final int thickness) {
		if (instances.length != width * height) {
			throw new IllegalArgumentException("instance image has " + instances.length + " values but a "
					+ width + "x" + height + " image needs " + (width * height));
		}
		if (thickness < 1) {
			throw new IllegalArgumentException("boundary thickness " + thickness + " is too small; give 1 or more pixels");
		}
		final int[] target = new int[instances.length];
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				final int i = y * width + x;
				final int id = instances[i];
				if (id == Patch.IGNORE) {
					target[i] = Patch.IGNORE;
				} else if (id < 0) {
					throw new IllegalArgumentException("instance id " + id + " at (" + x + ", " + y
							+ ") is not valid; use 0 for background, positive ids for objects and -1 for unannotated pixels");
				} else if (id == 0) {
					target[i] = BACKGROUND;
				} else {
					target[i] = touchesOther(instances, width, height, x, y) ? BOUNDARY : INTERIOR;
				}
			}
		}
		for (int step = 1; step < thickness; step++) {
			thicken(target, width, height);
		}
		return target;
	}

	private static boolean touchesOther(final int[] instances, final int width, final int height,
			final int x, final int y) {
		final int id = instances[y * width + x];
		return (x > 0 && differs(id, instances[y * width + x - 1]))
				|| (x < width - 1 && differs(id, instances[y * width + x + 1]))
				|| (y > 0 && differs(id, instances[(y - 1) * width + x]))
				|| (y < height - 1 && differs(id, instances[(y + 1) * width + x]));
	}

	private static boolean differs(final int id, final int neighbour) {
		return neighbour != Patch.IGNORE && neighbour != id;
	}

	/** Marks as boundary every interior pixel that is a 4-neighbour of a boundary pixel. */
	private static void thicken(final int[] target, final int width, final int height) {
		final boolean[] grow = new boolean[target.length];
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				final int i = y * width + x;
				grow[i] = target[i] == INTERIOR
						&& ((x > 0 && target[i - 1] == BOUNDARY)
							|| (x < width - 1 && target[i + 1] == BOUNDARY)
							|| (y > 0 && target[i - width] == BOUNDARY)
							|| (y < height - 1 && target[i + width] == BOUNDARY));
			}
		}
		for (int i = 0; i < target.length; i++) {
			if (grow[i]) {
				target[i] = BOUNDARY;
			}
		}
	}
}
