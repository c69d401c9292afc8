package org.pixelwise.launch;

import java.io.PrintStream;
import java.util.List;

import org.scijava.command.CommandInfo;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;

/**
 * What {@code --help} prints: how to call the launcher, then every Pixelwise command with its
 * label, menu path and options (name, type, default or "required", description), which is
 * everything needed to write a {@code --run} line or a macro line.
 */
final class Usage {

	private Usage() {}

	static void printLaunchModes(final PrintStream out) {
		out.println("usage:");
		out.println("  java -jar plugins/pixelwise.jar [demo [output-folder]]");
		out.println("      train a small U-Net on synthetic nuclei and segment held-out images");
		out.println("  java -jar plugins/pixelwise.jar demo-3d [output-folder] [steps]");
		out.println("      train a 3-D U-Net and a 2-D one on synthetic z-stacks of nuclei (600 steps by default)");
		out.println("      and compare them on an unseen 64x256x256 stack");
		out.println("  java -jar plugins/pixelwise.jar demo-3d-denoise [output-folder] [steps]");
		out.println("      Noise2Void with a 3-D U-Net and a 2-D one on noisy synthetic z-stacks (400 steps by");
		out.println("      default), scored against the noise-free truth of an unseen stack next to Gaussian blurs");
		out.println("  java -jar plugins/pixelwise.jar --run \"<label>\" \"key=value,key='value, with commas',key=[value]\"");
		out.println("      run one command headless, as Fiji's ImageJ --headless --run does; prints its outputs");
		out.println("  java -jar plugins/pixelwise.jar -batch <macro.ijm> [argument]");
		out.println("      run an ImageJ 1 macro headless in batch mode; getArgument() returns the argument;");
		out.println("      run(\"<label>\", \"key=value key=[value with spaces]\") reaches the commands below");
		out.println("  java -jar plugins/pixelwise.jar spark [--master URL] [--conf key=value]... [--split-above-tiles N] --run \"<label>\" \"key=value,...\"");
		out.println("      run Segment Folder or Restore Folder on Apache Spark (embedded without --master)");
		out.println("  java -jar plugins/pixelwise.jar bench [--quick] [--no-peer] [--volumes] [--python PATH]");
		out.println("      time training and prediction, side by side with a PyTorch peer when installed");
		out.println("  java -jar plugins/pixelwise.jar --help");
		out.println("exit status: 0 done, 1 the command or macro failed, 2 the request was wrong");
	}

	static void printCommands(final List<CommandInfo> commands, final ModuleService modules,
		final PrintStream out)
	{
		out.println();
		out.println("commands:");
		for (final CommandInfo info : commands) {
			out.println();
			out.printf("  %s   (%s)%n", info.getLabel(), info.getMenuPath().getMenuString());
			if (info.getDescription() != null && !info.getDescription().isEmpty())
				out.println("      " + info.getDescription());
			final Module defaults = defaults(info, modules);
			for (final ModuleItem<?> item : CommandRunner.options(info))
				out.printf("    %-20s %s, %s%s%n", item.getName(), item.getType().getSimpleName(),
					state(item, defaults), CommandRunner.describe(item));
		}
	}

	/** A fresh instance of the command, whose fields hold their initial values. */
	private static Module defaults(final CommandInfo info, final ModuleService modules) {
		try {
			return modules.createModule(info);
		}
		catch (final RuntimeException e) {
			return null;
		}
	}

	private static String state(final ModuleItem<?> item, final Module defaults) {
		final Object value = defaults == null ? null : defaults.getInput(item.getName());
		if (value != null && !"".equals(value))
			return "default " + value;
		return item.isRequired() ? "required" : "optional";
	}
}
