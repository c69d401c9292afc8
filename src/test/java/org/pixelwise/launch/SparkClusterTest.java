package org.pixelwise.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ij.IJ;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone Spark cluster on the loopback interface: a master and a worker started from
 * the project's own Spark jars ({@code target/spark}, the build's SPARK_HOME), executors in
 * their own JVMs, one Segment Folder job submitted through the launcher's spark mode. Its
 * outputs equal the one-machine command's, and the test stops the cluster.
 */
class SparkClusterTest {

	static final Path SPARK_HOME = Paths.get("target/spark").toAbsolutePath();

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** A Spark daemon (master or worker) in its own JVM, as Spark's scripts start it. */
	static Process daemon(final Path log, final String... mainAndArguments) throws IOException {
		final List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(SparkJars.javaOptions(SPARK_HOME.resolve("jars")));
		command.add("-Xmx512m");
		command.add("-cp");
		command.add(SparkJars.classPath(SPARK_HOME.resolve("jars")));
		for (final String part : mainAndArguments)
			command.add(part);
		final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("SPARK_HOME", SPARK_HOME.toString());
		builder.environment().put("SPARK_SCALA_VERSION", "2.12");
		builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
		return builder.start();
	}

	static void stop(final Process process) throws InterruptedException {
		if (process == null) return;
		process.destroy();
		if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
	}

	@Test
	void aStandaloneMasterAndWorkerRunSegmentFolder(@TempDir final Path dir) throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in"));
		for (int i = 0; i < 3; i++)
			IJ.saveAsTiff(SparkLaunchTest.nuclei(96, 80, 20 + i), in.resolve("c" + i + ".tif")
				.toString());
		final Path one = dir.resolve("one-machine");
		final LaunchResult single = LaunchResult.of("--run", "Pixelwise Segment Folder",
			SparkLaunchTest.request(in, one, ""));
		assertEquals(0, single.status, single.toString());
		final int port = freePort();
		Process master = null;
		Process worker = null;
		try {
			master = daemon(dir.resolve("master.log"), "org.apache.spark.deploy.master.Master",
				"--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(
					freePort()));
			worker = daemon(dir.resolve("worker.log"), "org.apache.spark.deploy.worker.Worker",
				"--host", "127.0.0.1", "--cores", "1", "--memory", "2g", "--webui-port", String.valueOf(
					freePort()), "--work-dir", dir.resolve("work").toString(), "spark://127.0.0.1:" + port);
			final Path out = dir.resolve("cluster");
			final LaunchResult r = LaunchResult.of("spark", "--master", "spark://127.0.0.1:" + port,
				"--conf", "spark.executor.extraClassPath=" + executorClassPath(), "--conf",
				"spark.executor.cores=1", "--conf", "spark.executor.memory=1500m", "--conf",
				"spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1", "--run",
				"Pixelwise Segment Folder", SparkLaunchTest.request(in, out, ""));
			assertEquals(0, r.status, r + "\n--- worker log:\n" + new String(Files.readAllBytes(dir
				.resolve("worker.log"))));
			assertTrue(r.out.contains("3/3 tasks segmented"), r.toString());
			SparkLaunchTest.assertSameOutputs(one, out);
		}
		finally {
			stop(worker);
			stop(master);
		}
		assertTrue(!worker.isAlive() && !master.isAlive(), "the cluster is stopped");
	}

	/**
	 * Pixelwise's classes and its dependencies for the executors: the test's own class path
	 * (surefire puts the real one in java.class.path).
	 */
	static String executorClassPath() {
		final String path = System.getProperty("java.class.path");
		assertTrue(path.contains("classes"), "the test class path names the class folders: " + path);
		return String.join(File.pathSeparator, path.split(File.pathSeparator));
	}
}
