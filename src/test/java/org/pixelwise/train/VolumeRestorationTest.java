package org.pixelwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.data.Grid;
import org.pixelwise.data.VolumeSource;
import org.pixelwise.degrade.Crappifier;
import org.pixelwise.data.FloatImage;
import org.pixelwise.device.Device;
import org.pixelwise.metrics.ImageQuality;
import org.pixelwise.model.RestorationModel;
import org.pixelwise.model.Restorer;
import org.pixelwise.net.RestorationConfig;
import org.pixelwise.predict.VolumePredictor;

/** Restoring z-stacks whole: 3-D masking, 3-D damage, and a 3-D U-Net trained on pairs. */
class VolumeRestorationTest {

	@Test
	void blindSpotsInAVolumeTakeANeighbourFromTheFiveCubeOftenInAnotherPlane() {
		final int w = 20, h = 20, d = 12;
		final float[] voxels = new float[w * h * d];
		for (int i = 0; i < voxels.length; i++)
			voxels[i] = i; // every value names its voxel
		final float[] original = voxels.clone(), weights = new float[voxels.length];
		new BlindSpots(1 / 64.0).mask(voxels, weights, w, h, d, 1, new Random(4));
		int masked = 0, fromOtherPlanes = 0;
		for (int p = 0; p < voxels.length; p++) {
			if (weights[p] == 0) {
				assertEquals(original[p], voxels[p]);
				continue;
			}
			masked++;
			final int source = (int) voxels[p];
			assertNotEquals(p, source, "a blind spot never keeps its own value");
			final int dz = Math.abs(source / (w * h) - p / (w * h));
			assertTrue(dz <= 2 && Math.abs(source % w - p % w) <= 2 && Math.abs(source / w % h - p /
				w % h) <= 2, "the replacement lies in the 5 x 5 x 5 neighbourhood");
			if (dz > 0) fromOtherPlanes++;
		}
		assertEquals(5 * 5 * 3, masked, "one voxel per 4 x 4 x 4 cell");
		assertTrue(fromOtherPlanes > masked / 2, "in 3-D most replacements come from other planes: " +
			fromOtherPlanes + " of " + masked);
	}

	@Test
	void volumeDamageBlursAlongZByTheAnisotropyAndDrawsNoiseOncePerVolume() {
		final int w = 16, h = 16, d = 15;
		final float[] voxels = new float[w * h * d];
		java.util.Arrays.fill(voxels, 7 * w * h, 8 * w * h, 200f); // one bright plane
		final FloatImage sheet = FloatImage.volume(w, h, d, 1, voxels, 255);
		final Crappifier blur = Crappifier.parse("blur=2");
		final FloatImage isotropic = blur.applyVolume(sheet, new Random(1), 1);
		final FloatImage coarse = blur.applyVolume(sheet, new Random(1), 4);
		// sigma 2 planes at anisotropy 1, 0.5 planes at 4: two planes away the light is
		// exp(-1/2) of the peak's in the first and nearly gone in the second.
		final double isoRatio = isotropic.pixels[index(8, 8, 9, w, h)] / isotropic.pixels[index(8,
			8, 7, w, h)];
		final double coarseRatio = coarse.pixels[index(8, 8, 9, w, h)] / coarse.pixels[index(8, 8,
			7, w, h)];
		assertEquals(Math.exp(-0.5), isoRatio, 0.03);
		assertTrue(coarseRatio < 0.001, "at anisotropy 4 the blur along z is a quarter: " +
			coarseRatio);
		// Noise strength is drawn once for the volume: every plane equally noisy.
		final float[] flat = new float[w * h * 40];
		java.util.Arrays.fill(flat, 100f);
		final FloatImage noisy = Crappifier.parse("gaussian=0.005-0.1").applyVolume(FloatImage.volume(w,
			h, 40, 1, flat, 255), new Random(2), 1);
		double lowest = Double.MAX_VALUE, highest = 0;
		for (int z = 0; z < 40; z++) {
			final double sd = standardDeviation(noisy.plane(z).pixels);
			lowest = Math.min(lowest, sd);
			highest = Math.max(highest, sd);
		}
		assertTrue(highest < 1.5 * lowest, "noise per plane from " + lowest + " to " + highest);
	}

