package org.pixelwise.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.pixelwise.SyntheticImages;
import org.pixelwise.data.LabelMode;
import org.pixelwise.data.Patch;
import org.pixelwise.metrics.InstanceMatching;
import org.pixelwise.predict.TestTimeAugmentation;

/** Star-convex targets by hand, and decoding a perfect prediction back to the same objects. */
class StarConvexHeadTest {

	/** A 5x5 square (ids 7) in a 9x9 image: rays from its centre end halfway past its edge. */
	@Test
	void raysOfASquareByHand() {
		final int[] ids = new int[81];
		for (int y = 2; y <= 6; y++)
			for (int x = 2; x <= 6; x++)
				ids[y * 9 + x] = 7;
		final float[] d = StarDistances.distances(ids, 9, 9, 8);
		final int centre = 4 * 9 + 4;
		// Ray 0 points to +x: pixels x = 5, 6 inside, x = 7 outside: 2.5. Ray 2 points to +y.
		assertEquals(2.5f, d[centre * 8], 1e-6);
		assertEquals(2.5f, d[centre * 8 + 2], 1e-6);
		assertEquals(2.5f, d[centre * 8 + 4], 1e-6);
		// Diagonal ray 1, unit steps: t = 1..3 round to (5,5), (5,5), (6,6); t = 4 to (7,7),
		// outside: 3.5, close to the true 2.5 * sqrt(2) = 3.54 to the square's corner.
		assertEquals(3.5f, d[centre * 8 + 1], 1e-6);
		// A corner pixel (2,2): its -x ray leaves at once.
		assertEquals(0.5f, d[(2 * 9 + 2) * 8 + 4], 1e-6);
		assertEquals(0f, d[0], 0);
		final float[] p = StarDistances.probability(ids, d, 8);
		assertEquals(1f, p[centre], 1e-6);
		assertEquals(0.2f, p[2 * 9 + 2], 1e-6); // shortest ray 0.5 against the centre's 2.5
		assertEquals(0f, p[0], 0);
	}

	@Test
	void targetsIgnoreUnannotatedPixelsAndNeedInstances() {
		final StarConvexHead head = new StarConvexHead(8, 0.4);
		final int[] ids = { 0, 1, 1, Patch.IGNORE };
		final Patch patch = new Patch(2, 2, 1, new float[4], new int[] { 0, 1, 1, Patch.IGNORE },
			new float[] { 1, 1, 1, 1 }, ids);
		final float[] targets = new float[4 * 9], weights = new float[4];
		head.encode(patch, targets, 0, 9, weights, 0);
		assertEquals(1f, weights[0]);
		assertEquals(0f, weights[3]);
		assertEquals(1f, targets[9]); // pixel 1 is its object's centre
		final Patch noIds = new Patch(2, 2, 1, new float[4], new int[4]);
		assertThrows(IllegalArgumentException.class, () -> head.encode(noIds, targets, 0, 9, weights,
			0));
		assertThrows(IllegalArgumentException.class, () -> Heads.forTraining("star-convex",
			LabelMode.BINARY, 2, null));
	}

	/** The targets of true labels, fed back as a prediction, give the same objects. */
	@Test
	void perfectPredictionDecodesToTheTrueObjects() {
		final SyntheticImages s = SyntheticImages.discs(128, 96, 40, 3);
		final int[] truth = s.instances.update(null).getCurrentStorageArray();
		final StarConvexHead head = StarConvexHead.defaults();
		final Segmentation seg = head.decode(perfect(truth, 128, 96, head.rays), 0.5);
		final int[] found = ((net.imglib2.img.array.ArrayImg<?, net.imglib2.img.basictypeaccess.array.IntArray>) seg.instances)
			.update(null).getCurrentStorageArray();
		// Discs clipped by their neighbours are not all star-convex, so polygons are near, not exact.
		assertTrue(InstanceMatching.of(found, truth, 0.5).averagePrecision() >= 0.97);
		assertTrue(InstanceMatching.of(found, truth, 0.7).averagePrecision() >= 0.9);
		assertEquals(1, seg.probabilities.dimension(2));
	}

	/** Test-time augmentation turns ray channels back with the image. */
	@Test
	void turnedPredictionsAverageToTheUnturnedOne() {
		final SyntheticImages s = SyntheticImages.discs(64, 64, 10, 5);
		final StarConvexHead head = new StarConvexHead(16, 0.4);
		final int[] truth = s.instances.update(null).getCurrentStorageArray();
		final Img<FloatType> direct = perfect(truth, 64, 64, 16);
		final Img<FloatType> averaged = TestTimeAugmentation.average(s.instances, view -> perfect(
			ids(view), (int) view.dimension(0), (int) view.dimension(1), 16), head::orientedChannel);
		double error = 0;
		final net.imglib2.Cursor<FloatType> a = Views.flatIterable(direct).cursor(), b = Views
			.flatIterable(averaged).cursor();
		while (a.hasNext())
			error += Math.abs(a.next().get() - b.next().get());
		error /= 64 * 64 * 17;
		assertTrue(error < 0.05, "mean difference " + error + " pixels");
		// Without turning the channels back, the rays disagree by far more.
		final Img<FloatType> unturned = TestTimeAugmentation.average(s.instances, view -> perfect(ids(
			view), (int) view.dimension(0), (int) view.dimension(1), 16));
		double wrong = 0;
		final net.imglib2.Cursor<FloatType> c = Views.flatIterable(direct).cursor(), e = Views
			.flatIterable(unturned).cursor();
		while (c.hasNext())
			wrong += Math.abs(c.next().get() - e.next().get());
		assertTrue(wrong / (64 * 64 * 17) > 5 * error);
	}

	private static int[] ids(final RandomAccessibleInterval<? extends RealType<?>> view) {
		final int[] ids = new int[(int) (view.dimension(0) * view.dimension(1))];
		int i = 0;
		for (final RealType<?> v : Views.flatIterable(view))
			ids[i++] = (int) v.getRealDouble();
		return ids;
	}

	/** What a perfect network would predict: (X, Y, probability and rays). */
	static Img<FloatType> perfect(final int[] ids, final int width, final int height,
		final int rays)
	{
		final float[] d = StarDistances.distances(ids, width, height, rays);
		final float[] p = StarDistances.probability(ids, d, rays);
		final float[] out = new float[width * height * (rays + 1)];
		for (int i = 0; i < p.length; i++) {
			out[i] = p[i];
			for (int k = 0; k < rays; k++)
				out[(k + 1) * p.length + i] = d[i * rays + k];
		}
		return ArrayImgs.floats(out, width, height, rays + 1);
	}
}
