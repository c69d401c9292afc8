package org.pixelwise.launch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

import ij.ImagePlus;
import ij.WindowManager;

import org.pixelwise.command.Failures;
import org.pixelwise.command.OptionRanges;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.MenuPath;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;
import org.scijava.log.Logger;
import org.scijava.module.Module;
import org.scijava.module.ModuleException;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleRunner;
import org.scijava.module.ModuleService;
import org.scijava.module.process.InitPreprocessor;
import org.scijava.module.process.LoggerPreprocessor;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.module.process.ServicePreprocessor;
import org.scijava.module.process.ValidityPreprocessor;
import org.scijava.service.Service;

/**
 * Runs a SciJava command from text, the way Fiji's {@code --run} and the macro bridge do: it
 * finds the command by its label, converts each {@code key=value} option to the type of the
 * parameter with that name, runs the command, waits for it and hands back its outputs.
 * Mistakes in what was asked for become {@link LaunchFailure}s with exit status 2 that say what
 * to write instead; a command that throws or cancels becomes one with status 1 and its reason.
 */
public final class CommandRunner {

	/** Commands whose menu path starts with this (first two entries) are Pixelwise's own. */
	private static final String MENU = "Plugins";
	private static final String SUBMENU_PREFIX = "Pixelwise";

	private final Context context;
	private final CommandService commands;
	private final ModuleService modules;
	private final ConvertService convert;

	public CommandRunner(final Context context) {
		this.context = context;
		this.commands = context.service(CommandService.class);
		this.modules = context.service(ModuleService.class);
		this.convert = context.service(ConvertService.class);
		// A failing command is reported here in one line; the module runner would also log it
		// with its whole stack trace.
		context.service(LogService.class).setLevel(ModuleRunner.class.getName(), LogLevel.NONE);
	}

	/** Every command under {@code Plugins > Pixelwise...}, sorted by label. */
	public List<CommandInfo> pixelwiseCommands() {
		return commands.getCommands().stream().filter(CommandRunner::isPixelwise).sorted(Comparator
			.comparing(CommandInfo::getLabel)).collect(Collectors.toList());
	}

	private static boolean isPixelwise(final CommandInfo info) {
		final MenuPath path = info.getMenuPath();
		return path != null && path.size() > 2 && path.get(0).getName().equals(MENU) && path.get(1)
			.getName().startsWith(SUBMENU_PREFIX);
	}

	/**
	 * The command with this label, as Fiji's {@code --run} finds it. (Pixelwise's labels are
	 * also their menu names, so the same name works in a macro.)
	 */
	public CommandInfo find(final String label) throws LaunchFailure {
		return find(label, CommandInfo::getLabel);
	}

	/**
	 * The command a macro's {@code run(name, ...)} reaches: imagej-legacy lists SciJava commands
	 * in ImageJ 1's command table under the last entry of their menu path.
	 */
	public CommandInfo findByMenuName(final String name) throws LaunchFailure {
		return find(name, MacroCommandTable::name);
	}

	private CommandInfo find(final String wanted, final Function<CommandInfo, String> nameOf)
		throws LaunchFailure
	{
		final List<CommandInfo> all = commands.getCommands().stream().filter(info -> info
			.getMenuPath() != null && info.getMenuPath().getLeaf() != null).collect(Collectors
				.toList());
		for (final CommandInfo info : all)
			if (wanted.equals(nameOf.apply(info)))
				return info;
		final List<String> near = SimilarLabels.near(wanted, all.stream().map(nameOf).filter(
			l -> l != null && !l.isEmpty()).distinct().collect(Collectors.toList()));
		throw new LaunchFailure(LaunchFailure.USAGE, String.format("unknown command '%s'; %s",
			wanted, near.isEmpty() ? "run with --help to list the Pixelwise commands"
				: "did you mean " + near.stream().map(l -> "'" + l + "'").collect(Collectors.joining(
					", ")) + "?"));
	}

	/**
	 * The parameters a user can name in an option string: the inputs that are not services or
	 * loggers (those the context fills) and not messages.
	 */
	public static List<ModuleItem<?>> options(final CommandInfo info) {
		final List<ModuleItem<?>> options = new ArrayList<>();
		for (final ModuleItem<?> item : info.inputs()) {
			final Class<?> type = item.getType();
			if (Service.class.isAssignableFrom(type) || Context.class.isAssignableFrom(type) ||
				Logger.class.isAssignableFrom(type) || item.getVisibility() == ItemVisibility.MESSAGE)
				continue;
			options.add(item);
		}
		return options;
	}

	/**
	 * Runs the command with these options and waits for it.
	 *
	 * @param currentImageByDefault whether an image parameter the options do not name gets
	 *          ImageJ's current image, as an ImageJ 1 plugin would
	 * @return the outputs by name, in the command's order
	 */
	public Map<String, Object> run(final CommandInfo info, final Map<String, String> options,
		final boolean currentImageByDefault) throws LaunchFailure
	{
		final String label = info.getLabel();
		final Module module = prepared(info, options, currentImageByDefault);
		try {
			modules.run(module, false).get();
		}
		catch (final ExecutionException e) {
			throw LaunchFailure.ofCommand(String.format("'%s' failed: %s", label, Failures.describe(
				thrownByCommand(e))));
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new LaunchFailure(LaunchFailure.FAILED, String.format("'%s' was interrupted",
				label));
		}
		if (module instanceof Cancelable && ((Cancelable) module).isCanceled())
			throw LaunchFailure.ofCommand(String.format("'%s' stopped: %s", label, reasonOrDefault(
				((Cancelable) module).getCancelReason())));
		final Map<String, Object> outputs = new LinkedHashMap<>();
		for (final ModuleItem<?> item : info.outputs())
			outputs.put(item.getName(), module.getOutput(item.getName()));
		return outputs;
	}