	@Test
	void aThreeDUNetTrainedOnPairsDenoisesAVolumeAndItsTilesAgree(@TempDir final Path dir)
		throws Exception
	{
		final Random random = new Random(21);
		final List<FloatImage> clean = new ArrayList<>(), noisy = new ArrayList<>();
		for (int n = 0; n < 5; n++) {
			final FloatImage c = spheres(40, 40, 16, random);
			clean.add(c);
			noisy.add(withNoise(c, 40, random));
		}
		final TrainingSettings settings = new TrainingSettings();
		settings.epochs = 5;
		settings.stepsPerEpoch = 30;
		settings.batchSize = 4;
		settings.patchDepth = 8;
		settings.maxLearningRate = 3e-3;
		settings.validationFraction = 0.2;
		// One level: a receptive field small enough that a small test volume holds real tiles.
		final RestorationConfig net = new RestorationConfig(RestorationConfig.Architecture.UNET, 1, 1,
			8, 1, false, 3, 1);
		final RestorationTask task = RestorationTask.fromPairs(noisy, clean, net, RestorationLoss
			.parse("l1"), settings, 24, 255, "denoise-3d", Device.cpu());
		final Path model = dir.resolve("model");
		final Trainer.Result result = new Trainer(Device.cpu(), TrainingListener.NONE, () -> false)
			.train(task, settings, model);
		assertTrue(result.bestScore > ((Number) task.bicubicScores().get("psnr")).doubleValue() + 2,
			"validation PSNR " + result.bestScore + " against the noisy input's " + task
				.bicubicScores());
		final FloatImage truth = spheres(48, 40, 32, random), input = withNoise(truth, 40, random);
		try (RestorationModel m = RestorationModel.load(model.resolve("best"), Device.cpu())) {
			assertEquals(3, m.dimensions());
			final Grid grid = new Grid(48, 40, 32);
			final VolumeSource scaled = m.volumeInput(VolumeSource.of(input.pixels, grid, 1));
			final float[] whole = m.restoreVolume(scaled, new VolumePredictor(m, 48, 32));
			final float[] tiled = m.restoreVolume(scaled, new VolumePredictor(m, 8, 4));
			// Tiles mirror the volume beyond its faces where one pass pads with zeros: they agree
			// a receptive field away from the faces.
			final int r = m.receptiveFieldRadius(), rz = m.zReceptiveFieldRadius();
			assertTrue(8 + 2 * r < 40 && 4 + 2 * rz < 32, "tiles too large to be tiles: radius " + r +
				", along z " + rz);
			double largest = 0;
			for (int z = rz; z < 32 - rz; z++)
				for (int y = r; y < 40 - r; y++)
					for (int x = r; x < 48 - r; x++) {
						final int i = index(x, y, z, 48, 40);
						largest = Math.max(largest, Math.abs(whole[i] - tiled[i]));
					}
			assertTrue(largest < 0.05, "tiles with their context give the whole volume's " +
				"restoration, to float rounding (values 0..255): " + largest);
			double atFaces = 0;
			for (int i = 0; i < whole.length; i++)
				atFaces = Math.max(atFaces, Math.abs(whole[i] - tiled[i]));
			assertTrue(atFaces > 0.05, "the tiles are real tiles: at the faces they read a mirror, " +
				"not zeros: " + atFaces);
			// The self-ensemble in 3-D: the mirror of a stack restores to the mirror of its
			// restoration, which the network alone does not do.
			final Restorer plain = new Restorer(m, 256, 1,
				x -> {});
			final Restorer ensemble = new Restorer(m, 256, 1,
				x -> {});
			ensemble.setTestTimeAugmentation(true);
			final Img<FloatType> stack = ArrayImgs
				.floats(input.pixels, 48, 40, 32);
			assertTrue(mirrorAsymmetry(plain, stack) > 1e-2, "the network alone sees orientation");
			assertTrue(mirrorAsymmetry(ensemble, stack) < 1e-2, "eight orientations averaged");
			final double before = ImageQuality.psnr(input.pixels, truth.pixels, 255);
			final double after = ImageQuality.psnr(whole, truth.pixels, 255);
			assertTrue(after > before + 3, "PSNR on an unseen volume " + before + " -> " + after);
		}
	}

