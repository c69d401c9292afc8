package org.pixelwise.data;

/**
 * Turns an instance image (0 = background, a positive id per object, {@link Patch#IGNORE} where
 * unannotated) into the three-class target that lets a U-Net separate touching objects:
 * {@link #BACKGROUND}, {@link #INTERIOR} and {@link #BOUNDARY}. Objects are recovered after
 * prediction as the 4-connected regions of the interior class.
 *
 * <p>A boundary pixel is an object pixel with a 4-neighbour (left, right, up, down; in a volume
 * also above and below) of a different value: another object or background. With this rule, interior pixels of two different objects
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
		return fromInstances(instances, Grid.plane(width, height), thickness);
	}

	/** As above for an image or a volume, where the neighbours of a voxel are its 6 face neighbours. */
	public static int[] fromInstances(final int[] instances, final Grid grid, final int thickness) {
		grid.require(instances.length, "instance image");
		if (thickness < 1) {
			throw new IllegalArgumentException("boundary thickness " + thickness + " is too small; give 1 or more pixels");
		}
		final int[] target = new int[instances.length];
		final int[] neighbours = new int[6];
		for (int i = 0; i < instances.length; i++) {
			final int id = instances[i];
			if (id == Patch.IGNORE) {
				target[i] = Patch.IGNORE;
			} else if (id < 0) {
				throw new IllegalArgumentException("instance id " + id + " at (" + i % grid.width + ", "
						+ i / grid.width % grid.height + (grid.depth > 1 ? ", " + i / (grid.width * grid.height) : "")
						+ ") is not valid; use 0 for background, positive ids for objects and -1 for unannotated pixels");
			} else if (id == 0) {
				target[i] = BACKGROUND;
			} else {
				target[i] = INTERIOR;
				final int count = grid.neighbours(i, neighbours);
				for (int k = 0; k < count; k++)
					if (differs(id, instances[neighbours[k]])) target[i] = BOUNDARY;
			}
		}
		for (int step = 1; step < thickness; step++) {
			thicken(target, grid);
		}
		return target;
	}

	private static boolean differs(final int id, final int neighbour) {
		return neighbour != Patch.IGNORE && neighbour != id;
	}

	/** Marks as boundary every interior pixel that is a neighbour of a boundary pixel. */
	private static void thicken(final int[] target, final Grid grid) {
		final boolean[] grow = new boolean[target.length];
		final int[] neighbours = new int[6];
		for (int i = 0; i < target.length; i++) {
			if (target[i] != INTERIOR) continue;
			final int count = grid.neighbours(i, neighbours);
			for (int k = 0; k < count; k++)
				if (target[neighbours[k]] == BOUNDARY) grow[i] = true;
		}
		for (int i = 0; i < target.length; i++) {
			if (grow[i]) {
				target[i] = BOUNDARY;
			}
		}
	}
}
