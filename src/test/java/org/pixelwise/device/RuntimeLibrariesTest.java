package org.pixelwise.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pixelwise.device.RuntimeLibraries.Library;

class RuntimeLibrariesTest {

	private static final Library JAVACPP = new Library("JavaCPP", "1.5.10", "/fiji/jars/javacpp.jar");

	private static Library protobuf(final String version) {
		return new Library("protobuf-java", version, "/fiji/jars/protobuf-java-" + version + ".jar");
	}

	@Test
	void refusesTheProtobufVersionsThatBreakTensorFlowNamingTheJarAndTheFix() {
		for (final String bad : new String[] { "4.26.1", "4.27.5", "4.28.2" }) {
			final String problem = RuntimeLibraries.problem(protobuf(bad), JAVACPP);
			assertTrue(problem.contains("protobuf-java " + bad + " (loaded from /fiji/jars/protobuf-java-" +
				bad + ".jar)"), problem);
			assertTrue(problem.contains("4.28.3 or later") && problem.contains("Help > Update") &&
				problem.contains("protobuf-java-4.32.0.jar"), problem);
		}
	}

	@Test
	void acceptsTheVersionsThatWork() {
		for (final String good : new String[] { "3.21.12", "3.25.5", "4.28.3", "4.32.0", "5.1.0" })
			assertNull(RuntimeLibraries.problem(protobuf(good), JAVACPP), good);
		assertNull(RuntimeLibraries.problem(protobuf(null), JAVACPP));
	}

	@Test
	void refusesAnOlderJavaCpp() {
		final String problem = RuntimeLibraries.problem(protobuf("4.32.0"), new Library("JavaCPP",
			"1.5.9", "/fiji/jars/javacpp-1.5.9.jar"));
		assertTrue(problem.contains("JavaCPP 1.5.9 (loaded from /fiji/jars/javacpp-1.5.9.jar)") &&
			problem.contains("javacpp-1.5.10.jar"), problem);
	}

	/** The versions come from the loaded classes, and the project's own pass. */
	@Test
	void readsTheLoadedVersions() {
		final String loaded = RuntimeLibraries.describe();
		assertTrue(loaded.matches("protobuf-java \\d+\\.\\d+\\.\\d+ from .*protobuf-java.*\\.jar, " +
			"JavaCPP 1\\.5\\.10 from .*javacpp.*\\.jar"), loaded);
		RuntimeLibraries.check();
		assertArrayEquals(new int[] { 3, 25, 5 }, RuntimeLibraries.numbers("3.25.5-rc1"));
	}
}
