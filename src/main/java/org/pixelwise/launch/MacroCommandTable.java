package org.pixelwise.launch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Field;
import java.util.Hashtable;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.IJ;
import ij.Menus;

import org.scijava.command.CommandInfo;

/**
 * Lists our commands in ImageJ 1's command table, the table a macro's {@code run(name, ...)}
 * looks names up in, each as {@link MacroBridge} with its name as the plugin argument. The name
 * is the last entry of the command's menu path, as imagej-legacy lists SciJava commands in
 * Fiji: a macro that runs here runs there, and one that names a command by anything else (its
 * label, its class) fails here as it would in Fiji.
 * <p>
 * Headless, ImageJ 1 never builds that table: it builds it while building its menu bar, which
 * needs a screen. So the first time, this builds it from ImageJ 1's own list of menu commands
 * ({@code IJ_Props.txt} in {@code ij.jar}) and the commands its menu bar adds in code
 * ({@code imagej1-menu-commands.tsv}), so that a macro can still call built-in commands such as
 * {@code run("Gaussian Blur...", "sigma=2")} or {@code run("8-bit")}, as in Fiji.
 */
final class MacroCommandTable {

	/** {@code file03="Open...[o]",ij.plugin.Commands("open")}: label, shortcut, plugin. */
	private static final Pattern ENTRY = Pattern.compile("\"([^\"]+?)(\\[[^\\]]*\\])?\",(.+)");

	private MacroCommandTable() {}

	static void install(final List<CommandInfo> commands) {
		Hashtable<String, String> table = table();
		if (table == null) {
			table = builtInCommands();
			replaceTable(table);
		}
		for (final CommandInfo info : commands)
			table.put(name(info), MacroBridge.class.getName() + "(\"" + name(info) + "\")");
	}

	/** The name a macro runs a SciJava command by in Fiji: its menu leaf. */
	static String name(final CommandInfo info) {
		return info.getMenuPath().getLeaf().getName();
	}

	@SuppressWarnings("unchecked")
	private static Hashtable<String, String> table() {
		return Menus.getCommands();
	}

	private static Hashtable<String, String> builtInCommands() {
		final Properties props = new Properties();
		try (InputStream in = IJ.class.getResourceAsStream("/IJ_Props.txt")) {
			if (in != null)
				props.load(in);
		}
		catch (final IOException e) {
			throw new IllegalStateException("cannot read ImageJ's list of commands: " + e
				.getMessage(), e);
		}
		final Hashtable<String, String> table = new Hashtable<>();
		for (final String key : props.stringPropertyNames()) {
			final Matcher entry = ENTRY.matcher(props.getProperty(key));
			if (entry.matches())
				table.put(entry.group(1), entry.group(3).trim());
		}
		// ImageJ 1 adds the most used commands (Duplicate..., 8-bit, Measure...) in code.
		try (InputStream in = MacroCommandTable.class.getResourceAsStream(
			"imagej1-menu-commands.tsv"))
		{
			for (final String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				final String[] entry = line.split("\t");
				if (!line.startsWith("#") && entry.length == 2) table.putIfAbsent(entry[0], entry[1]);
			}
		}
		catch (final IOException | NullPointerException e) {
			throw new IllegalStateException("the launcher's list of ImageJ 1 commands is missing: " + e,
				e);
		}
		return table;
	}

	/** Menus keeps the table in a private field that only its menu-bar code sets. */
	private static void replaceTable(final Hashtable<String, String> table) {
		try {
			final Field field = Menus.class.getDeclaredField("pluginsTable");
			field.setAccessible(true);
			field.set(null, table);
		}
		catch (final ReflectiveOperationException | RuntimeException e) {
			throw new IllegalStateException(
				"this version of ImageJ 1 keeps its command table elsewhere; macros cannot reach Pixelwise commands headless: " +
					e, e);
		}
	}
}
