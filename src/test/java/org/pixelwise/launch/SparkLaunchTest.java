package org.pixelwise.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's spark mode, embedded ({@code local[2]}): the same request syntax as --run, and
 * the same output files as the one-machine command, for whole images and for a large image split
 * into tile shares across tasks.
 */
class SparkLaunchTest {

	@TempDir
	static Path dir;

	static final String NUCLEI = Paths.get("models/nuclei-fluorescence").toAbsolutePath()
		.toString();

	/** Bright round nuclei on a dark, slightly noisy background. */
	static ImagePlus nuclei(final int width, final int height, final long seed) {
		final java.util.Random random = new java.util.Random(seed);
		final ByteProcessor p = new ByteProcessor(width, height);
		final int count = width * height / 500;
		final int[][] centres = new int[count][];
		for (int n = 0; n < count; n++)
			centres[n] = new int[] { random.nextInt(width), random.nextInt(height), 5 + random.nextInt(
				4) };
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				double v = 20 + 6 * random.nextGaussian();
				for (final int[] c : centres)
					if ((x - c[0]) * (x - c[0]) + (y - c[1]) * (y - c[1]) <= c[2] * c[2]) v += 150;
				p.set(x, y, (int) Math.max(0, Math.min(255, v)));
			}
		return new ImagePlus("nuclei", p);
	}

	@BeforeAll
	static void folders() throws IOException {
		final Path small = Files.createDirectories(dir.resolve("small"));
		for (int i = 0; i < 4; i++)
			IJ.saveAsTiff(nuclei(96, 80, i), small.resolve("n" + i + ".tif").toString());
		IJ.saveAsTiff(nuclei(100, 70, 9), small.resolve("z-broken-is-next.tif").toString());
		Files.write(small.resolve("zz-broken.tif"), new byte[] { 'I', 'I', 42, 0, 1, 2, 3 });
		final Path large = Files.createDirectories(dir.resolve("large"));
		IJ.saveAsTiff(nuclei(300, 232, 7), large.resolve("big.tif").toString());
	}

	static String request(final Path input, final Path output, final String more) {
		return "model='" + NUCLEI + "',input='" + input + "',output='" + output + "',device=cpu" +
			more;
	}

	/** Every output file of {@code a} exists in {@code b} with the same pixels. */
	static void assertSameOutputs(final Path a, final Path b) throws IOException {
		final List<Path> files;
		try (Stream<Path> list = Files.list(a)) {
			files = list.filter(p -> p.getFileName().toString().endsWith(".tif")).sorted().collect(
				Collectors.toList());
		}
		assertFalse(files.isEmpty(), "no outputs in " + a);
		for (final Path file : files) {
			final Path other = b.resolve(file.getFileName());
			assertTrue(Files.exists(other), other + " is missing");
			final ImageProcessor p = IJ.openImage(file.toString()).getProcessor();
			final ImageProcessor q = IJ.openImage(other.toString()).getProcessor();
			assertEquals(p.getWidth(), q.getWidth());
			assertEquals(p.getHeight(), q.getHeight());
			for (int i = 0; i < p.getPixelCount(); i++)
				assertEquals(p.getf(i), q.getf(i), 1e-5, file.getFileName() + " pixel " + i);
		}
		try (Stream<Path> list = Files.list(b)) {
			assertEquals(files.size(), list.filter(p -> p.getFileName().toString().endsWith(".tif"))
				.count(), "the same number of outputs");
		}
	}

	@Test
	void embeddedSparkWritesWhatTheOneMachineCommandWrites() throws IOException {
		final Path one = dir.resolve("one-machine");
		final LaunchResult single = LaunchResult.of("--run", "Pixelwise Segment Folder", request(dir
			.resolve("small"), one, ""));
		assertEquals(1, single.status, "the broken image fails: " + single);
		final Path spark = dir.resolve("spark");
		final LaunchResult r = LaunchResult.of("spark", "--master", "local[2]", "--run",
			"Pixelwise Segment Folder", request(dir.resolve("small"), spark, ""));
		assertEquals(1, r.status, r.toString());
		assertTrue(r.err.contains("1 image(s) failed: zz-broken.tif"), r.toString());
		assertTrue(r.out.contains("6/6 tasks segmented"), "progress is printed: " + r);
		assertSameOutputs(one, spark);
		// A rerun skips what is done and retries only the broken image.
		final LaunchResult again = LaunchResult.of("spark", "--master", "local[2]", "--run",
			"Pixelwise Segment Folder", request(dir.resolve("small"), spark, ""));
		assertTrue(again.out.contains("1 image(s) to do, 5 skipped"), again.toString());
	}

	@Test
	void aLargeImageSplitIntoTileTasksEqualsOneMachineTiledPrediction() throws IOException {
		final String tiles = ",tile_size=96";
		final Path one = dir.resolve("large-one-machine");
		final LaunchResult single = LaunchResult.of("--run", "Pixelwise Segment Folder", request(dir
			.resolve("large"), one, tiles));
		assertEquals(0, single.status, single.toString());
		final Path spark = dir.resolve("large-spark");
		final LaunchResult r = LaunchResult.of("spark", "--master", "local[2]",
			"--split-above-tiles", "2", "--run", "Pixelwise Segment Folder", request(dir.resolve(
				"large"), spark, tiles));
		assertEquals(0, r.status, r.toString());
		assertTrue(r.out.contains("1 large image(s) split into tiles"), r.toString());
		assertSameOutputs(one, spark);
		final ImagePlus instances = IJ.openImage(spark.resolve("big_instances.tif").toString());
		assertTrue(instances.getProcessor().getStatistics().max > 10, "nuclei were found");
	}

	@Test
	void wrongRequestsAreRefusedBeforeSparkStarts() {
		final LaunchResult key = LaunchResult.of("spark", "--run", "Pixelwise Segment Folder",
			"model='/m',input='/i',output='/o',tile='64'");
		assertEquals(2, key.status, key.toString());
		assertTrue(key.err.contains("unknown option 'tile'"), key.toString());
		final LaunchResult range = LaunchResult.of("spark", "--run", "Pixelwise Restore Folder",
			"model='/m',input='/i',output='/o',batch_size=0");
		assertEquals(2, range.status, range.toString());
		assertTrue(range.err.contains("batch_size=0 is out of range"), range.toString());
		final LaunchResult other = LaunchResult.of("spark", "--run", "Pixelwise Train Segmentation",
			"images='/i'");
		assertEquals(2, other.status, other.toString());
		assertTrue(other.err.contains("Spark runs 'Pixelwise Segment Folder'"), other.toString());
	}
}
