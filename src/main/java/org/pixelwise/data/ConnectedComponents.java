package org.pixelwise.data;

/**
 * Splits a yes/no mask into separate objects: pixels that touch along an edge (4-connectivity)
 * belong to the same object. This turns a semantic mask, or the interior class predicted with a
 * {@link BoundaryTarget}, into an instance image with one id per object.
 */
public final class ConnectedComponents {

    private ConnectedComponents() {
    }

    /**
     * Labels the objects of {@code mask} 1..N in the order their first pixel appears row by row;
     * pixels outside the mask get 0.
     */
    public static int[] label(final boolean[] mask, final int width, final int height) {
        if (mask.length != width * height) {
            throw new IllegalArgumentException("mask has " + mask.length + " values but a " + width + "x"
                    + height + " image needs " + (width * height));
        }
        final int[] labels = new int[mask.length];
        // Every pixel enters the stack at most once, because it is labelled when pushed.
        final int[] stack = new int[mask.length];
        int next = 0;
        for (int start = 0; start < mask.length; start++) {
            if (!mask[start] || labels[start] != 0) {
                continue;
            }
            next++;
            int size = 0;
            labels[start] = next;
            stack[size++] = start;
            while (size > 0) {
                final int i = stack[--size];
                final int x = i % width;
                final int y = i / width;
                if (x > 0) {
                    size = visit(mask, labels, stack, size, i - 1, next);
                }
                if (x < width - 1) {
                    size = visit(mask, labels, stack, size, i + 1, next);
                }
                if (y > 0) {
                    size = visit(mask, labels, stack, size, i - width, next);
                }
                if (y < height - 1) {
                    size = visit(mask, labels, stack, size, i + width, next);
                }
            }
        }
        return labels;
    }

    private static int visit(final boolean[] mask, final int[] labels, final int[] stack, final int size,
            final int i, final int id) {
        if (!mask[i] || labels[i] != 0) {
            return size;
        }
        labels[i] = id;
        stack[size] = i;
        return size + 1;
    }
}
