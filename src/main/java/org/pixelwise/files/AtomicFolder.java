package org.pixelwise.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes a folder so that readers only ever see the old or the new complete version: the
 * content is written to a hidden sibling, then renamed into place. If the process dies
 * between moving the old version aside and moving the new one in, {@link #recover} finds the
 * old one again, so a crash never loses the last good model.
 */
public final class AtomicFolder {

	/** Writes a folder's content given its (temporary) location. */
	public interface Content {
		void writeTo(Path folder) throws IOException;
	}

	private AtomicFolder() {}

	public static void write(final Path target, final Content content) throws IOException {
		final Path parent = target.toAbsolutePath().getParent();
		Files.createDirectories(parent);
		final String name = target.getFileName().toString();
		final Path temporary = Files.createTempDirectory(parent, "." + name + ".writing-");
		try {
			content.writeTo(temporary);
			// Zero-padded wall-clock time, so names of versions moved aside sort by age.
			final Path old = parent.resolve(String.format("." + name + ".old-%020d", System
				.currentTimeMillis()));
			if (Files.exists(target)) Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
			// The new version is in place: drop this one's predecessor and anything a crash left.
			try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(parent, "." + name +
				".{old,writing}-*"))
			{
				for (final Path p : leftovers)
					if (!p.equals(temporary)) delete(p);
			}
		}
		finally {
			if (Files.exists(temporary)) delete(temporary);
		}
	}

	/**
	 * The folder to read: {@code target} itself, or when it is missing after a crash in the
	 * middle of a replacement, the newest old version that was moved aside. Reading renames
	 * nothing, so a reader never races a writer; the next write cleans up.
	 */
	public static Path recover(final Path target) throws IOException {
		if (Files.exists(target)) return target;
		final Path parent = target.toAbsolutePath().getParent();
		if (parent == null || !Files.isDirectory(parent)) return target;
		Path newest = null;
		try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent, "." + target
			.getFileName() + ".old-*"))
		{
			for (final Path p : siblings)
				if (newest == null || p.getFileName().toString().compareTo(newest.getFileName()
					.toString()) > 0) newest = p;
		}
		return newest == null ? target : newest;
	}

	/**
	 * Removes what a writer that died left beside {@code target}: unfinished versions, and the
	 * moved-aside old version once the target itself is there. Call it only while no one else
	 * writes the folder (under a {@link FolderLock}).
	 */
	public static void removeStale(final Path target) throws IOException {
		final Path parent = target.toAbsolutePath().getParent();
		if (parent == null || !Files.isDirectory(parent)) return;
		final String pattern = Files.exists(target) ? "{old,writing}" : "writing";
		try (DirectoryStream<Path> stale = Files.newDirectoryStream(parent, "." + target
			.getFileName() + "." + pattern + "-*"))
		{
			for (final Path p : stale)
				delete(p);
		}
	}

	public static void delete(final Path folder) throws IOException {
		if (!Files.exists(folder)) return;
		try (Stream<Path> walk = Files.walk(folder)) {
			walk.sorted(Comparator.reverseOrder()).forEach(p -> {
				try {
					Files.delete(p);
				}
				catch (final IOException e) {
					throw new UncheckedIOException(e);
				}
			});
		}
		catch (final UncheckedIOException e) {
			throw e.getCause();
		}
	}
}
