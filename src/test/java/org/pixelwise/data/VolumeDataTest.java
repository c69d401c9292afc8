package org.pixelwise.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.integer.IntType;

import org.junit.jupiter.api.Test;

/**
 * The volume side of the one data path: instance stacks become 3-D boundary targets (6
 * neighbours), an ignore value leaves voxels out of the loss, patches keep their planes
 * together through augmentation, and face-connected components separate objects in z.
 */
class VolumeDataTest {

	@Test
	@SuppressWarnings("unchecked")
	void ignoredVoxelsWeighNothingAndBoundariesSeeZ() {
		final AnnotatedImage stack = SyntheticNuclei.volume("s", 48, 48, 16, 2, 11);
		final int[] ids = ((ArrayImg<IntType, IntArray>) stack.labels).update(null)
			.getCurrentStorageArray();
		// The first plane is unannotated.
		for (int i = 0; i < 48 * 48; i++)
			ids[i] = 255;
		final TrainingSet set = TrainingSet.prepare(List.of(stack), LabelSettings.of(
			LabelMode.INSTANCES).withIgnoreValue(255), 1, 99.8);
		final TrainingImage image = set.images.get(0);
		assertEquals(16, image.depth);
		for (int i = 0; i < 48 * 48; i++)
			assertEquals(Patch.IGNORE, image.classes[i]);
		// A voxel whose neighbour above belongs to another object is boundary in 3-D.
		final Grid grid = image.grid();
		int zBoundaries = 0;
		for (int i = 2 * 48 * 48; i < grid.size() - 48 * 48; i++) {
			final int id = ids[i], above = ids[i + 48 * 48];
			if (id > 0 && above != id && above != 255) {
				assertEquals(BoundaryTarget.BOUNDARY, image.classes[i], "voxel " + i);
				zBoundaries++;
			}
		}
		assertTrue(zBoundaries > 10, "z boundaries " + zBoundaries);
		final Batch batch = Batch.volumes(1, 4, 32, 32, 1, 3);
		batch.put(0, image.crop(0, 0, 0, 32, 4), TargetEncoder.ONE_HOT);
		for (int i = 0; i < 32 * 32; i++)
			assertEquals(0f, batch.weights[i], "unannotated voxels do not count");
		assertTrue(batch.weights[2 * 32 * 32 + 5] > 0);
	}

	@Test
	void augmentationKeepsEveryPlaneAlignedWithItsLabels() {
		final Grid grid = new Grid(16, 16, 6);
		final float[] pixels = new float[grid.size()];
		final int[] labels = new int[grid.size()];
		for (int i = 0; i < pixels.length; i++) {
			labels[i] = i % 7 == 0 ? 1 : 0;
			pixels[i] = labels[i] * 10 + i / 256; // the plane number, so that z flips show
		}
		final Patch patch = new Patch(grid, 1, pixels, labels, new float[grid.size()], null);
		final Augmenter augmenter = new Augmenter(Augmentation.defaults().withZoom(1, 1));
		final Random random = new Random(5);
		boolean flippedZ = false;
		for (int t = 0; t < 20; t++) {
			final Patch out = augmenter.apply(patch, random);
			assertEquals(6, out.depth);
			if (out.pixels[0] > out.pixels[5 * 256]) flippedZ = true;
			for (int z = 0; z < 6; z++) {
				// Within every plane, labelled voxels are still the bright ones.
				double on = 0, off = 0;
				int nOn = 0, nOff = 0;
				for (int i = z * 256; i < (z + 1) * 256; i++)
					if (out.labels[i] == 1) {
						on += out.pixels[i];
						nOn++;
					}
					else {
						off += out.pixels[i];
						nOff++;
					}
				assertTrue(nOn > 0 && on / nOn - off / nOff > 4, "plane " + z + " labels moved with " +
					"their pixels: " + (on / nOn - off / nOff));
			}
		}
		assertTrue(flippedZ, "z is flipped sometimes");
	}

	@Test
	void objectsTouchingOnlyAcrossPlanesAtACornerStayApart() {
		final Grid grid = new Grid(3, 3, 2);
		final boolean[] mask = new boolean[grid.size()];
		mask[0] = true; // (0, 0, 0)
		mask[9 + 4] = true; // (1, 1, 1): a corner away, not a face
		mask[9] = true; // (0, 0, 1): a face above the first
		final int[] labels = ConnectedComponents.label(mask, grid);
		assertEquals(labels[0], labels[9]);
		assertNotEquals(labels[0], labels[13]);
	}
}
