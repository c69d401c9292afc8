package org.pixelwise.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs the launcher in a child JVM whose standard error is filtered, so that a user sees
 * Pixelwise's lines and not TensorFlow's native log (about ten lines per model load, which
 * {@code TF_CPP_MIN_LOG_LEVEL} only partly silences: absl's lines ignore it, and a JVM cannot
 * set its own environment before TensorFlow reads it). {@code PIXELWISE_TF_LOG=1} runs in one
 * JVM and shows everything. The child also gets the JVM options that Java 24+ asks for, so
 * it prints no warnings about native access and {@code sun.misc.Unsafe}.
 * <p>
 * Signals reach the child: SIGTERM or Ctrl-C on the launcher is passed on (the child's training
 * saves its checkpoint), and a child whose launcher dies (kill -9) ends itself the same way.
 */
final class QuietJvm {

	static final String CHILD = "PIXELWISE_CHILD";
	static final String SHOW_TF_LOG = "PIXELWISE_TF_LOG";

	/** TensorFlow's and absl's native log lines, and the notes that come with them. */
	private static final Pattern NATIVE = Pattern.compile(
		"^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+: [IWEF] \\S+\\.cc:\\d+\\]|" +
			"[IWEF]\\d{4} [\\d:.]+ +\\d+ \\S+\\.cc:\\d+\\]|" +
			"WARNING: All log messages before absl::InitializeLog\\(\\)|" +
			"To enable the following instructions: )");

	private static final long SAVE_SECONDS = 150;

	private QuietJvm() {}

	/** Whether this process should start a quiet child rather than do the work itself. */
	static boolean wanted() {
		// Under spark-submit (which sets spark.master) Spark has set up this JVM as it wants it.
		return System.getenv(CHILD) == null && !"1".equals(System.getenv(SHOW_TF_LOG)) && System
			.getProperty("spark.master") == null;
	}

	/** In the child: end this JVM (saving what runs) when the launcher that started it dies. */
	static void followParent() {
		if (System.getenv(CHILD) == null) return;
		ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System
			.exit(143)));
	}

	static boolean isNativeLog(final String line) {
		return NATIVE.matcher(line).find();
	}

	/** Runs the arguments in a child JVM and returns its exit status. */
	static int run(final String[] args, final PrintStream err) throws IOException,
		InterruptedException, LaunchFailure
	{
		final List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
		if (Runtime.version().feature() >= 24) {
			command.add("--enable-native-access=ALL-UNNAMED");
			command.add("--sun-misc-unsafe-memory-access=allow");
		}
		String classPath = System.getProperty("java.class.path");
		if (SparkLaunch.isSparkMode(args) && !SparkJars.onClassPath()) {
			// Spark mode: Spark's jars join the class path of this worker JVM only.
			final java.nio.file.Path spark = SparkJars.folder();
			command.addAll(SparkJars.javaOptions(spark));
			classPath += java.io.File.pathSeparator + SparkJars.classPath(spark);
		}
		command.add("-cp");
		command.add(classPath);
		command.add(Launcher.class.getName());
		command.addAll(Arrays.asList(args));
		final ProcessBuilder builder = new ProcessBuilder(command).redirectInput(
			ProcessBuilder.Redirect.INHERIT).redirectOutput(ProcessBuilder.Redirect.INHERIT);
		builder.environment().put(CHILD, "1");
		builder.environment().putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "2");
		final Process child = builder.start();
		final Thread passOn = new Thread(() -> {
			child.destroy(); // SIGTERM: the child saves, then exits
			try {
				child.waitFor(SAVE_SECONDS, TimeUnit.SECONDS);
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}, "pixelwise-pass-signal-to-child");
		Runtime.getRuntime().addShutdownHook(passOn);
		final Thread filter = new Thread(() -> copyFiltered(child, err), "pixelwise-stderr");
		filter.start();
		final int status = child.waitFor();
		filter.join();
		try {
			Runtime.getRuntime().removeShutdownHook(passOn);
		}
		catch (final IllegalStateException e) {
			// shutting down: the hook has already passed the signal on
		}
		return status;
	}

	private static void copyFiltered(final Process child, final PrintStream err) {
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getErrorStream(),
			StandardCharsets.UTF_8)))
		{
			for (String line = lines.readLine(); line != null; line = lines.readLine())
				if (!isNativeLog(line)) {
					err.println(line);
					err.flush();
				}
		}
		catch (final IOException e) {
			err.println("pixelwise: lost the output of the worker JVM: " + e.getMessage());
		}
	}
}
