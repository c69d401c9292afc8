package org.pixelwise.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.Macro;
import ij.Menus;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;

/**
 * The names and keys macros use, checked by the rules imagej-legacy applies in Fiji: a macro's
 * {@code run(name, ...)} finds a SciJava command by the last entry of its menu path, and each
 * parameter reads its value with ImageJ 1's {@code Macro.getValue(options, name)}.
 */
class MacroNamesAndKeysTest {

	private static final Pattern RUN = Pattern.compile("run\\(\\\\?\"([^\"\\\\]+)\\\\?\"");

	private static Context context;
	private static List<CommandInfo> commands;

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class);
		commands = new CommandRunner(context).pixelwiseCommands().stream().filter(
			info -> info.getDelegateClassName().startsWith("org.pixelwise.command.")).collect(Collectors.toList());
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	@Test
	void everyCommandIsNamedTheSameInTheMenuTheRecorderAndRunAndNoOtherPluginHasItsName() {
		assertEquals(19, commands.size(), commands.toString());
		final Set<String> names = new HashSet<>();
		for (final CommandInfo info : commands) {
			final String leaf = MacroCommandTable.name(info);
			assertEquals(info.getLabel(), leaf, "menu leaf and label differ");
			assertTrue(leaf.startsWith("Pixelwise "), leaf);
			assertTrue(names.add(leaf), "two commands named " + leaf);
		}
		for (final CommandInfo other : context.service(CommandService.class).getCommands())
			if (!commands.contains(other) && other.getMenuPath() != null && other.getMenuPath()
				.getLeaf() != null)
				assertFalse(names.contains(MacroCommandTable.name(other)), other.toString());
	}

	/** Every run("...") in macros/ and the README names a command ImageJ 1 would find in Fiji. */
	@Test
	void everyNameInTheShippedMacrosAndTheReadmeResolves() throws IOException {
		MacroCommandTable.install(commands);
		final List<String> texts = new ArrayList<>();
		try (Stream<Path> macros = Files.list(Paths.get("macros"))) {
			for (final Path macro : (Iterable<Path>) macros::iterator)
				texts.add(new String(Files.readAllBytes(macro), StandardCharsets.UTF_8));
		}
		texts.add(new String(Files.readAllBytes(Paths.get("README.md")), StandardCharsets.UTF_8));
		final Set<String> used = new HashSet<>();
		for (final String text : texts) {
			final Matcher run = RUN.matcher(text);
			while (run.find())
				used.add(run.group(1));
		}
		assertTrue(used.contains("Pixelwise Segment Folder"), used.toString());
		for (final String name : used)
			assertTrue(Menus.getCommands().containsKey(name), "a macro runs '" + name +
				"', which Fiji would not find");
	}

	/** The rule itself: a label that is not the menu leaf is not found. */
	@Test
	void theMacroBridgeFindsCommandsByMenuNameOnly() throws LaunchFailure {
		final CommandRunner runner = new CommandRunner(context);
		assertEquals("Pixelwise Test Echo", runner.findByMenuName("Pixelwise Test Echo").getLabel());
		final LaunchFailure wrong = org.junit.jupiter.api.Assertions.assertThrows(
			LaunchFailure.class, () -> runner.findByMenuName("Echo"));
		assertTrue(wrong.getMessage().contains("did you mean 'Pixelwise Test Echo'"), wrong
			.getMessage());
	}

	/**
	 * ImageJ 1 finds {@code key=} anywhere not preceded by a letter, so a key that ends another
	 * key of the same command after an underscore ({@code image} in {@code label_image=x}) would
	 * take that key's value whenever it is not given itself.
	 */
	@Test
	void noKeyReadsAnotherKeysValue() {
		for (final CommandInfo info : commands) {
			final List<String> keys = keys(info);
			for (final String a : keys)
				for (final String b : keys)
					if (!a.equals(b)) assertNull(Macro.getValue(b + "=x", a, null), String.format(
						"in '%s', key '%s' reads the value of '%s'", info.getLabel(), a, b));
		}
	}

	/** One key, one meaning: a key has the same type (and kind of value) in every command. */
	@Test
	void aKeyMeansTheSameInEveryCommand() {
		final Map<String, String> meaning = new HashMap<>();
		for (final CommandInfo info : commands)
			for (final ModuleItem<?> item : CommandRunner.options(info)) {
				final String kind = item.getType().getSimpleName() + (item.getChoices() == null ||
					item.getChoices().isEmpty() ? "" : " choice");
				final String before = meaning.putIfAbsent(item.getName(), kind + " in " + info
					.getLabel());
				if (before != null) assertTrue(before.startsWith(kind + " in "), String.format(
					"'%s' is %s but %s in %s", item.getName(), before, kind, info.getLabel()));
			}
		// The collisions Fiji users reported are gone.
		assertEquals("ImagePlus", meaning.get("image").split(" in ")[0]);
		assertEquals("File", meaning.get("output").split(" in ")[0]);
		assertEquals("File", meaning.get("source").split(" in ")[0]);
		assertEquals("File", meaning.get("labels").split(" in ")[0]);
	}

	@Test
	void macroOptionsAreReadAsImageJ1ReadsThem() {
		final List<String> names = List.of("image", "label_title", "model", "resume");
		final Map<String, String> read = CommandLine.macroOptions("X",
			"label_title=[a b] model='/x y/m' resume=true", names);
		assertEquals(Map.of("label_title", "a b", "model", "/x y/m", "resume", "true"), read);
		assertThrowsWith("has no value; write resume=true", () -> CommandLine.macroOptions("X",
			"resume", names));
		assertThrowsWith("unknown option 'Model' (option names are lower case)", () -> CommandLine
			.macroOptions("X", "Model=m", names));
		assertThrowsWith("'output' is now called 'show'", () -> CommandLine.macroOptions(
			"Pixelwise Segment Image", "output=labels", names));
	}

	private static void assertThrowsWith(final String text,
		final org.junit.jupiter.api.function.Executable run)
	{
		final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
			IllegalArgumentException.class, run);
		assertTrue(e.getMessage().contains(text), e.getMessage());
	}

	private static List<String> keys(final CommandInfo info) {
		return CommandRunner.options(info).stream().map(ModuleItem::getName).collect(Collectors
			.toList());
	}
}