	@Test
	void volumeNetworksRefuseWhatTheyCannotDo() {
		assertThrows(IllegalArgumentException.class, () -> new RestorationConfig(
			RestorationConfig.Architecture.EDSR, 1, 1, 8, 2, false, 3, 1));
		assertThrows(IllegalArgumentException.class, () -> new RestorationConfig(
			RestorationConfig.Architecture.UNET, 2, 1, 8, 2, false, 3, 1));
		final RestorationConfig net = new RestorationConfig(RestorationConfig.Architecture.UNET, 1, 1,
			8, 2, false, 3, 2);
		assertEquals(net.toMap(), RestorationConfig.fromMap(net.toMap()).toMap());
		final List<FloatImage> thin = List.of(spheres(32, 32, 3, new Random(1)), spheres(32, 32, 3,
			new Random(2)));
		final TrainingSettings settings = new TrainingSettings();
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new RestorationTask(thin, RestorationConfig.volume(1, false, 1), Crappifier.parse(
				"gaussian=0.01-0.02"), RestorationLoss.parse("l1"), settings, 16, 255, "x", Device
					.cpu()));
		assertTrue(e.getMessage().contains("3 slice(s)") && e.getMessage().contains("dimensions=2"),
			e.getMessage());
		final IllegalArgumentException ssim = assertThrows(IllegalArgumentException.class,
			() -> new RestorationTask(List.of(spheres(32, 32, 8, new Random(1)), spheres(32, 32, 8,
				new Random(2))), RestorationConfig.volume(1, false, 1), Crappifier.parse(
					"gaussian=0.01-0.02"), RestorationLoss.parse("ssim"), settings, 16, 255, "x", Device
						.cpu()));
		assertTrue(ssim.getMessage().contains("loss=l1"), ssim.getMessage());
	}

	/** The largest difference between a stack's restoration mirrored in X and its mirror's. */
	private static double mirrorAsymmetry(final Restorer restorer,
		final RandomAccessibleInterval<FloatType> stack)
	{
		final Img<FloatType> straight = restorer
			.restoreVolume(stack, false, null);
		final Img<FloatType> mirrored = restorer
			.restoreVolume(Views.zeroMin(Views.invertAxis(stack, 0)),
				false, null);
		final RandomAccess<FloatType> other = mirrored
			.randomAccess();
		final long w = straight.dimension(0);
		final long[] at = new long[straight.numDimensions()];
		double largest = 0;
		for (final Cursor<FloatType> c = straight
			.localizingCursor(); c.hasNext();)
		{
			c.fwd();
			c.localize(at);
			at[0] = w - 1 - at[0];
			largest = Math.max(largest, Math.abs(c.get().get() - other.setPositionAndGet(at).get()));
		}
		return largest;
	}

	/** Blurred bright balls on a dim background. */
	static FloatImage spheres(final int w, final int h, final int d, final Random random) {
		final float[] v = new float[w * h * d];
		java.util.Arrays.fill(v, 30);
		for (int s = 0; s < 8; s++) {
			final int cx = random.nextInt(w), cy = random.nextInt(h), cz = random.nextInt(d);
			final int r = 3 + random.nextInt(5);
			for (int z = 0; z < d; z++)
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++)
						if ((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz) <= r * r) v[index(x,
							y, z, w, h)] = 180;
		}
		return Crappifier.parse("blur=1").applyVolume(FloatImage.volume(w, h, d, 1, v, 255),
			new Random(0), 1);
	}

	private static FloatImage withNoise(final FloatImage clean, final double sigma,
		final Random random)
	{
		final float[] v = clean.pixels.clone();
		for (int i = 0; i < v.length; i++)
			v[i] += (float) (sigma * random.nextGaussian());
		return clean.withPixels(v);
	}

	private static int index(final int x, final int y, final int z, final int w, final int h) {
		return (z * h + y) * w + x;
	}

	private static double standardDeviation(final float[] values) {
		double sum = 0, squares = 0;
		for (final float v : values) {
			sum += v;
			squares += v * v;
		}
		final double mean = sum / values.length;
		return Math.sqrt(squares / values.length - mean * mean);
	}
}
