package org.pixelwise.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Random;

import org.junit.jupiter.api.Test;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

class PlanesTest {

	/** Issue 16: the probabilities of a large stack are reordered for ImageJ without a copy. */
	@Test
	void reorderingInPlaceGivesWhatTheCopyGives() {
		final Grid grid = new Grid(7, 5, 4);
		final int channels = 3;
		final float[] voxels = new float[grid.size() * channels];
		final Random random = new Random(1);
		for (int i = 0; i < voxels.length; i++)
			voxels[i] = random.nextFloat();
		final float[] copied = values(Planes.byPlane(voxels, grid, channels));
		final Img<FloatType> inPlace = Planes.byPlaneInPlace(voxels, grid, channels);
		assertArrayEquals(copied, values(inPlace));
		assertSame(voxels, values(inPlace), "the image is stored in the prediction's own array");
	}

	@SuppressWarnings("unchecked")
	private static float[] values(final Img<FloatType> image) {
		return ((ArrayImg<FloatType, FloatArray>) image).update(null).getCurrentStorageArray();
	}
}
