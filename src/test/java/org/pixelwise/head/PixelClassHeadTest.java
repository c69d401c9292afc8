package org.pixelwise.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.pixelwise.data.LabelMode;

/** Labels asked for alone come out as with instances; the instances are then not searched. */
class PixelClassHeadTest {

	/** Background / interior / boundary probabilities: two squares apart, one class per pixel. */
	private static Img<FloatType> twoObjects() {
		final int w = 12, h = 6;
		final float[] p = new float[w * h * 3];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final boolean inside = y >= 1 && y <= 4 && (x >= 1 && x <= 4 || x >= 7 && x <= 10);
				final boolean edge = inside && (y == 1 || y == 4 || x == 1 || x == 4 || x == 7 ||
					x == 10);
				final int c = !inside ? 0 : edge ? 2 : 1;
				p[(c * h + y) * w + x] = 0.9f;
			}
		return ArrayImgs.floats(p, w, h, 3);
	}

	@Test
	void labelsWithoutInstancesEqualTheLabelsFoundWithThem() {
		final PixelClassHead head = new PixelClassHead(LabelMode.INSTANCES, 3, null);
		final Segmentation both = head.decode(twoObjects(), 0.5, true);
		final Segmentation labels = head.decode(twoObjects(), 0.5, false);
		int objects = 0;
		for (final net.imglib2.type.numeric.integer.IntType v : both.instances)
			objects = Math.max(objects, v.get());
		assertEquals(2, objects, "the two squares, boundaries grown back");
		assertNull(labels.instances);
		assertArrayEquals(bytes(both.labels), bytes(labels.labels));
		assertEquals(2, bytes(labels.labels)[13], "an edge pixel is boundary");
	}

	private static byte[] bytes(final Img<net.imglib2.type.numeric.integer.UnsignedByteType> img) {
		final byte[] values = new byte[(int) (img.dimension(0) * img.dimension(1))];
		int i = 0;
		for (final net.imglib2.type.numeric.integer.UnsignedByteType v : img)
			values[i++] = (byte) v.get();
		return values;
	}
}
