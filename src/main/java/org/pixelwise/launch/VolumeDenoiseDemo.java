package org.pixelwise.launch;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.pixelwise.data.Grid;
import org.pixelwise.data.VolumeSource;
import org.pixelwise.data.Planes;
import org.pixelwise.data.SyntheticNuclei;
import org.pixelwise.degrade.Crappifier;
import org.pixelwise.data.FloatImage;
import org.pixelwise.device.Device;
import org.pixelwise.metrics.ImageQuality;
import org.pixelwise.model.RestorationModel;
import org.pixelwise.model.Restorer;
import org.pixelwise.net.RestorationConfig;
import org.pixelwise.train.BlindSpots;
import org.pixelwise.train.RestorationTask;
import org.pixelwise.train.Trainer;
import org.pixelwise.train.TrainingProgress;
import org.pixelwise.train.TrainingSettings;

/**
 * {@code demo-3d-denoise [OUTPUT] [STEPS]}: what Noise2Void in 3-D buys on noisy z-stacks. It
 * makes synthetic stacks of nuclei seen in low light, with shot noise (z step twice the pixel
 * size; the noise-free photons are kept as truth), trains Noise2Void with a 3-D U-Net and, with the same
 * steps and voxels per step, with a 2-D U-Net on the slices, then denoises an unseen
 * 64 x 256 x 256 stack with both and prints PSNR and SSIM against the truth, next to Gaussian
 * blurs in 2-D and 3-D. Neither network sees a clean voxel.
 */
final class VolumeDenoiseDemo {

	private static final double ANISOTROPY = 2;
	private static final int STACKS = 6, SIZE = 128, PLANES = 32;
	private static final int PATCH = 64, PATCH_PLANES = 16, BATCH = 2;
	private static final double BLIND_SPOTS = 0.015;

	private VolumeDenoiseDemo() {}

	static void run(final Path output, final int steps, final PrintStream out) throws Exception {
		if (steps < 10 || steps > 100_000) throw new IllegalArgumentException("steps " + steps +
			" is out of range; give 10 to 100000 (e.g. 400)");
		final long started = System.nanoTime();
		final List<FloatImage> stacks = new ArrayList<>(), slices = new ArrayList<>();
		final Random noise = new Random(7);
		for (int i = 0; i < STACKS; i++) {
			final FloatImage stack = lowLight(floats(SyntheticNuclei.volume("stack" + i, SIZE, SIZE,
				PLANES, ANISOTROPY, i, false).image, SIZE, SIZE, PLANES), noise);
			stacks.add(stack);
			for (int z = 0; z < PLANES; z++)
				slices.add(stack.plane(z));
		}
		final int w = 256, h = 256, d = 64;
		final FloatImage truth = floats(SyntheticNuclei.volume("unseen", w, h, d, ANISOTROPY, 1000,
			false).image, w, h, d);
		final FloatImage noisy = lowLight(truth, noise);
		out.println("3-D: Noise2Void with a 3-D U-Net on " + STACKS + " noisy synthetic z-stacks of " +
			SIZE + "x" + SIZE + "x" + PLANES + " (z step " + ANISOTROPY + " pixels), " + steps +
			" steps...");
		final Path model3d = output.resolve("n2v-3d");
		final TrainingSettings volumeSettings = settings(BATCH, steps);
		volumeSettings.patchDepth = PATCH_PLANES;
		final RestorationTask task3d = RestorationTask.noise2void(stacks, RestorationConfig.volume(1,
			false, ANISOTROPY), new BlindSpots(BLIND_SPOTS), volumeSettings, PATCH, Float.NaN, "n2v-3d",
			Device.auto());
		final Trainer.Result r3 = VolumeDemo.train(task3d, volumeSettings, model3d, out);
		out.println("2-D: Noise2Void with a 2-D U-Net on the same stacks' slices, the same steps " +
			"and voxels per step...");
		final Path model2d = output.resolve("n2v-2d");
		final TrainingSettings planeSettings = settings(BATCH * PATCH_PLANES, steps);
		final RestorationTask task2d = RestorationTask.noise2void(slices, RestorationConfig.defaults(
			RestorationConfig.Architecture.UNET, 1, 1), new BlindSpots(BLIND_SPOTS), planeSettings,
			PATCH, Float.NaN, "n2v-2d", Device.auto());
		final Trainer.Result r2 = VolumeDemo.train(task2d, planeSettings, model2d, out);
		final float[] denoised3d, denoised2d;
		try (RestorationModel m = RestorationModel.load(model3d, Device.auto())) {
			final VolumeSource input = m.volumeInput(VolumeSource.of(noisy.pixels, new Grid(w, h, d),
				1));
			denoised3d = m.restoreVolume(input, m.volumePredictor(input, Restorer.VOLUME_READ_VOXELS,
				out::println));
		}
		try (RestorationModel m = RestorationModel.load(model2d, Device.auto())) {
			final Img<FloatType> stack = new Restorer(m, 256, 1, out::println).restoreStack(ArrayImgs
				.floats(noisy.pixels, w, h, d), false, null);
			denoised2d = Planes.volumePixels(Views.hyperSlice(stack, 2, 0), false, "restored");
		}
		final float[] blur2d = Crappifier.parse("blur=1").applyVolume(noisy, new Random(0), 1e9).pixels;
		final float[] blur3d = Crappifier.parse("blur=1").applyVolume(noisy, new Random(0),
			ANISOTROPY).pixels;
		out.println(String.format(Locale.ROOT, "unseen %dx%dx%d stack (peak %.0f photons), PSNR / " +
			"SSIM against the noise-free truth:", d, w, h, max(truth.pixels)));
		print(out, "noisy input", noisy.pixels, truth);
		print(out, "Gaussian blur, sigma 1 pixel, in the plane", blur2d, truth);
		print(out, "Gaussian blur, sigma 1 pixel in the plane and 0.5 along z", blur3d, truth);
		print(out, "Noise2Void, 2-D U-Net slice by slice (" + TrainingProgress.duration(r2.seconds) +
			")", denoised2d, truth);
		print(out, "Noise2Void, 3-D U-Net (" + TrainingProgress.duration(r3.seconds) + ")",
			denoised3d, truth);
		out.println("total " + TrainingProgress.duration((System.nanoTime() - started) / 1e9) +
			"; models: " + model3d.toAbsolutePath() + ", " + model2d.toAbsolutePath());
	}

