package org.pixelwise.device;

import java.util.Locale;

import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * Where TensorFlow runs: "auto" (a GPU when one is usable, else the CPU), "cpu", or "gpu" /
 * "gpu:N". It turns that choice into a session configuration: thread counts for the CPU, and
 * for a GPU the visible device and memory growth, so that Pixelwise does not grab all GPU memory
 * that Fiji's other plugins may need.
 */
public final class Device {

	/** What TensorFlow 2.18's GPU build needs on the system. */
	public static final String GPU_REQUIREMENTS =
		"TensorFlow 2.18 needs the GPU build of TensorFlow Java (tensorflow-core-native with " +
			"classifier linux-x86_64-gpu; build Pixelwise with 'mvn -Pgpu'), an NVIDIA driver, " +
			"CUDA 12.x and cuDNN 9 on the library path (LD_LIBRARY_PATH)";

	public enum Kind {
		AUTO, CPU, GPU
	}

	public final Kind kind;
	public final int gpuIndex;
	/** Whether oneDNN may run convolutions in bfloat16 (on CPUs that have it natively). */
	public final boolean bfloat16;

	private Device(final Kind kind, final int gpuIndex) {
		this(kind, gpuIndex, false);
	}

	private Device(final Kind kind, final int gpuIndex, final boolean bfloat16) {
		this.kind = kind;
		this.gpuIndex = gpuIndex;
		this.bfloat16 = bfloat16;
	}

	/**
	 * This device computing in bfloat16 where the CPU does so natively: prediction of the
	 * default U-Net ran 1.7x faster on 2 Zen 4 cores, probabilities within 0.02 of float32 and
	 * 0.03% of labels different. Results no longer match float32 to 1e-4, so packages' test
	 * tensors are always made and checked in float32.
	 */
	public Device withBfloat16(final boolean enabled) {
		return new Device(kind, gpuIndex, enabled);
	}

	/**
	 * Parses the commands' precision option: "float32", "bfloat16", or "auto" (the default):
	 * bfloat16 where the CPU computes it natively, which on the shipped models' held-out data
	 * changed scores by at most 0.01 dB PSNR, 0.001 AP and 0.007 V_rand for 1.7-2.2x the speed.
	 * bfloat16 never applies on a GPU or a CPU without it (see {@link #usesBfloat16}).
	 */
	public Device withPrecision(final String precision) {
		final String p = precision == null ? "float32" : precision.trim().toLowerCase(Locale.ROOT);
		if (p.isEmpty() || p.equals("float32")) return withBfloat16(false);
		if (p.equals("auto") || p.startsWith("bfloat16")) return withBfloat16(true);
		throw new IllegalArgumentException("unknown precision '" + precision +
			"'; use auto, float32 or bfloat16");
	}

	/** True when bfloat16 was asked for and this CPU computes it natively. */
	public boolean usesBfloat16() {
		return bfloat16 && kind != Kind.GPU && Bfloat16.enabled();
	}

	public static Device cpu() {
		return new Device(Kind.CPU, 0);
	}

	public static Device auto() {
		return new Device(Kind.AUTO, 0);
	}

	/** Parses "auto", "cpu", "gpu" or "gpu:N". */
	public static Device parse(final String text) {
		final String t = text == null ? "auto" : text.trim().toLowerCase(Locale.ROOT);
		if (t.isEmpty() || t.equals("auto")) return auto();
		if (t.equals("cpu")) return cpu();
		if (t.equals("gpu")) return new Device(Kind.GPU, 0);
		if (t.startsWith("gpu:")) {
			try {
				return new Device(Kind.GPU, Integer.parseInt(t.substring(4)));
			}
			catch (final NumberFormatException e) {
				// fall through to the message below
			}
		}
		throw new IllegalArgumentException("unknown device '" + text +
			"'; use auto, cpu, gpu or gpu:N (N = 0, 1, ...)");
	}

	/** Cores this process may use; 0 = all the machine has. */
	private static volatile int coresForThisProcess;

	/**
	 * Limits TensorFlow to {@code cores} threads in this process, for processes that share a
	 * machine with others (a cluster executor given one core of two). Only sessions created
	 * afterwards see it, and TensorFlow keeps the first session's thread pools, so call it before
	 * any model is loaded.
	 */
	public static void useCores(final int cores) {
		if (cores < 1) throw new IllegalArgumentException("cores must be at least 1, not " + cores);
		coresForThisProcess = cores;
	}

	private static int cores() {
		final int available = Runtime.getRuntime().availableProcessors();
		final int limit = coresForThisProcess;
		return limit > 0 ? Math.min(limit, available) : available;
	}

	/**
	 * The session configuration for this device. TensorFlow fixes its thread pools with the first
	 * session of the process, so every session here asks for the same threads: one intra-op
	 * thread per core and a single inter-op thread, which was fastest on small CPUs.
	 */
	public ConfigProto sessionConfig() {
		// Every TensorFlow session starts here, so the first one checks the jars Fiji loaded
		// before protobuf classes are touched.
		RuntimeLibraries.check();
		final int cores = cores();
		final ConfigProto.Builder config = ConfigProto.newBuilder()
			.setIntraOpParallelismThreads(cores)
			.setInterOpParallelismThreads(cores > 8 ? 2 : 1)
			.setAllowSoftPlacement(kind != Kind.GPU);
		if (usesBfloat16()) config.setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(
			RewriterConfig.newBuilder().setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON)));
		if (kind == Kind.CPU) config.putDeviceCount("GPU", 0);
		else config.setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true).setVisibleDeviceList(
			String.valueOf(gpuIndex)));
		return config.build();
	}

	/**
	 * The session configuration for training. On CPUs with native bfloat16 (AVX512_BF16 or AMX)
	 * oneDNN's auto mixed precision runs convolutions in bfloat16 while weights, Adam and the loss
	 * stay float32: the default U-Net's step took 0.29 s instead of 0.48 s on a 2-core Zen 4 with
	 * the same loss after 40 steps (0.130 vs 0.131). Inference keeps float32, so exported models
	 * reproduce their test tensors in any tool. Setting PIXELWISE_BF16=0 turns it off.
	 */
	public ConfigProto trainingConfig() {
		return withBfloat16(true).sessionConfig();
	}

	/**
	 * Checks that an explicitly requested GPU is usable, and fails with what to install when it
	 * is not. "auto" and "cpu" always pass: TensorFlow places ops on the CPU when no GPU exists.
	 */
	public void check() {
		if (kind != Kind.GPU) return;
		try (Graph graph = new Graph()) {
			final Ops tf = Ops.create(graph).withDevice(DeviceSpec.newBuilder().deviceType(
				DeviceSpec.DeviceType.GPU).deviceIndex(0).build());
			final Ops probe = tf.withName("gpu_probe");
			probe.math.add(tf.constant(1f), tf.constant(1f));
			try (Session session = new Session(graph, sessionConfig());
				Result result = session.runner().fetch("gpu_probe").run())
			{
				// The run itself is the check.
			}
		}
		catch (final RuntimeException e) {
			throw new IllegalStateException("GPU " + gpuIndex + " is not usable by TensorFlow (" + e
				.getMessage().split("\n")[0] + "). " + GPU_REQUIREMENTS +
				". Use device=cpu to run on the CPU.", e);
		}
	}

	@Override
	public String toString() {
		return (kind == Kind.GPU ? "gpu:" + gpuIndex : kind.name().toLowerCase(Locale.ROOT)) +
			(usesBfloat16() ? " (bfloat16)" : "");
	}
}
