package org.pixelwise.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.pixelwise.data.Batch;
import org.pixelwise.net.RestorationConfig;
import org.pixelwise.net.RestorationConfig.Architecture;
import org.pixelwise.net.UNetConfig;
import org.pixelwise.train.Loss;
import org.pixelwise.train.RestorationLoss;
import org.pixelwise.train.RestorationObjective;
import org.pixelwise.train.SegmentationObjective;

/**
 * The benchmark's figures in order: the CPU, the U-Net (training step, end-to-end training,
 * inference, tiled prediction), ESPCN and EDSR, then the ratios and the targets. Shapes are the
 * commands' defaults, so the figures describe what users run.
 */
final class Figures {

	/** Train Segmentation's defaults. */
	private static final UNetConfig UNET = UNetConfig.defaults(1, 1);
	private static final int UNET_BATCH = 4, UNET_PATCH = 256;
	/** Train Restoration's defaults: x2, one channel, residual over bicubic, L1, clipping 1. */
	private static final int SCALE = 2, CHANNELS = 1, SR_BATCH = 16, SR_PATCH = 48;
	private static final float SR_CLIP = 1;
	/** The small inference image, and how many images the end-to-end run trains on. */
	private static final int SMALL_IMAGE = 512, TRAINING_IMAGES = 4;

	private final Report report;
	private final Plan plan;
	private final Peer peer;
	private final Path work;
	private final CpuPeak cpu;

	Figures(final Report report, final Plan plan, final Peer peer, final Path work) {
		this.report = report;
		this.plan = plan;
		this.peer = peer;
		this.work = work;
		cpu = CpuPeak.of(Runtime.getRuntime().availableProcessors());
	}

	void all() throws IOException, InterruptedException {
		if (cpu == null) report.note("the CPU's fp32 peak is unknown here (no /proc/cpuinfo, or " +
			"not x86); peak shares are left out");
		else {
			report.note("fp32 peak = " + cpu.derivation);
			report.addAll(cpu.figures());
		}
		report.note("FLOP counts: convolutions only, 2 FLOP per multiply-add; a training step " +
			"counts as 3 forward passes");
		unet();
		restoration(Architecture.ESPCN);
		restoration(Architecture.EDSR);
		VolumeFigures.measure(report, plan, peer, cpu);
		report.printRatios();
		targets();
		report.printTargets();
	}

	/** The 3-D U-Net's figures alone. */
	void volumes() {
		VolumeFigures.measure(report, plan, peer, cpu);
		report.printRatios();
	}

	private void unet() throws IOException, InterruptedException {
		final SegmentationObjective objective = new SegmentationObjective(UNET, Loss.parse("ce+dice"));
		final String shape = String.format(Locale.ROOT, "depth=%d filters=%d in=%d out=%d",
			UNET.depth, UNET.baseFilters, UNET.inputChannels, UNET.outputChannels);
		unetTraining(objective, shape);
		// Right after the pure step, so that both see the same load on a shared machine.
		report.progress("end-to-end training, " + plan.trainingSteps + " steps");
		report.addAll(TrainingThroughput.measure(work, TRAINING_IMAGES, SMALL_IMAGE,
			plan.trainingSteps));
		report.add(new Figure("unet.e2e.loop_vs_step", 100 * report.value("unet.e2e.loop") / report
			.value("unet.train.throughput"), "%"));
		unetInference(objective, shape);
		report.progress("tiled prediction of " + plan.tiledImage + "x" + plan.tiledImage +
			" in a child JVM");
		final Path model = work.resolve("model").resolve("best");
		report.addAll(TiledMemory.measure(model, plan.tiledImage, TiledMemory.TILE));
		final List<String> tiled = new ArrayList<>(List.of("unet.tiled_" + plan.tiledImage));
		for (final int tile : TiledMemory.OTHER_TILES)
			if (tile < plan.tiledImage) {
				report.progress("the same with tiles of " + tile);
				report.addAll(TiledMemory.measure(model, plan.tiledImage, tile));
				tiled.add("unet.tiled_" + plan.tiledImage + "_tile" + tile);
			}
		final String whole = atCommandPrecision("unet.infer_" + plan.largeImage);
		for (final String name : tiled)
			report.add(new Figure(name + ".vs_whole", 100 * report.value(name) / report.value(whole),
				"%"));
		userLevel(model, whole);
	}

