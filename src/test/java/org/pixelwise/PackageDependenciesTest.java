package org.pixelwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The shape of the code: Pixelwise's packages depend on each other without cycles, and the
 * engine (everything but the Fiji, command-line, cluster and benchmark layers) knows nothing of
 * ImageJ or SciJava. Read from the sources, with comments and string literals left out (a class
 * name in a string, as in a subprocess's command line, is not a compile-time dependency).
 */
class PackageDependenciesTest {

	private static final Path SOURCES = Paths.get("src/main/java/org/pixelwise");
	private static final Set<String> FRONT = Set.of("imagej", "command", "launch", "spark", "bench");
	private static final Pattern REFERENCE = Pattern.compile("\\borg\\.pixelwise\\.(\\w+)\\.[A-Z*]");
	private static final Pattern FIJI = Pattern.compile("(?m)^import\\s+(static\\s+)?(ij|net\\.imagej|org\\.scijava)\\.");

	@Test
	void packagesFormNoCycle() throws IOException {
		final Map<String, Set<String>> dependencies = dependencies();
		assertTrue(dependencies.size() >= 10, "found the packages: " + dependencies.keySet());
		final List<List<String>> cycles = StronglyConnected.cycles(dependencies);
		final StringBuilder list = new StringBuilder();
		dependencies.forEach((p, d) -> list.append(p).append(" -> ").append(d).append('\n'));
		assertEquals(List.of(), cycles, "package cycles; the dependencies are:\n" + list);
	}

	@Test
	void engineKnowsNothingOfFiji() throws IOException {
		final List<String> offenders = new ArrayList<>();
		for (final String pkg : dependencies().keySet()) {
			if (FRONT.contains(pkg)) continue;
			try (Stream<Path> files = Files.list(SOURCES.resolve(pkg))) {
				for (final Path f : (Iterable<Path>) files::iterator) {
					if (FIJI.matcher(Files.readString(f)).find()) offenders.add(pkg + "/" + f.getFileName());
				}
			}
		}
		assertEquals(List.of(), offenders, "engine classes that import ImageJ or SciJava");
	}

	/** Each package and the other Pixelwise packages its main sources refer to. */
	static Map<String, Set<String>> dependencies() throws IOException {
		final Map<String, Set<String>> graph = new TreeMap<>();
		try (Stream<Path> packages = Files.list(SOURCES)) {
			for (final Path dir : (Iterable<Path>) packages::iterator) {
				if (!Files.isDirectory(dir)) continue;
				final String pkg = dir.getFileName().toString();
				final Set<String> uses = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
				try (Stream<Path> files = Files.walk(dir)) {
					for (final Path f : (Iterable<Path>) files::iterator) {
						if (!f.toString().endsWith(".java")) continue;
						final Matcher m = REFERENCE.matcher(code(Files.readString(f)));
						while (m.find())
							if (!m.group(1).equals(pkg)) uses.add(m.group(1));
					}
				}
			}
		}
		return graph;
	}

	/** Java source without comments and string or character literals. */
	static String code(final String source) {
		final StringBuilder out = new StringBuilder(source.length());
		int i = 0;
		while (i < source.length()) {
			final char c = source.charAt(i);
			final char next = i + 1 < source.length() ? source.charAt(i + 1) : 0;
			if (c == '/' && next == '/') {
				while (i < source.length() && source.charAt(i) != '\n') i++;
			}
			else if (c == '/' && next == '*') {
				final int end = source.indexOf("*/", i + 2);
				i = end < 0 ? source.length() : end + 2;
			}
			else if (c == '"' && source.startsWith("\"\"\"", i)) {
				final int end = source.indexOf("\"\"\"", i + 3);
				i = end < 0 ? source.length() : end + 3;
			}
			else if (c == '"' || c == '\'') {
				i++;
				while (i < source.length() && source.charAt(i) != c) i += source.charAt(i) == '\\' ? 2 : 1;
				i++;
			}
			else out.append(source.charAt(i++));
		}
		return out.toString();
	}

	@Test
	void codeLeavesOutCommentsAndStrings() {
		assertEquals("a  b  c", code("a /* org.pixelwise.x.Y */ b \"org.pixelwise.x.Y \\\" q\" c// z"));
	}

	@Test
	void findsACycle() {
		final Map<String, Set<String>> g = new TreeMap<>();
		g.put("a", Set.of("b"));
		g.put("b", Set.of("c"));
		g.put("c", Set.of("a"));
		g.put("d", Set.of("a"));
		assertEquals(List.of(List.of("a", "b", "c")), StronglyConnected.cycles(g));
	}
}
