package org.pixelwise.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ShortProcessor;

/**
 * What users get, not what the network can do: Segment Folder over a folder of large images and
 * Segment Image called again and again from a macro, each run as a user runs it, through the
 * launcher in a JVM of its own (one JVM: TensorFlow's log is not filtered through a second one),
 * with that process's peak resident memory.
 *
 * <p>The folder's time per image is the difference between a run over {@code n} images and a
 * run over one, divided by {@code n - 1}: JVM start, TensorFlow's start and the model load are
 * paid once per run and cancel out.
 */
final class UserLevel {

	private static final String LAUNCHER = "org.pixelwise.launch.Launcher";
	static final int MACRO_CALLS = 10;

	private UserLevel() {}

	/** Figures of Segment Folder over {@code count} synthetic {@code size}² images. */
	static List<Figure> segmentFolder(final Path work, final Path model, final int size,
		final int count) throws IOException, InterruptedException
	{
		final Path one = images(work.resolve("folder-one"), size, 1);
		final Path many = images(work.resolve("folder-many"), size, count);
		final Run first = launch(List.of("--run", "Pixelwise Segment Folder", options(model, one,
			work.resolve("out-one"))));
		final Run all = launch(List.of("--run", "Pixelwise Segment Folder", options(model, many,
			work.resolve("out-many"))));
		final double perImage = (all.seconds - first.seconds) / (count - 1);
		final String name = "user.segment_folder_" + size;
		return List.of(new Figure(name, 1 / perImage, "images/s"), new Figure(name + ".mpix",
			(double) size * size / perImage / 1e6, "MPix/s"), new Figure(name + ".startup", first.seconds -
				perImage, "s"), new Figure(name + ".peak_rss", all.peakRssMb, "MB"));
	}

	/**
	 * Figures of a macro that opens a {@code size}² image and calls Segment Image on it
	 * {@link #MACRO_CALLS} times: the first call (model load included) and the median of the
	 * later ones.
	 */
	static List<Figure> macroCalls(final Path work, final Path model, final int size)
		throws IOException, InterruptedException
	{
		final Path folder = images(work.resolve("macro-image"), size, 1);
		final Path macro = work.resolve("calls.ijm");
		Files.write(macro, String.join("\n", "for (i = 0; i < " + MACRO_CALLS + "; i++) {", "  open('" +
			folder.resolve("image-0.tif") + "');", "  t0 = getTime();", "  run('Pixelwise Segment Image', " +
				"'model=[" + model + "] show=labels');", "  print('call ' + (getTime() - t0));",
			"  close('*');", "}", "").getBytes(StandardCharsets.UTF_8));
		final Run run = launch(List.of("-batch", macro.toString()));
		final List<Double> calls = new ArrayList<>();
		for (final String line : run.lines)
			if (line.startsWith("call ")) calls.add(Double.parseDouble(line.substring(5).trim()));
		if (calls.size() != MACRO_CALLS) throw new IOException("the macro printed " + calls.size() +
			" of " + MACRO_CALLS + " call times: " + last(run.lines));
		final double[] later = calls.subList(1, calls.size()).stream().mapToDouble(Double::doubleValue)
			.sorted().toArray();
		final String name = "user.macro_segment_image_" + size;
		return List.of(new Figure(name + ".first", calls.get(0), "ms"), new Figure(name + ".later",
			later[later.length / 2], "ms"), new Figure(name + ".peak_rss", run.peakRssMb, "MB"));
	}

	/**
	 * The saved model's own network on one {@code size}² image, in milliseconds (median of the
	 * calls after a warm-up), as Segment Image runs it: the network time a macro call is set
	 * against.
	 */
	static double modelNetworkMs(final Path model, final int size) throws IOException {
		try (org.pixelwise.model.SegmentationModel loaded = org.pixelwise.model.SegmentationModel
			.load(model, org.pixelwise.device.Device.cpu().withPrecision("auto")))
		{
			final float[] input = new float[size * size * loaded.inputChannels()];
			final SyntheticBlobs blobs = SyntheticBlobs.make(size, size, 10);
			for (int i = 0; i < size * size; i++)
				input[i] = (blobs.pixels[i] & 0xffff) / 65535f;
			final float[] output = new float[size * size * loaded.outputChannels()];
			final double[] ms = new double[MACRO_CALLS + 2];
			for (int i = 0; i < ms.length; i++) {
				final long start = System.nanoTime();
				loaded.run(input, 1, size, size, output);
				ms[i] = (System.nanoTime() - start) / 1e6;
			}
			final double[] later = java.util.Arrays.copyOfRange(ms, 3, ms.length);
			java.util.Arrays.sort(later);
			return later[later.length / 2];
		}
	}

	private static String options(final Path model, final Path input, final Path output) {
		return String.format(Locale.ROOT, "model='%s',input='%s',output='%s'", model,
			input, output);
	}

	/** {@code count} 16-bit images of blobs on noise, as a microscope writes them. */
	private static Path images(final Path folder, final int size, final int count)
		throws IOException
	{
		Files.createDirectories(folder);
		for (int i = 0; i < count; i++) {
			final SyntheticBlobs blobs = SyntheticBlobs.make(size, size, 10 + i);
			IJ.saveAsTiff(new ImagePlus("image-" + i, new ShortProcessor(size, size, blobs.pixels,
				null)), folder.resolve("image-" + i + ".tif").toString());
		}
		return folder;
	}

	/** What one launcher process printed, how long it took and its peak resident memory. */
	private static final class Run {

		final List<String> lines = new ArrayList<>();
		double seconds;
		double peakRssMb = Double.NaN;
	}

	private static Run launch(final List<String> arguments) throws IOException,
		InterruptedException
	{
		final List<String> command = new ArrayList<>(Arrays.asList(ProcessHandle.current().info()
			.command().orElse("java"), "-Xmx4g"));
		for (final String key : System.getProperties().stringPropertyNames())
			if (key.startsWith("org.bytedeco.")) command.add("-D" + key + "=" + System.getProperty(key));
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), LAUNCHER));
		command.addAll(arguments);
		final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		// One JVM, so that its resident memory is all of the work's.
		builder.environment().put("PIXELWISE_TF_LOG", "1");
		builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
		final Run run = new Run();
		final long start = System.nanoTime();
		final Process child = builder.start();
		final Thread memory = new Thread(() -> {
			final Path status = Paths.get("/proc/" + child.pid() + "/status");
			while (child.isAlive()) {
				try {
					for (final String line : Files.readAllLines(status))
						if (line.startsWith("VmHWM:")) run.peakRssMb = Long.parseLong(line.replaceAll("[^0-9]",
							"")) / 1024.0;
					Thread.sleep(50);
				}
				catch (final IOException | RuntimeException e) {
					return; // exited, or no /proc here
				}
				catch (final InterruptedException e) {
					return;
				}
			}
		}, "peak-rss");
		memory.setDaemon(true);
		memory.start();
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
			StandardCharsets.UTF_8)))
		{
			for (String line; (line = lines.readLine()) != null;)
				run.lines.add(line);
		}
		final int status = child.waitFor();
		run.seconds = (System.nanoTime() - start) / 1e9;
		memory.join(1000);
		if (status != 0) throw new IOException("the launcher (" + String.join(" ", arguments) +
			") failed with exit status " + status + ": " + last(run.lines));
		return run;
	}

	private static String last(final List<String> lines) {
		return String.join(" / ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
	}
}
