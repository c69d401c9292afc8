package org.pixelwise.bench;

import java.util.Locale;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;

import org.pixelwise.data.AnnotatedImage;
import org.pixelwise.data.Batch;
import org.pixelwise.data.SyntheticNuclei;
import org.pixelwise.device.Device;
import org.pixelwise.net.UNetConfig;
import org.pixelwise.train.Loss;
import org.pixelwise.train.SegmentationObjective;

/**
 * The 3-D U-Net as Train Segmentation builds it with {@code dimensions=3} (depth 4, 16 base
 * filters, isotropic voxels, so every level pools z): one training step on a 32 x 128 x 128
 * patch (batch 1) and inference on a 64 x 256 x 256 stack (32 x 128 x 128 with --quick), each
 * next to the same network in PyTorch.
 */
final class VolumeFigures {

	static final UNetConfig UNET3D = UNetConfig.volume(1, 1, 1);
	private static final int PATCH_PLANES = 32, PATCH = 128;

	private VolumeFigures() {}

	static void measure(final Report report, final Plan plan, final Peer peer, final CpuPeak cpu) {
		final SegmentationObjective objective = new SegmentationObjective(UNET3D, Loss.parse(
			"ce+dice"));
		final StringBuilder zpool = new StringBuilder();
		for (int level = 0; level < UNET3D.depth; level++)
			zpool.append(level == 0 ? "" : ",").append(UNET3D.poolsZ(level) ? 1 : 0);
		final String shape = String.format(Locale.ROOT, "depth=%d filters=%d in=1 out=1 dims=3 " +
			"zpool=%s", UNET3D.depth, UNET3D.baseFilters, zpool);
		report.progress("3-D U-Net training step (" + UNET3D + ")");
		try (TrainingStep step = new TrainingStep("unet3d.train.step", objective, 0, batch(),
			plan.warmup, plan.repeats, String.format(Locale.ROOT,
				"unet_train name=unet3d.train.step batch=1 size=%d zsize=%d %s warmup=%d repeats=%d",
				PATCH, PATCH_PLANES, shape, plan.warmup, plan.repeats)))
		{
			report.compare(step, plan.rounds, peer);
		}
		final double seconds = report.value("unet3d.train.step");
		report.add(new Figure("unet3d.train.mvox_per_s", (double) PATCH_PLANES * PATCH * PATCH /
			seconds / 1e6, "MVox/s"));
		achieved(report, cpu, "unet3d.train", 3 * 2 * FlopCount.unet3d(UNET3D, PATCH_PLANES, PATCH,
			PATCH) / seconds);
		final boolean quick = plan.largeImage < 4096;
		final int planes = quick ? 32 : 64, size = quick ? 128 : 256;
		final String name = String.format(Locale.ROOT, "unet3d.infer_%dx%dx%d", planes, size, size);
		report.progress("3-D U-Net inference " + planes + "x" + size + "x" + size);
		try (Inference inference = new Inference(name, objective, 1, planes, size, 1, 1, plan.repeats,
			String.format(Locale.ROOT, "unet_infer name=%s batch=1 size=%d zsize=%d %s warmup=1 " +
				"repeats=%d", name, size, planes, shape, plan.repeats), Device.cpu()))
		{
			report.compare(inference, plan.rounds, peer);
		}
		achieved(report, cpu, "unet3d.infer", report.value(name) * 1e6 * 2 * FlopCount.unet3d(UNET3D,
			planes, size, size) / ((double) planes * size * size));
	}

	private static void achieved(final Report report, final CpuPeak cpu, final String prefix,
		final double flopPerSecond)
	{
		report.add(new Figure(prefix + ".achieved", flopPerSecond / 1e9, "GFLOP/s"));
		if (cpu != null) report.add(new Figure(prefix + ".peak_share", 100 * flopPerSecond / 1e9 / cpu
			.gflops(), "%"));
	}

	/** A synthetic nuclei stack with its mask as target, unit weights. */
	@SuppressWarnings("unchecked")
	private static Batch batch() {
		final AnnotatedImage stack = SyntheticNuclei.volume("bench", PATCH, PATCH, PATCH_PLANES, 1,
			7);
		final float[] voxels = ((ArrayImg<FloatType, FloatArray>) stack.image).update(null)
			.getCurrentStorageArray();
		final int[] ids = ((ArrayImg<IntType, IntArray>) stack.labels).update(null)
			.getCurrentStorageArray();
		final Batch batch = Batch.volumes(1, PATCH_PLANES, PATCH, PATCH, 1, 1);
		for (int i = 0; i < voxels.length; i++) {
			batch.inputs[i] = voxels[i] / 500f;
			batch.targets[i] = ids[i] > 0 ? 1 : 0;
			batch.weights[i] = 1;
		}
		return batch;
	}
}