	/**
	 * The values this command would run with, read and range-checked exactly as {@link #run}
	 * reads them, by option name; the command itself does not run. For front ends that do the
	 * command's work elsewhere (the Spark jobs) with the same request syntax.
	 */
	public Map<String, Object> inputs(final CommandInfo info, final Map<String, String> options)
		throws LaunchFailure
	{
		final Module module = prepared(info, options, false);
		final Map<String, Object> inputs = new LinkedHashMap<>();
		for (final ModuleItem<?> item : options(info))
			inputs.put(item.getName(), module.getInput(item.getName()));
		return inputs;
	}

	/** A module with these options set and checked, ready to run. */
	private Module prepared(final CommandInfo info, final Map<String, String> options,
		final boolean currentImageByDefault) throws LaunchFailure
	{
		final String label = info.getLabel();
		final Module module = create(info);
		final List<ModuleItem<?>> named = new ArrayList<>();
		for (final Map.Entry<String, String> option : options.entrySet()) {
			final ModuleItem<?> item = option(info, option.getKey());
			module.setInput(item.getName(), OptionValue.of(convert, label, item, option.getValue()));
			module.resolveInput(item.getName());
			named.add(item);
		}
		final ImagePlus current = currentImageByDefault ? WindowManager.getCurrentImage() : null;
		for (final ModuleItem<?> item : options(info))
			if (current != null && !named.contains(item) && ImageArgument.isImage(item.getType())) {
				module.setInput(item.getName(), current);
				module.resolveInput(item.getName());
			}
		prepare(module, label);
		for (final ModuleItem<?> item : options(info))
			if (item.isRequired() && module.getInput(item.getName()) == null)
				throw new LaunchFailure(LaunchFailure.USAGE, String.format(
					"'%s' needs option '%s' (%s)%s; add %s=...", label, item.getName(), item.getType()
						.getSimpleName(), describe(item), item.getName()));
		return module;
	}

	/**
	 * What the command itself threw: the module runner wraps it in a plain RuntimeException
	 * ("Module threw exception"), and the Future wraps that.
	 */
	private static Throwable thrownByCommand(final ExecutionException e) {
		final Throwable runner = e.getCause();
		if (runner == null)
			return e;
		return runner.getClass() == RuntimeException.class && runner.getCause() != null
			? runner.getCause() : runner;
	}

	private Module create(final CommandInfo info) throws LaunchFailure {
		if (!info.isValid())
			throw new LaunchFailure(LaunchFailure.FAILED, String.format(
				"command '%s' is broken: %s", info.getLabel(), info.getProblems()));
		try {
			final Module module = info.createModule();
			context.inject(module);
			return module;
		}
		catch (final ModuleException e) {
			throw new LaunchFailure(LaunchFailure.FAILED, String.format(
				"cannot create command '%s': %s", info.getLabel(), LaunchFailure.reason(e)));
		}
	}

	/**
	 * Runs only the preprocessing a batch run wants. The usual chain also loads each input's
	 * last-used value from the user's preferences (so an omitted option would silently take
	 * yesterday's value), saves them back, and asks a user interface for anything missing.
	 */
	private void prepare(final Module module, final String label) throws LaunchFailure {
		for (final PreprocessorPlugin step : Arrays.<PreprocessorPlugin> asList(
			new ValidityPreprocessor(), new ServicePreprocessor(), new LoggerPreprocessor(),
			new InitPreprocessor(), new OptionRanges()))
		{
			step.setContext(context);
			step.process(module);
			if (step.isCanceled()) throw new LaunchFailure(step instanceof OptionRanges
				? LaunchFailure.USAGE : LaunchFailure.FAILED, String.format("'%s' cannot start: %s",
					label, reasonOrDefault(step.getCancelReason())));
		}
	}

	private static String reasonOrDefault(final String reason) {
		return reason == null || reason.isEmpty() ? "it gave no reason" : reason;
	}

	private static ModuleItem<?> option(final CommandInfo info, final String key)
		throws LaunchFailure
	{
		final List<ModuleItem<?>> options = options(info);
		for (final ModuleItem<?> item : options)
			if (item.getName().equals(key))
				return item;
		throw new LaunchFailure(LaunchFailure.USAGE, String.format(
			"unknown option '%s' for '%s'%s; its options are: %s", key, info.getLabel(),
			RenamedOptions.hint(info.getLabel(), key), options.stream().map(ModuleItem::getName)
				.collect(Collectors.joining(", "))));
	}

	/** The description and allowed values of a parameter, for messages and help. */
	static String describe(final ModuleItem<?> item) {
		final StringBuilder text = new StringBuilder();
		final String description = item.getDescription();
		if (description != null && !description.isEmpty())
			text.append(": ").append(description);
		if (item.getChoices() != null && !item.getChoices().isEmpty())
			text.append(text.length() == 0 ? ": " : "; ").append("one of ").append(item
				.getChoices());
		return text.toString();
	}

	/** How an output reads on the console: {@code name = value}, images described. */
	static String format(final String name, final Object value) {
		return String.format(Locale.ROOT, "%s = %s", name, value instanceof ImagePlus
			? ImageArgument.describe((ImagePlus) value) : value);
	}
}
