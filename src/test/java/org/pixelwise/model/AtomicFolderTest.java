package org.pixelwise.model;

import org.pixelwise.files.AtomicFolder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model folders are replaced whole or not at all, and a crash mid-replacement loses nothing. */
class AtomicFolderTest {

	private static AtomicFolder.Content file(final String text) {
		return folder -> Files.write(folder.resolve("weights.txt"), text.getBytes(
			StandardCharsets.UTF_8));
	}

	private static String read(final Path folder) throws IOException {
		return new String(Files.readAllBytes(folder.resolve("weights.txt")), StandardCharsets.UTF_8);
	}

	private static List<String> hiddenEntries(final Path parent) throws IOException {
		try (Stream<Path> list = Files.list(parent)) {
			return list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).collect(
				Collectors.toList());
		}
	}

	@Test
	void overwritingReplacesTheContentAndLeavesNoTemporaryFolders(@TempDir final Path dir)
		throws IOException
	{
		final Path target = dir.resolve("model");
		AtomicFolder.write(target, file("first"));
		assertEquals("first", read(target));
		AtomicFolder.write(target, folder -> {
			Files.write(folder.resolve("weights.txt"), "second".getBytes(StandardCharsets.UTF_8));
			Files.createDirectories(folder.resolve("saved_model/variables"));
		});
		assertEquals("second", read(target));
		assertTrue(Files.isDirectory(target.resolve("saved_model/variables")));
		assertEquals(0, hiddenEntries(dir).size(), "left behind: " + hiddenEntries(dir));
	}

	@Test
	void failedWriteKeepsThePreviousFolderAndCleansUp(@TempDir final Path dir) throws IOException {
		final Path target = dir.resolve("model");
		AtomicFolder.write(target, file("good"));
		final IOException e = assertThrows(IOException.class, () -> AtomicFolder.write(target,
			folder -> {
				Files.write(folder.resolve("weights.txt"), "half".getBytes(StandardCharsets.UTF_8));
				throw new IOException("disk full");
			}));
		assertEquals("disk full", e.getMessage());
		assertEquals("good", read(target));
		assertEquals(0, hiddenEntries(dir).size(), "left behind: " + hiddenEntries(dir));
	}

	@Test
	void recoverFindsTheFolderMovedAsideBeforeACrashAndTheNextWriteCleansUp(
		@TempDir final Path dir) throws IOException
	{
		final Path target = dir.resolve("model");
		AtomicFolder.write(target, file("last good"));
		// What a crash between moving the old version aside and moving the new one in leaves.
		Files.move(target, dir.resolve(".model.old-123"));
		assertFalse(Files.exists(target));
		final Path found = AtomicFolder.recover(target);
		assertEquals(dir.resolve(".model.old-123"), found);
		assertEquals("last good", read(found));
		AtomicFolder.write(target, file("next"));
		assertEquals("next", read(target));
		assertFalse(Files.exists(dir.resolve(".model.old-123")), "the next write removes leftovers");
	}

	@Test
	void recoverLeavesAnExistingFolderAlone(@TempDir final Path dir) throws IOException {
		final Path target = dir.resolve("model");
		AtomicFolder.write(target, file("current"));
		Files.createDirectories(dir.resolve(".model.old-5"));
		assertEquals(target, AtomicFolder.recover(target));
		assertEquals("current", read(target));
		assertTrue(Files.exists(dir.resolve(".model.old-5")));
	}

	@Test
	void modelPathResolvesToBestWhenItExistsElseLatest(@TempDir final Path dir) throws IOException {
		final Path both = dir.resolve("both");
		Files.createDirectories(both.resolve(ModelFolder.BEST));
		Files.createDirectories(both.resolve(ModelFolder.LATEST));
		Files.createFile(both.resolve(ModelFolder.BEST).resolve(ModelFolder.DESCRIPTION));
		Files.createFile(both.resolve(ModelFolder.LATEST).resolve(ModelFolder.DESCRIPTION));
		assertEquals(both.resolve(ModelFolder.BEST), ModelFolder.resolve(both));

		final Path onlyLatest = dir.resolve("only-latest");
		Files.createDirectories(onlyLatest.resolve(ModelFolder.LATEST));
		Files.createFile(onlyLatest.resolve(ModelFolder.LATEST).resolve(ModelFolder.DESCRIPTION));
		assertEquals(onlyLatest.resolve(ModelFolder.LATEST), ModelFolder.resolve(onlyLatest));
	}

	@Test
	void modelPathFindsBestMovedAsideByACrash(@TempDir final Path dir) throws IOException {
		final Path model = dir.resolve("model");
		AtomicFolder.write(model.resolve(ModelFolder.BEST), folder -> Files.createFile(folder.resolve(
			ModelFolder.DESCRIPTION)));
		AtomicFolder.write(model.resolve(ModelFolder.LATEST), folder -> Files.createFile(folder
			.resolve(ModelFolder.DESCRIPTION)));
		Files.move(model.resolve(ModelFolder.BEST), model.resolve(".best.old-42"));
		assertEquals(model.resolve(".best.old-42"), ModelFolder.resolve(model));
	}
}
