package org.pixelwise.bioimage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile or damaged packages are refused without writing anything; good ones round-trip. */
class SafeZipTest {

	private static final ZipLimits NO_RATIO_CHECK = ZipLimits.defaults().withRatioMinBytes(
		Long.MAX_VALUE);

	@TempDir
	Path dir;

	/** Writes a zip of name, content pairs (String or byte[]); a name ending in '/' is a folder. */
	private Path zip(final String name, final Object... pairs) throws IOException {
		final Path zip = Files.createDirectories(dir.resolve("downloads")).resolve(name);
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
			for (int i = 0; i < pairs.length; i += 2) {
				out.putNextEntry(new ZipEntry((String) pairs[i]));
				final Object content = pairs[i + 1];
				out.write(content instanceof String ? ((String) content).getBytes(
					StandardCharsets.UTF_8) : (byte[]) content);
				out.closeEntry();
			}
		}
		return zip;
	}

	private Path models() {
		return dir.resolve("models");
	}

	/** Extraction fails, and leaves neither the target, nor anything beside it, behind. */
	private String refused(final Path zip, final ZipLimits limits) throws IOException {
		final Path target = models().resolve("pkg");
		final IOException e = assertThrows(IOException.class, () -> SafeZip.extract(zip, target,
			limits));
		assertEquals(List.of(), contentOf(models()), "left behind after: " + e.getMessage());
		return e.getMessage();
	}

	private static List<String> contentOf(final Path folder) throws IOException {
		if (!Files.exists(folder)) return List.of();
		try (Stream<Path> walk = Files.walk(folder)) {
			return walk.filter(p -> !p.equals(folder)).map(p -> folder.relativize(p).toString().replace(
				'\\', '/')).sorted().collect(Collectors.toList());
		}
	}

	private static List<String> namesIn(final Path folder) throws IOException {
		try (Stream<Path> list = Files.list(folder)) {
			return list.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	private static byte[] randomBytes(final int n) {
		final byte[] bytes = new byte[n];
		new Random(42).nextBytes(bytes);
		return bytes;
	}

	private static void replace(final Path file, final String from, final String to)
		throws IOException
	{
		final String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
		Files.write(file, bytes.replace(from, to).getBytes(StandardCharsets.ISO_8859_1));
	}

	@ParameterizedTest
	@ValueSource(strings = { "../evil.txt", "a/../../evil.txt", "/etc/evil.txt", "C:\\evil.txt",
		"C:/evil.txt", "..\\evil.txt", "a\\..\\..\\evil.txt", "", "./", "... /evil.txt" })
	void entriesThatEscapeTheTargetAreRefusedBeforeAnythingIsWritten(final String name)
		throws IOException
	{
		final String message = refused(zip("evil.zip", "rdf.yaml", "ok", name, "evil"), ZipLimits
			.defaults());
		assertTrue(message.contains("'" + name + "'"), message);
		assertTrue(message.contains("refused as unsafe"), message);
	}

	@Test
	void entriesNamingTheSamePathTwiceAreRefused() throws IOException {
		final Path twice = zip("twice.zip", "dup1.txt", "first", "dup2.txt", "second");
		// ZipOutputStream refuses to write the same name twice, so rename the second entry after.
		replace(twice, "dup2.txt", "dup1.txt");
		assertTrue(refused(twice, ZipLimits.defaults()).contains("'dup1.txt' names the same path"));
		final Path aliased = zip("aliased.zip", "a/b.txt", "first", "a/./b.txt", "second");
		assertTrue(refused(aliased, ZipLimits.defaults()).contains("'a/./b.txt' names the same path"));
	}

	@Test
	void bombPastTheTotalLimitIsRefusedMidwayAndCleanedUp() throws IOException {
		final byte[] zeros = new byte[2 << 20];
		final Path bomb = zip("bomb.zip", "a.bin", zeros, "b.bin", zeros, "c.bin", zeros);
		final String message = refused(bomb, NO_RATIO_CHECK.withMaxTotalBytes(5 << 20));
		assertTrue(message.contains("'c.bin' inflates past 5,242,880 bytes"), message);
		assertTrue(message.contains("maxTotalBytes"), message);
		assertTrue(message.contains("ZipLimits.withMaxTotalBytes"), message);
	}

	@Test
	void bombWithAHighCompressionRatioIsRefusedUnderDefaultLimits() throws IOException {
		final Path bomb = zip("bomb.zip", "zeros.bin", new byte[20_000_000]);
		final String message = refused(bomb, ZipLimits.defaults());
		assertTrue(message.contains("more than 200 times its compressed size"), message);
		assertTrue(message.contains("ZipLimits.withMaxRatio"), message);
	}

	@Test
	void entryPastThePerEntryLimitIsRefused() throws IOException {
		final Path big = zip("big.zip", "weights.bin", randomBytes(2 << 20));
		final String message = refused(big, ZipLimits.defaults().withMaxEntryBytes(1 << 20));
		assertTrue(message.contains("'weights.bin' inflates past 1,048,576 bytes"), message);
		assertTrue(message.contains("ZipLimits.withMaxEntryBytes"), message);
	}

	@Test
	void zipWithTooManyEntriesIsRefused() throws IOException {
		final Object[] pairs = new Object[22];
		for (int i = 0; i < 11; i++) {
			pairs[2 * i] = "f" + i + ".txt";
			pairs[2 * i + 1] = "x";
		}
		final String message = refused(zip("many.zip", pairs), ZipLimits.defaults().withMaxEntries(
			10));
		assertTrue(message.contains("holds 11 entries, more than the limit of 10"), message);
		assertTrue(message.contains("ZipLimits.withMaxEntries"), message);
	}

	@Test
	void truncatedDownloadIsReportedAsIncomplete() throws IOException {
		final Path zip = zip("cut.zip", "rdf.yaml", "name: cut", "weights.bin", randomBytes(10_000));
		final byte[] whole = Files.readAllBytes(zip);
		Files.write(zip, Arrays.copyOf(whole, whole.length / 2));
		final String expected = "'cut.zip' is not a complete zip file (it may be truncated by an " +
			"interrupted download); download it again";
		assertEquals(expected, refused(zip, ZipLimits.defaults()));
		assertEquals(expected, assertThrows(IOException.class, () -> SafeZip.entryNames(zip))
			.getMessage());
	}

	@Test
	void fileThatIsNotAZipIsReportedAsIncomplete() throws IOException {
		final Path zip = Files.createDirectories(dir.resolve("downloads")).resolve("page.zip");
		Files.write(zip, "<html>404 not found</html>".getBytes(StandardCharsets.UTF_8));
		assertTrue(refused(zip, ZipLimits.defaults()).startsWith(
			"'page.zip' is not a complete zip file"));
	}

	@Test
	void damagedCompressedDataIsRefused() throws IOException {
		final StringBuilder text = new StringBuilder();
		for (int i = 0; i < 5000; i++)
			text.append("line ").append(i * 7919 % 1000).append('\n');
		final Path zip = zip("damaged.zip", "notes.txt", text.toString());
		final byte[] bytes = Files.readAllBytes(zip);
		for (int i = bytes.length / 3; i < bytes.length / 3 + 8; i++)
			bytes[i] ^= 0x5a;
		Files.write(zip, bytes);
		assertTrue(refused(zip, ZipLimits.defaults()).contains("download"));
	}

	@Test
	void folderRoundTripsThroughAZipByteForByte() throws IOException {
		final Path source = Files.createDirectories(dir.resolve("source"));
		Files.write(source.resolve("rdf.yaml"), "name: round trip\n".getBytes(StandardCharsets.UTF_8));
		Files.write(Files.createDirectories(source.resolve("weights/variables")).resolve(
			"data.bin"), randomBytes(300_000));
		Files.write(source.resolve("weights/saved_model.pb"), new byte[5000]);
		Files.createDirectories(source.resolve("empty"));
		final Path zip = dir.resolve("out/model.zip");
		SafeZip.write(source, zip);
		final Path target = models().resolve("model");
		final List<String> files = SafeZip.extract(zip, target);
		assertEquals(List.of("rdf.yaml", "weights/saved_model.pb", "weights/variables/data.bin"),
			files);
		assertEquals(contentOf(source), contentOf(target));
		for (final String file : files)
			assertArrayEquals(Files.readAllBytes(source.resolve(file)), Files.readAllBytes(target
				.resolve(file)), file);
		assertEquals(List.of("model"), namesIn(models()), "temporary folders left behind");
	}

	@Test
	void writingTheSameContentTwiceGivesIdenticalBytes() throws IOException {
		final Path source = Files.createDirectories(dir.resolve("source/sub"));
		Files.write(source.resolve("b.txt"), "b".getBytes(StandardCharsets.UTF_8));
		Files.write(source.resolve("a.txt"), "a".getBytes(StandardCharsets.UTF_8));
		SafeZip.write(dir.resolve("source"), dir.resolve("one.zip"));
		Files.setLastModifiedTime(source.resolve("a.txt"), FileTime.fromMillis(0));
		SafeZip.write(dir.resolve("source"), dir.resolve("two.zip"));
		assertArrayEquals(Files.readAllBytes(dir.resolve("one.zip")), Files.readAllBytes(dir.resolve(
			"two.zip")));
		assertEquals(List.of("sub/", "sub/a.txt", "sub/b.txt"), SafeZip.entryNames(dir.resolve(
			"one.zip")));
	}

	@Test
	void writingLeavesOutTemporaryFilesOfInterruptedWritesAndReplacesTheZip() throws IOException {
		final Path source = Files.createDirectories(dir.resolve("source"));
		Files.write(source.resolve("rdf.yaml"), "name: x".getBytes(StandardCharsets.UTF_8));
		Files.write(source.resolve(".rdf.yaml.writing-123"), new byte[1]);
		Files.write(Files.createDirectories(source.resolve(".best.writing-456")).resolve("w.bin"),
			new byte[1]);
		final Path zip = dir.resolve("model.zip");
		Files.write(zip, "old".getBytes(StandardCharsets.UTF_8));
		SafeZip.write(source, zip);
		assertEquals(List.of("rdf.yaml"), SafeZip.entryNames(zip));
		assertEquals(List.of("model.zip", "source"), namesIn(dir), "temporary files left behind");
	}

	@Test
	void extractingIntoANonEmptyFolderIsRefusedAndLeavesItUntouched() throws IOException {
		final Path zip = zip("pkg.zip", "rdf.yaml", "new");
		final Path target = Files.createDirectories(models().resolve("pkg"));
		Files.write(target.resolve("mine.txt"), "mine".getBytes(StandardCharsets.UTF_8));
		final IOException e = assertThrows(IOException.class, () -> SafeZip.extract(zip, target));
		assertTrue(e.getMessage().contains("not an empty folder"), e.getMessage());
		assertEquals(List.of("pkg", "pkg/mine.txt"), contentOf(models()));
	}

	@Test
	void extractingIntoAnEmptyFolderFillsIt() throws IOException {
		final Path zip = zip("pkg.zip", "docs/", "", "rdf.yaml", "name: pkg");
		final Path target = Files.createDirectories(models().resolve("pkg"));
		assertEquals(List.of("rdf.yaml"), SafeZip.extract(zip, target));
		assertEquals(List.of("pkg", "pkg/docs", "pkg/rdf.yaml"), contentOf(models()));
	}

	@Test
	void readEntryReadsOneFileUnderTheSameLimits() throws IOException {
		final Path zip = zip("pkg.zip", "rdf.yaml", "name: pkg", "zeros.bin", new byte[20_000_000]);
		assertEquals("name: pkg", new String(SafeZip.readEntry(zip, "rdf.yaml", ZipLimits.defaults()),
			StandardCharsets.UTF_8));
		final IOException bomb = assertThrows(IOException.class, () -> SafeZip.readEntry(zip,
			"zeros.bin", ZipLimits.defaults()));
		assertTrue(bomb.getMessage().contains("ZipLimits.withMaxRatio"), bomb.getMessage());
		assertThrows(NoSuchFileException.class, () -> SafeZip.readEntry(zip, "missing.yaml",
			ZipLimits.defaults()));
	}

	@Test
	void readEntryRefusesAPackageWithUnsafeNamesElsewhere() throws IOException {
		final Path zip = zip("evil.zip", "rdf.yaml", "name: evil", "../evil.txt", "x");
		final IOException e = assertThrows(IOException.class, () -> SafeZip.readEntry(zip,
			"rdf.yaml", ZipLimits.defaults()));
		assertTrue(e.getMessage().contains("'../evil.txt' points outside"), e.getMessage());
	}
}