	/**
	 * The stack seen with a tenth of the light: Poisson counts of a tenth of the expected
	 * photons (4 to 60), scaled back, so that noise dominates as in fast live imaging.
	 */
	private static FloatImage lowLight(final FloatImage clean, final Random random) {
		final float[] noisy = new float[clean.pixels.length];
		for (int i = 0; i < noisy.length; i++)
			noisy[i] = 10 * poisson(clean.pixels[i] / 10, random);
		return clean.withPixels(noisy);
	}

	private static int poisson(final double mean, final Random random) {
		final double limit = Math.exp(-mean);
		double p = random.nextDouble();
		int k = 0;
		while (p > limit) {
			k++;
			p *= random.nextDouble();
		}
		return k;
	}

	private static TrainingSettings settings(final int batch, final int steps) {
		final TrainingSettings settings = new TrainingSettings();
		settings.batchSize = batch;
		settings.epochs = 10;
		settings.stepsPerEpoch = Math.max(1, steps / settings.epochs);
		settings.maxLearningRate = 1e-3;
		settings.validationFraction = 0.2;
		return settings;
	}


	/** PSNR with the truth's peak, and SSIM averaged over planes, both on 0..peak. */
	private static void print(final PrintStream out, final String label, final float[] restored,
		final FloatImage truth)
	{
		final double peak = max(truth.pixels);
		final int n = truth.width * truth.height;
		double ssim = 0;
		for (int z = 0; z < truth.depth; z++)
			ssim += ImageQuality.meanSsim(scaled(restored, z * n, n, peak), scaled(truth.pixels, z * n, n,
				peak), truth.width, truth.height, 1);
		out.println(String.format(Locale.ROOT, "  %-62s PSNR %6.2f dB  SSIM %.4f", label, ImageQuality
			.psnr(restored, truth.pixels, peak), ssim / truth.depth));
	}

	private static float[] scaled(final float[] values, final int from, final int n,
		final double peak)
	{
		final float[] out = new float[n];
		for (int i = 0; i < n; i++)
			out[i] = (float) (values[from + i] / peak);
		return out;
	}

	private static double max(final float[] values) {
		double max = 0;
		for (final float v : values)
			max = Math.max(max, v);
		return max;
	}

	private static FloatImage floats(
		final net.imglib2.RandomAccessibleInterval<? extends net.imglib2.type.numeric.RealType<?>> image,
		final int w, final int h, final int d)
	{
		final float[] voxels = Planes.volumePixels(image, false, "synthetic stack");
		return FloatImage.volume(w, h, d, 1, voxels, 1023); // a 10-bit camera
	}
}
