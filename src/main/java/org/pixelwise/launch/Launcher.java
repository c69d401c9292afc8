package org.pixelwise.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import org.pixelwise.command.CommandOutcomes;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.log.LogService;
import org.scijava.module.ModuleService;
import org.scijava.plugin.PluginService;

/**
 * Entry point of {@code plugins/pixelwise.jar}, which gives batch servers and CI what Fiji's
 * launcher gives inside Fiji. Without arguments (or with {@code demo}) it runs the newcomer's
 * demo; {@code --run "Label" "key=value,..."} runs one Pixelwise command headless;
 * {@code -batch macro.ijm [argument]} runs an ImageJ 1 macro headless that can call the
 * commands with {@code run("Label", "key=value ...")}; {@code --help} lists the commands and
 * their options. The exit status is 0 when all went well, 1 when the work failed and 2 when the
 * request was wrong.
 */
public final class Launcher {

	private Launcher() {}

	public static void main(final String[] args) {
		if (QuietJvm.wanted()) try {
			System.exit(QuietJvm.run(args, System.err));
		}
		catch (final LaunchFailure e) {
			System.err.println("pixelwise: " + e.getMessage());
			System.exit(e.exitStatus);
		}
		catch (final IOException | InterruptedException e) {
			System.err.println("pixelwise: cannot start the worker JVM (" + e.getMessage() +
				"); set PIXELWISE_TF_LOG=1 to run in this one");
			System.exit(LaunchFailure.FAILED);
		}
		QuietJvm.followParent();
		System.exit(run(args, System.out, System.err));
	}

	/** Runs what the arguments ask for and returns the exit status. */
	public static int run(final String[] arguments, final PrintStream out, final PrintStream err) {
		System.setProperty("java.awt.headless", "true");
		// Lines copied from a Fiji call may start with Fiji's --headless; the launcher always is.
		int first = 0;
		while (first < arguments.length && arguments[first].equals("--headless"))
			first++;
		final String[] args = Arrays.copyOfRange(arguments, first, arguments.length);
		try {
			if (args.length == 0 || args[0].equals("demo")) {
				Demo.run(Paths.get(args.length > 1 ? args[1] : "pixelwise-output"), out);
				return 0;
			}
			switch (args[0]) {
				case "demo-3d":
					if (args.length > 3) throw new LaunchFailure(LaunchFailure.USAGE,
						"write demo-3d [output-folder] [steps]");
					VolumeDemo.run(Paths.get(args.length > 1 ? args[1] : "pixelwise-output-3d"),
						args.length > 2 ? steps(args[2]) : 600, out);
					return 0;
				case "demo-3d-denoise":
					if (args.length > 3) throw new LaunchFailure(LaunchFailure.USAGE,
						"write demo-3d-denoise [output-folder] [steps]");
					VolumeDenoiseDemo.run(Paths.get(args.length > 1 ? args[1]
						: "pixelwise-output-3d-denoise"), args.length > 2 ? steps(args[2]) : 400, out);
					return 0;
				case "spark":
					return SparkLaunch.run(args, out);
				case "bench":
					return org.pixelwise.bench.Benchmark.run(Arrays.copyOfRange(args, 1, args.length), out,
						err);
				case "--help":
				case "-h":
					help(out);
					return 0;
				case "--run":
					if (args.length < 2 || args.length > 3)
						throw new LaunchFailure(LaunchFailure.USAGE,
							"write --run \"<label>\" \"key=value,...\"; run with --help for the labels");
					runCommand(args[1], args.length > 2 ? args[2] : "", out);
					return 0;
				case "-batch":
				case "--batch":
					if (args.length < 2 || args.length > 3)
						throw new LaunchFailure(LaunchFailure.USAGE,
							"write -batch <macro.ijm> [argument]");
					runMacro(Paths.get(args[1]), args.length > 2 ? args[2] : "");
					return 0;
				default:
					throw new LaunchFailure(LaunchFailure.USAGE, String.format(Locale.ROOT,
						"unknown mode '%s'; run with --help to see what is available", args[0]));
			}
		}
		catch (final LaunchFailure e) {
			err.println("pixelwise: " + e.getMessage());
			return e.exitStatus;
		}
		catch (final Exception | OutOfMemoryError e) {
			err.println("pixelwise: " + LaunchFailure.reason(e));
			return LaunchFailure.FAILED;
		}
	}

	/**
	 * The services a headless run needs, and their dependencies. The commands get whatever of
	 * these they ask for; a full context would also start services for displays and user
	 * interfaces that a batch run never uses.
	 */
	static Context headlessContext() {
		final Context context = new Context(CommandService.class, ModuleService.class,
			ConvertService.class, LogService.class, StatusService.class, PluginService.class,
			CommandOutcomes.class, org.pixelwise.command.LoadedModels.class);
		// The launcher prints a failed command's reason itself, once.
		context.service(CommandOutcomes.class).setLogFailures(false);
		return context;
	}

	private static int steps(final String value) throws LaunchFailure {
		try {
			return Integer.parseInt(value);
		}
		catch (final NumberFormatException e) {
			throw new LaunchFailure(LaunchFailure.USAGE, "steps '" + value +
				"' is not a whole number; write e.g. demo-3d out 600");
		}
	}

	private static void help(final PrintStream out) {
		Usage.printLaunchModes(out);
		final Context context = headlessContext();
		try {
			Usage.printCommands(new CommandRunner(context).pixelwiseCommands(), context.service(
				ModuleService.class), out);
		}
		finally {
			context.dispose();
		}
	}

	private static void runCommand(final String label, final String options,
		final PrintStream out) throws LaunchFailure
	{
		final Map<String, String> parsed;
		try {
			parsed = CommandLine.runOptions(options);
		}
		catch (final IllegalArgumentException e) {
			throw new LaunchFailure(LaunchFailure.USAGE, e.getMessage());
		}
		final Context context = headlessContext();
		try {
			final CommandRunner commands = new CommandRunner(context);
			final CommandInfo info = commands.find(label);
			for (final Map.Entry<String, Object> output : commands.run(info, parsed, false)
				.entrySet())
				out.println(CommandRunner.format(output.getKey(), output.getValue()));
		}
		finally {
			context.dispose();
		}
	}

	private static void runMacro(final Path macro, final String argument) throws LaunchFailure {
		final Context context = headlessContext();
		try {
			BatchMacro.run(new CommandRunner(context), macro, argument);
		}
		finally {
			context.dispose();
		}
	}
}
