package org.pixelwise.launch;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds Apache Spark's jars for the launcher's {@code spark} mode. Spark is not part of a Fiji
 * install (its jars would clash with Fiji's), so the launcher looks for them where a user has
 * them: {@code $SPARK_HOME/jars} of a Spark 3.5 installation built for Scala 2.12, or the
 * {@code target/spark/jars} that {@code mvn package} lays out next to {@code plugins/}.
 */
final class SparkJars {

	/** Set in the worker JVM to the folder whose jars it was given. */
	static final String FOLDER_ENV = "PIXELWISE_SPARK_JARS";

	private SparkJars() {}

	static boolean onClassPath() {
		try {
			Class.forName("org.apache.spark.SparkConf", false, SparkJars.class.getClassLoader());
			return true;
		}
		catch (final ClassNotFoundException | LinkageError e) {
			return false;
		}
	}

	/** The folder holding Spark's jars, or a LaunchFailure saying how to get them. */
	static Path folder() throws LaunchFailure {
		final List<Path> candidates = new ArrayList<>();
		final String home = System.getenv("SPARK_HOME");
		if (home != null && !home.isEmpty()) candidates.add(Paths.get(home, "jars"));
		final Path jar = launcherJar();
		if (jar != null && jar.getParent() != null && jar.getParent().getParent() != null)
			candidates.add(jar.getParent().getParent().resolve("target/spark/jars"));
		for (final Path candidate : candidates)
			if (hasSparkCore(candidate)) return candidate.toAbsolutePath();
		throw new LaunchFailure(LaunchFailure.USAGE, "Apache Spark's jars were not found (looked in " +
			candidates + "); run 'mvn package' in the Pixelwise source folder, which puts them in " +
			"target/spark/jars, or set SPARK_HOME to a Spark 3.5 installation built for Scala 2.12");
	}

	/** The jar (or class folder) this launcher runs from. */
	static Path launcherJar() {
		try {
			final URL location = SparkJars.class.getProtectionDomain().getCodeSource().getLocation();
			return location == null ? null : Paths.get(location.toURI());
		}
		catch (final URISyntaxException | SecurityException e) {
			return null;
		}
	}

	/**
	 * The JVM options Spark needs on Java 17+ ({@code --add-opens} for its serialisers), as
	 * Spark's own launcher lists them, so that they follow Spark's version.
	 */
	static List<String> javaOptions(final Path folder) {
		try (Stream<Path> jars = Files.list(folder)) {
			final Path launcher = jars.filter(p -> p.getFileName().toString().startsWith(
				"spark-launcher_")).findFirst().orElse(null);
			if (launcher == null) return new ArrayList<>();
			try (URLClassLoader loader = new URLClassLoader(new URL[] { launcher.toUri().toURL() },
				null))
			{
				final Method options = loader.loadClass("org.apache.spark.launcher.JavaModuleOptions")
					.getMethod("defaultModuleOptions");
				return new ArrayList<>(Arrays.asList(((String) options.invoke(null)).trim().split("\\s+")));
			}
		}
		catch (final Exception e) {
			return new ArrayList<>();
		}
	}

	private static boolean hasSparkCore(final Path folder) {
		if (!Files.isDirectory(folder)) return false;
		try (Stream<Path> jars = Files.list(folder)) {
			return jars.anyMatch(p -> p.getFileName().toString().startsWith("spark-core_"));
		}
		catch (final java.io.IOException e) {
			return false;
		}
	}

	/** A class path entry for every jar in the folder. */
	static String classPath(final Path folder) {
		return folder + File.separator + "*";
	}
}
