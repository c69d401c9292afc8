package org.pixelwise.device;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Checks, before TensorFlow is first used, that the protobuf-java and JavaCPP that this JVM
 * actually loaded are versions TensorFlow Java 1.1.0 works with. A Fiji ships its own jars of
 * both, and with the wrong ones TensorFlow fails deep inside with a Java error that tells a
 * user nothing: protobuf-java 4.26 to 4.28.2 (pom-scijava 40 to 42 pin 4.28.2) break every
 * model load ({@code NoSuchMethodError ... ListValue.mutableCopy}, or
 * {@code NoClassDefFoundError} with 4.26), while 3.x and 4.28.3 to 4.32 work.
 * Versions are read from the loaded classes (protobuf's {@code RuntimeVersion}) or the manifest
 * of the jar they came from, never from file names.
 */
public final class RuntimeLibraries {

	/** The JavaCPP that TensorFlow Java 1.1.0's native libraries were built with. */
	static final String JAVACPP = "1.5.10";

	private static volatile String verified;

	private RuntimeLibraries() {}

	/** Throws, once per JVM, with what to do when a loaded library breaks TensorFlow. */
	public static void check() {
		if (verified != null) return;
		final Library protobuf = Library.of("com.google.protobuf.Message");
		final Library javacpp = Library.of("org.bytedeco.javacpp.Pointer");
		final String problem = problem(protobuf, javacpp);
		if (problem != null) throw new IllegalStateException(problem);
		verified = protobuf + ", " + javacpp;
	}

	/** What is wrong with these libraries for TensorFlow Java 1.1.0, or null when nothing is. */
	static String problem(final Library protobuf, final Library javacpp) {
		if (protobuf.version == null) return null; // classes not from a jar: a developer's build
		final int[] p = numbers(protobuf.version);
		// Measured by loading a model: 3.11.4, 3.19.6, 3.21.12, 3.25.x, 4.28.3 and 4.32.0 work;
		// 4.26.1 (NoClassDefFoundError GeneratedMessageV3), 4.27.5 and 4.28.2 (NoSuchMethodError) fail.
		final boolean broken = p[0] == 4 && (p[1] < 28 || p[1] == 28 && p[2] < 3);
		if (broken) return String.format(
			"protobuf-java %s (loaded from %s) breaks TensorFlow Java, which Pixelwise runs on: it " +
				"needs protobuf-java 3.x, or 4.28.3 or later. Update Fiji (Help > Update), or " +
				"replace that jar in Fiji.app/jars with protobuf-java-4.32.0.jar from Pixelwise's " +
				"plugins/lib, then restart Fiji", protobuf.version, protobuf.jar);
		if (javacpp.version == null) return null;
		final int[] j = numbers(javacpp.version);
		final int[] needed = numbers(JAVACPP);
		if (compare(j, needed) < 0) return String.format(
			"JavaCPP %s (loaded from %s) is older than the %s that TensorFlow Java's native " +
				"libraries need. Replace that jar in Fiji.app/jars with javacpp-%s.jar from " +
				"Pixelwise's plugins/lib, then restart Fiji", javacpp.version, javacpp.jar, JAVACPP,
			JAVACPP);
		return null;
	}

	/** The libraries this JVM loaded, for messages and the benchmark's report. */
	public static String describe() {
		return Library.of("com.google.protobuf.Message") + ", " + Library.of(
			"org.bytedeco.javacpp.Pointer");
	}

	private static int compare(final int[] a, final int[] b) {
		for (int i = 0; i < 3; i++)
			if (a[i] != b[i]) return Integer.compare(a[i], b[i]);
		return 0;
	}

	/** Major, minor and patch of "4.28.3", "3.25.5-rc1" or "1.5.10"; missing parts are 0. */
	static int[] numbers(final String version) {
		final int[] n = new int[3];
		final String[] parts = version.split("[^0-9]+");
		for (int i = 0, k = 0; i < parts.length && k < 3; i++)
			if (!parts[i].isEmpty()) n[k++] = Integer.parseInt(parts[i]);
		return n;
	}

	/** A library as loaded: its version (null when unknown) and the jar it came from. */
	static final class Library {

		final String name;
		final String version;
		final String jar;

		Library(final String name, final String version, final String jar) {
			this.name = name;
			this.version = version;
			this.jar = jar;
		}

		/** The library that holds this class, without initialising the class. */
		static Library of(final String className) {
			final Class<?> type;
			try {
				type = Class.forName(className, false, RuntimeLibraries.class.getClassLoader());
			}
			catch (final ClassNotFoundException e) {
				return new Library(className, null, "nowhere (the class is missing)");
			}
			final Path jar = jarOf(type);
			final String version = className.startsWith("com.google.protobuf")
				? protobufVersion(type.getClassLoader(), jar) : manifestVersion(jar);
			return new Library(className.startsWith("com.google") ? "protobuf-java" : "JavaCPP",
				version, jar == null ? "an unknown place" : jar.toString());
		}

		/** protobuf 4 says its version in RuntimeVersion; read at run time, not compiled in. */
		private static String protobufVersion(final ClassLoader loader, final Path jar) {
			try {
				final Class<?> runtime = Class.forName("com.google.protobuf.RuntimeVersion", true,
					loader);
				return runtime.getField("MAJOR").getInt(null) + "." + runtime.getField("MINOR").getInt(
					null) + "." + runtime.getField("PATCH").getInt(null);
			}
			catch (final ReflectiveOperationException | LinkageError e) {
				return manifestVersion(jar); // protobuf 3 has no RuntimeVersion
			}
		}

		private static String manifestVersion(final Path jar) {
			if (jar == null || !Files.isRegularFile(jar)) return null;
			try (JarFile file = new JarFile(jar.toFile())) {
				final Manifest manifest = file.getManifest();
				if (manifest == null) return null;
				final Attributes main = manifest.getMainAttributes();
				for (final String key : new String[] { "Bundle-Version", "Implementation-Version" }) {
					final String value = main.getValue(key);
					if (value != null && !value.isEmpty()) return value.trim();
				}
				return null;
			}
			catch (final IOException e) {
				return null;
			}
		}

		private static Path jarOf(final Class<?> type) {
			final CodeSource source = type.getProtectionDomain().getCodeSource();
			if (source == null || source.getLocation() == null) return null;
			try {
				return Paths.get(source.getLocation().toURI());
			}
			catch (final URISyntaxException | RuntimeException e) {
				return null;
			}
		}

		@Override
		public String toString() {
			return name + " " + (version == null ? "(version unknown)" : version) + " from " + jar;
		}
	}
}
