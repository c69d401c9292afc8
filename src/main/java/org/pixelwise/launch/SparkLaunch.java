package org.pixelwise.launch;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.pixelwise.spark.FolderRequest;
import org.pixelwise.spark.SparkFolderJob;
import org.pixelwise.spark.SparkMode;
import org.scijava.Context;
import org.scijava.command.CommandInfo;

/**
 * The launcher's {@code spark} mode:
 * {@code spark [--master URL] [--conf key=value]... [--split-above-tiles N] --run "<label>" "options"}
 * runs Segment Folder or Restore Folder on Spark with the same options as {@code --run}, read
 * and range-checked by the command's own parameters before Spark starts.
 */
final class SparkLaunch {

	static final int DEFAULT_SPLIT_ABOVE_TILES = 16;

	private SparkLaunch() {}

	static int run(final String[] args, final PrintStream out) throws LaunchFailure {
		String master = null;
		int splitAbove = DEFAULT_SPLIT_ABOVE_TILES;
		final Map<String, String> conf = new LinkedHashMap<>();
		String label = null;
		String options = "";
		for (int i = 1; i < args.length; i++) {
			final String arg = args[i];
			if (arg.equals("--run")) {
				if (i + 1 >= args.length) throw usage("--run needs the command's label");
				label = args[++i];
				if (i + 1 < args.length) options = args[++i];
				if (i + 1 < args.length) throw usage("nothing may follow the options of --run, but '" +
					args[i + 1] + "' does");
			}
			else if (arg.equals("--master") && i + 1 < args.length) master = args[++i];
			else if (arg.equals("--conf") && i + 1 < args.length && args[i + 1].contains("=")) {
				final String setting = args[++i];
				conf.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf(
					'=') + 1));
			}
			else if (arg.equals("--split-above-tiles") && i + 1 < args.length) splitAbove = count(
				args[++i]);
			else throw usage("unknown or incomplete spark option '" + arg + "'");
		}
		if (label == null) throw usage("say what to run: --run \"" + FolderRequest.Kind.SEGMENT.label +
			"\" \"model=...,input=...,output=...\"");
		if (!FolderRequest.runs(label)) throw usage(String.format(Locale.ROOT,
			"Spark runs '%s' and '%s', not '%s'", FolderRequest.Kind.SEGMENT.label,
			FolderRequest.Kind.RESTORE.label, label));
		if (!SparkJars.onClassPath()) throw new LaunchFailure(LaunchFailure.USAGE,
			"Apache Spark is not on the class path; run the launcher without PIXELWISE_TF_LOG=1 " +
				"(it then adds Spark's jars itself), or use spark-submit");
		final Map<String, Object> inputs = inputs(label, options);
		// spark-submit passes its --master as a system property.
		if (master == null) master = System.getProperty("spark.master");
		final SparkFolderJob.Outcome outcome;
		try {
			outcome = SparkMode.run(label, inputs, master, conf, executorClassPath(), splitAbove, out);
		}
		catch (final IllegalArgumentException e) {
			throw new LaunchFailure(LaunchFailure.USAGE, "'" + label + "' cannot start: " + e
				.getMessage());
		}
		catch (final Exception e) {
			throw new LaunchFailure(LaunchFailure.FAILED, "'" + label + "' on Spark failed: " +
				LaunchFailure.reason(e));
		}
		final String summary = outcome.summary(FolderRequest.of(label, inputs));
		if (!outcome.failed.isEmpty()) throw LaunchFailure.ofCommand(summary);
		out.println("Pixelwise: " + summary);
		return 0;
	}

	/** The command's inputs as --run would set them, checked; the command does not run. */
	private static Map<String, Object> inputs(final String label, final String options)
		throws LaunchFailure
	{
		final Map<String, String> parsed;
		try {
			parsed = CommandLine.runOptions(options);
		}
		catch (final IllegalArgumentException e) {
			throw usage(e.getMessage());
		}
		final Context context = Launcher.headlessContext();
		try {
			final CommandRunner commands = new CommandRunner(context);
			final CommandInfo info = commands.find(label);
			return commands.inputs(info, parsed);
		}
		finally {
			context.dispose();
		}
	}

	/**
	 * What executors need on their class path: this launcher's jar, whose manifest names
	 * TensorFlow's and the other jars in {@code lib/}. Null when running from class folders (a
	 * development tree), where the caller passes spark.executor.extraClassPath itself.
	 */
	private static String executorClassPath() {
		final Path jar = SparkJars.launcherJar();
		return jar != null && Files.isRegularFile(jar) ? jar.toAbsolutePath().toString() : null;
	}

	private static int count(final String text) throws LaunchFailure {
		try {
			final int n = Integer.parseInt(text.trim());
			if (n >= 1) return n;
		}
		catch (final NumberFormatException e) {
			// reported below
		}
		throw usage("--split-above-tiles takes a whole number of tiles, 1 or more, not '" + text +
			"'");
	}

	private static LaunchFailure usage(final String message) {
		return new LaunchFailure(LaunchFailure.USAGE, message + " (usage: spark [--master URL] " +
			"[--conf key=value]... [--split-above-tiles N] --run \"<label>\" \"key=value,...\")");
	}

	static boolean isSparkMode(final String[] args) {
		return args.length > 0 && args[0].equals("spark");
	}
}