	/** Segment Folder and a macro's repeated Segment Image, each next to the bare network. */
	private void userLevel(final Path model, final String whole) throws IOException,
		InterruptedException
	{
		report.progress("Segment Folder over " + plan.folderImages + " images of " +
			plan.folderImage + "x" + plan.folderImage + ", through the launcher");
		report.addAll(UserLevel.segmentFolder(work, model, plan.folderImage, plan.folderImages));
		final String folder = "user.segment_folder_" + plan.folderImage;
		report.add(new Figure(folder + ".vs_network", 100 * report.value(folder + ".mpix") / report
			.value(whole), "%"));
		report.progress("a macro calling Segment Image " + UserLevel.MACRO_CALLS + " times on " +
			SMALL_IMAGE + "x" + SMALL_IMAGE);
		report.addAll(UserLevel.macroCalls(work, model, SMALL_IMAGE));
		final String macro = "user.macro_segment_image_" + SMALL_IMAGE;
		// The saved model's own network on the image, in this (idle) process.
		final double network = UserLevel.modelNetworkMs(model, SMALL_IMAGE);
		report.add(new Figure(macro + ".network", network, "ms"));
		report.add(new Figure(macro + ".bench_graph", 1000.0 * SMALL_IMAGE * SMALL_IMAGE / (report
			.value(atCommandPrecision("unet.infer_" + SMALL_IMAGE)) * 1e6), "ms"));
		report.add(new Figure(macro + ".later_vs_network", 100 * (report.value(macro + ".later") /
			network - 1), "%"));
	}

	private void unetTraining(final SegmentationObjective objective, final String shape) {
		report.progress("U-Net training step (" + UNET + ")");
		try (TrainingStep step = new TrainingStep("unet.train.step", objective, 0, segmentationBatch(),
			plan.warmup, plan.repeats, command("unet_train", "unet.train.step", UNET_BATCH, UNET_PATCH,
				shape, plan.warmup, plan.repeats)))
		{
			report.compare(step, plan.rounds, peer);
		}
		final double seconds = report.value("unet.train.step");
		report.add(new Figure("unet.train.throughput", UNET_BATCH / seconds, "patches/s"));
		achieved("unet.train", 3 * 2 * FlopCount.unet(UNET, UNET_PATCH, UNET_PATCH) * UNET_BATCH /
			seconds);
	}

