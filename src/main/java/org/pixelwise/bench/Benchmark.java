package org.pixelwise.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.pixelwise.device.Device;
import org.tensorflow.proto.ConfigProto;

/**
 * {@code java -jar plugins/pixelwise.jar bench [--quick] [--no-peer] [--volumes] [--python PATH]}: times
 * Pixelwise's networks on this CPU and, in the same run, the same networks in PyTorch, and
 * prints one {@code name value unit} line per figure, so that runs can be compared line by
 * line. Lines starting with '#' explain; progress goes to standard error.
 *
 * <p>Figures: the default U-Net's training step (batch 4 x 256 x 256, ce+dice, Adam), its
 * inference at 512 x 512 and 4096 x 4096, end-to-end training with the real data pipeline
 * ({@link TrainingThroughput}), tiled prediction of an 8192 x 8192 image with the process's peak
 * memory ({@link TiledMemory}), and ESPCN's and EDSR's training step and inference as Train
 * Restoration builds them by default (x2, one channel, residual over bicubic, batch 16 x 48 x 48,
 * L1, gradient clipping 1). Each network's achieved GFLOP/s comes from its counted
 * multiply-adds ({@link FlopCount}), next to the CPU's nominal peak ({@link CpuPeak}).
 *
 * <p>The PyTorch peer ({@link Peer}) uses the same intra-op and inter-op threads as
 * Pixelwise's sessions. Each group of figures runs Pixelwise and the peer alternately (three
 * rounds, two with {@code --quick}, one for the large image) and prints the medians. Every
 * {@code ratio.NAME} is <b>Pixelwise time / PyTorch time</b> for the same work, for times and
 * throughputs alike (a throughput's ratio is PyTorch's MPix/s over Pixelwise's), so a ratio
 * below 1 always means Pixelwise is faster: 0.5 is twice as fast. Without a Python that
 * imports torch, one line says so and Pixelwise's figures are printed alone. Last comes one
 * {@code target.NAME value met|missed} line per goal of issue 6 ("untested" where
 * {@code --quick} or a missing peer left the figure out).
 *
 * <p>{@code --quick} takes under two minutes: fewer repetitions, 1024 x 1024 in place of the
 * 4096 image and 2048 x 2048 in place of the 8192 one, a shorter training run. The full run
 * takes about ten minutes on two cores, most of it in the 8192 x 8192 tiled prediction and in
 * PyTorch's pass over the 4096 x 4096 image.
 */
public final class Benchmark {

	private Benchmark() {}

	public static void main(final String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	/**
	 * Runs the benchmark with the arguments that follow the word {@code bench}.
	 *
	 * @return 0 when it ran, 1 when a measurement failed, 2 when the arguments were wrong
	 */
	public static int run(final String[] args, final PrintStream out, final PrintStream err) {
		System.setProperty("java.awt.headless", "true");
		boolean quick = false, withPeer = true, volumesOnly = false;
		String python = null;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--quick":
					quick = true;
					break;
				case "--no-peer":
					withPeer = false;
					break;
				case "--volumes":
					volumesOnly = true;
					break;
				case "--python":
					if (i + 1 == args.length) return usage(err, "--python needs the path of a python3");
					python = args[++i];
					break;
				case "--help":
				case "-h":
					return usage(out, null);
				default:
					return usage(err, "unknown option '" + args[i] + "'");
			}
		}
		final Report report = new Report(out, err);
		final Plan plan = quick ? Plan.QUICK : Plan.FULL;
		Path work = null;
		try {
			work = Files.createTempDirectory("pixelwise-bench");
			try (Peer peer = startPeer(report, withPeer, python)) {
				if (volumesOnly) new Figures(report, plan, peer, work).volumes();
				else new Figures(report, plan, peer, work).all();
			}
			return 0;
		}
		catch (final Exception | OutOfMemoryError e) {
			err.println("bench: failed: " + e);
			return 1;
		}
		finally {
			delete(work);
		}
	}

	private static Peer startPeer(final Report report, final boolean wanted, final String python)
		throws IOException
	{
		if (!wanted) {
			report.note("PyTorch peer: off (--no-peer); Pixelwise's figures alone");
			return null;
		}
		final ConfigProto config = Device.cpu().sessionConfig();
		final String[] why = new String[1];
		report.progress("looking for a Python with torch");
		final Peer peer = Peer.start(python, config.getIntraOpParallelismThreads(), config
			.getInterOpParallelismThreads(), why);
		if (peer == null) report.note(why[0] + "; Pixelwise's figures alone");
		else {
			report.note("PyTorch peer: " + peer.description + "; channels_last, inference traced " +
				"and optimize_for_inference");
			if (peer.slowBlas) report.note("torch's BLAS is slow (the reference BLAS?), which flatters " +
				"Pixelwise; '" + Peer.INSTALL + "' gives it OpenBLAS");
		}
		return peer;
	}

	private static int usage(final PrintStream to, final String problem) {
		if (problem != null) to.println("bench: " + problem);
		to.println("usage: bench [--quick] [--no-peer] [--volumes] [--python PATH]");
		to.println("  --quick        a run under two minutes (fewer repetitions, smaller large images)");
		to.println("  --no-peer      skip the PyTorch comparison");
		to.println("  --volumes      only the 3-D U-Net's figures (training step, inference)");
		to.println("  --python PATH  the Python whose torch to compare with (default: python3, " +
			"then /usr/bin/python3)");
		return problem == null ? 0 : 2;
	}

	private static void delete(final Path folder) {
		if (folder == null) return;
		try (Stream<Path> paths = Files.walk(folder)) {
			paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (final IOException e) {
			// A temporary folder left behind is harmless.
		}
	}
}
