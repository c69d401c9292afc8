package org.pixelwise.spark;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Starts a Spark application for one folder request and runs it: embedded in this JVM
 * ({@code local[...]}) or on the cluster that {@code master} names. The Spark settings a
 * Pixelwise user meets have defaults chosen for prediction: no web UI, Spark's own log at
 * warnings only, four attempts per task (also when embedded, where Spark's default is one), and
 * executors that find Pixelwise on the class path the driver has.
 */
public final class SparkMode {

	/** Embedded: all cores of this machine, four attempts per task. */
	public static final String EMBEDDED = "local[*,4]";

	private SparkMode() {}

	/**
	 * @param master a Spark master URL, or null for {@link #EMBEDDED}
	 * @param conf further Spark settings, which win over the defaults
	 * @param executorClassPath the class path executors need for Pixelwise (its jar and
	 *          TensorFlow's), or null when the cluster already has it
	 */
	public static SparkFolderJob.Outcome run(final String label, final Map<String, Object> inputs,
		final String master, final Map<String, String> conf, final String executorClassPath,
		final int splitAboveTiles, final PrintStream out) throws Exception
	{
		final FolderRequest request = FolderRequest.of(label, inputs);
		quietSparkLog();
		final Map<String, String> settings = new LinkedHashMap<>();
		settings.put("spark.master", master == null ? EMBEDDED : master);
		settings.put("spark.app.name", "Pixelwise: " + label);
		settings.put("spark.ui.enabled", "false");
		settings.put("spark.task.maxFailures", "4");
		if (executorClassPath != null) settings.put("spark.executor.extraClassPath",
			executorClassPath);
		settings.putAll(conf);
		final SparkConf sparkConf = new SparkConf();
		settings.forEach(sparkConf::set);
		final int executorCores = sparkConf.getInt("spark.executor.cores", 0);
		out.println("Pixelwise: starting Spark (" + settings.get("spark.master") + ")");
		try (JavaSparkContext spark = new JavaSparkContext(sparkConf)) {
			spark.setLogLevel("WARN");
			return SparkFolderJob.run(spark, request, splitAboveTiles, executorCores, out);
		}
		finally {
			ExecutorWork.releaseModels();
		}
	}

	/**
	 * Spark logs every stage at INFO to the console; Pixelwise prints its own progress, so
	 * Spark's log shows warnings and errors only, unless the user configured log4j.
	 */
	private static void quietSparkLog() {
		if (System.getProperty("log4j2.configurationFile") == null && System.getProperty(
			"log4j.configurationFile") == null) System.setProperty("log4j2.configurationFile",
				"org/pixelwise/spark/log4j2.properties");
	}
}