	private void unetInference(final SegmentationObjective objective, final String shape) {
		final double flopPerPixel = 2 * FlopCount.unet(UNET, UNET_PATCH, UNET_PATCH) / (UNET_PATCH *
			UNET_PATCH);
		report.add(new Figure("unet.flop_per_pixel", flopPerPixel, "FLOP"));
		if (cpu != null) report.note(String.format(Locale.ROOT,
			"3 MPix/s of U-Net inference takes %.0f GFLOP/s, %.0f%% of this CPU's peak", 3e6 *
				flopPerPixel / 1e9, 100 * 3e6 * flopPerPixel / 1e9 / cpu.gflops()));
		for (final int size : new int[] { SMALL_IMAGE, plan.largeImage }) {
			report.progress("U-Net inference " + size + "x" + size);
			final String name = "unet.infer_" + size;
			// A pass over a large image takes seconds (half a minute in torch on two cores) and
			// gigabytes, so it runs once on each side after one warm-up pass.
			final boolean large = size > SMALL_IMAGE;
			final int warmup = large ? 1 : plan.warmup, repeats = large ? 1 : plan.repeats;
			try (Inference inference = new Inference(name, objective, 1, size, 1, warmup, repeats,
				command("unet_infer", name, 1, size, shape, warmup, repeats)))
			{
				report.compare(inference, large ? 1 : plan.rounds, peer);
			}
			achieved(name, report.value(name) * 1e6 * flopPerPixel);
		}
		// Segment commands offer precision=bfloat16; on CPUs that compute it natively it is the
		// fast way to predict. The peer runs the same network under PyTorch's CPU autocast.
		final org.pixelwise.device.Device bf16 = org.pixelwise.device.Device.cpu().withBfloat16(true);
		if (!bf16.usesBfloat16()) {
			report.note("this CPU has no native bfloat16; no bfloat16 inference figure");
			return;
		}
		// The commands' default (precision=auto) is bfloat16 here, so the user-level figures are
		// set against these.
		for (final int size : new int[] { SMALL_IMAGE, plan.largeImage }) {
			report.progress("U-Net inference " + size + "x" + size + " in bfloat16");
			final String name = "unet.infer_" + size + ".bfloat16";
			final boolean large = size > SMALL_IMAGE;
			final int warmup = large ? 1 : plan.warmup, repeats = large ? 1 : plan.repeats;
			try (Inference inference = new Inference(name, objective, 1, size, 1, warmup, repeats,
				command("unet_infer", name, 1, size, shape + " precision=bfloat16", warmup, repeats),
				bf16))
			{
				report.compare(inference, large ? 1 : plan.rounds, peer);
			}
			achieved(name, report.value(name) * 1e6 * flopPerPixel);
		}
	}

	/** The bare network's figure at the precision the commands use by default on this CPU. */
	private String atCommandPrecision(final String name) {
		return org.pixelwise.device.Device.cpu().withPrecision("auto").usesBfloat16() ? name +
			".bfloat16" : name;
	}

	private void restoration(final Architecture architecture) {
		final RestorationConfig defaults = RestorationConfig.defaults(architecture, SCALE, CHANNELS);
		final RestorationConfig network = new RestorationConfig(architecture, SCALE, CHANNELS,
			defaults.features, defaults.blocks, true);
		final String prefix = architecture.name().toLowerCase(Locale.ROOT);
		report.progress(network + ": training step");
		final RestorationObjective objective = new RestorationObjective(network, RestorationLoss
			.parse("l1"));
		final String shape = String.format(Locale.ROOT,
			"arch=%s channels=%d features=%d blocks=%d scale=%d residual=1 clip=%s", prefix, CHANNELS,
			network.features, network.blocks, SCALE, SR_CLIP);
		final Batch batch = new Batch(SR_BATCH, SR_PATCH, SR_PATCH, CHANNELS, SR_PATCH * SCALE,
			SR_PATCH * SCALE, CHANNELS);
		fillRestoration(batch);
		try (TrainingStep step = new TrainingStep(prefix + ".train.step", objective, SR_CLIP, batch,
			plan.warmup, plan.repeats, command("restoration_train", prefix + ".train.step", SR_BATCH,
				SR_PATCH, shape, plan.warmup, plan.repeats)))
		{
			report.compare(step, plan.rounds, peer);
		}
		final double macsPerPixel = FlopCount.restoration(network, SR_PATCH, SR_PATCH) / (SR_PATCH *
			SR_PATCH);
		achieved(prefix + ".train", 3 * 2 * macsPerPixel * SR_BATCH * SR_PATCH * SR_PATCH / report
			.value(prefix + ".train.step"));
		report.progress(network + ": inference " + SMALL_IMAGE + "x" + SMALL_IMAGE);
		final String name = prefix + ".infer_" + SMALL_IMAGE;
		try (Inference inference = new Inference(name, objective, 1, SMALL_IMAGE, SCALE, plan.warmup,
			plan.repeats, command("restoration_infer", name, 1, SMALL_IMAGE, shape, plan.warmup,
				plan.repeats)))
		{
			report.compare(inference, plan.rounds, peer);
		}
		achieved(name, report.value(name) * 1e6 * 2 * macsPerPixel);
	}

	/** Achieved GFLOP/s and, where the CPU's peak is known, its share of the peak. */
	private void achieved(final String prefix, final double flopPerSecond) {
		report.add(new Figure(prefix + ".achieved", flopPerSecond / 1e9, "GFLOP/s"));
		if (cpu != null) report.add(new Figure(prefix + ".peak_share", 100 * flopPerSecond / 1e9 / cpu
			.gflops(), "%"));
	}

	private void targets() {
		report.target("unet.train_step_vs_pytorch", report.ratio("unet.train.step"), false, 0.5);
		report.target("unet.e2e_vs_step", report.value("unet.e2e.loop_vs_step"), true, 90);
		report.target("unet.infer_512_vs_pytorch", report.ratio("unet.infer_512"), false, 0.5);
		report.target("unet.infer_512_vs_pytorch_bfloat16", report.ratio("unet.infer_512.bfloat16"),
			false, 0.5);
		report.target("unet.infer_4096_vs_pytorch", report.ratio("unet.infer_4096"), false, 0.5);
		report.target("unet.infer_512_mpix", report.value("unet.infer_512"), true, 3);
		report.target("unet.infer_4096_mpix", report.value("unet.infer_4096"), true, 3);
		report.target("unet.infer_4096_mpix_bfloat16", report.value("unet.infer_4096.bfloat16"), true,
			3);
		// The default tile spends an eighth of this machine's memory, by design; the 2 GB target
		// is what an 8 GB machine gets, whose default tile is 2048.
		report.target("unet.tiled_8192_peak_rss_mb", report.value("unet.tiled_8192_tile2048.peak_rss"), false,
			2000);
		report.target("unet.train_peak_share", report.value("unet.train.peak_share"), true, 40);
		report.target("user.segment_folder_vs_network", report.value("user.segment_folder_" +
			plan.folderImage + ".vs_network"), true, 80);
		report.target("user.macro_call_overhead_pct", report.value("user.macro_segment_image_" +
			SMALL_IMAGE + ".later_vs_network"), false, 10);
		report.target("unet.tiled_vs_whole", report.value("unet.tiled_" + plan.tiledImage + ".vs_whole"),
			true, 85);
	}

	private static String command(final String figure, final String name, final int batch,
		final int size, final String shape, final int warmup, final int repeats)
	{
		return String.format(Locale.ROOT, "%s name=%s batch=%d size=%d %s warmup=%d repeats=%d",
			figure, name, batch, size, shape, warmup, repeats);
	}

	/** Blob patches with their masks as one-hot targets and unit weights. */
	private static Batch segmentationBatch() {
		final Batch batch = new Batch(UNET_BATCH, UNET_PATCH, UNET_PATCH, 1, 1);
		final int pixels = UNET_PATCH * UNET_PATCH;
		for (int b = 0; b < UNET_BATCH; b++) {
			final SyntheticBlobs blobs = SyntheticBlobs.make(UNET_PATCH, UNET_PATCH, b);
			for (int i = 0; i < pixels; i++) {
				batch.inputs[b * pixels + i] = blobs.normalised(i);
				batch.targets[b * pixels + i] = blobs.mask[i];
				batch.weights[b * pixels + i] = 1;
			}
		}
		return batch;
	}

	/** Blob images as targets and their 2x2 means as inputs, as area downscaling makes them. */
	private static void fillRestoration(final Batch batch) {
		final int high = batch.targetWidth, low = batch.width;
		for (int b = 0; b < batch.size; b++) {
			final SyntheticBlobs blobs = SyntheticBlobs.make(high, high, 10 + b);
			for (int i = 0; i < high * high; i++)
				batch.targets[b * high * high + i] = blobs.normalised(i);
			for (int y = 0; y < low; y++)
				for (int x = 0; x < low; x++) {
					float sum = 0;
					for (int dy = 0; dy < SCALE; dy++)
						for (int dx = 0; dx < SCALE; dx++)
							sum += blobs.normalised((y * SCALE + dy) * high + x * SCALE + dx);
					batch.inputs[(b * low + y) * low + x] = sum / (SCALE * SCALE);
				}
		}
		Arrays.fill(batch.weights, 1f);
	}
}
