package org.pixelwise.bioimage;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.pixelwise.files.AtomicFolder;

/**
 * Reads and writes model package zips. Packages are downloaded from the internet, so every zip
 * is treated as hostile: entries that would land outside the target folder, repeat a name, or
 * inflate past {@link ZipLimits} are refused, and a truncated download is reported as such.
 * Extraction is all or nothing, and only ever creates folders and regular files. Writing is
 * reproducible: the same folder content always gives the same bytes.
 */
public final class SafeZip {

	// Fixed, and stored as DOS local time, so the bytes depend on neither the clock nor the time zone.
	private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);
	private static final String WRITING = ".writing-";

	private SafeZip() {}

	/** {@link #extract(Path, Path, ZipLimits)} with {@link ZipLimits#defaults()}. */
	public static List<String> extract(final Path zip, final Path target) throws IOException {
		return extract(zip, target, ZipLimits.defaults());
	}

	/**
	 * Extracts a zip into {@code target}, which must be missing or an empty folder. On any
	 * failure {@code target} is left as it was and no temporary folder remains.
	 *
	 * @return the extracted files' paths relative to {@code target}, '/'-separated, in zip order
	 */
	public static List<String> extract(final Path zip, final Path target, final ZipLimits limits)
		throws IOException
	{
		if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !isEmptyFolder(target))
			throw new IOException("cannot extract '" + zip.getFileName() + "' into '" + target +
				"': it exists and is not an empty folder; choose a new folder or delete this one");
		final List<String> files = new ArrayList<>();
		try (ZipFile zipFile = open(zip)) {
			final Map<String, ZipEntry> entries = checkedEntries(zip, zipFile, limits);
			final Inflation inflation = new Inflation(zip, limits);
			AtomicFolder.write(target, folder -> {
				for (final Map.Entry<String, ZipEntry> e : entries.entrySet()) {
					final Path path = resolve(zip, folder, e.getKey(), e.getValue());
					try {
						if (isFolder(e.getValue())) {
							Files.createDirectories(path);
							continue;
						}
						Files.createDirectories(path.getParent());
						// CREATE_NEW never follows or replaces what is there: we only make regular files.
						try (InputStream in = zipFile.getInputStream(e.getValue());
							OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW))
						{
							inflation.copy(e.getKey(), e.getValue(), in, out);
						}
					}
					catch (final FileAlreadyExistsException clash) {
						// Same name differing in case on a case-insensitive disk, or a file over a folder.
						throw unsafe(zip, e.getValue().getName(), "clashes with another entry");
					}
					files.add(e.getKey());
				}
			});
		}
		return Collections.unmodifiableList(files);
	}

	/**
	 * The bytes of one file in a zip, inflated under the same limits as {@link #extract}; for
	 * reading a package's {@code rdf.yaml} without extracting the rest.
	 *
	 * @param name the file's '/'-separated path in the zip
	 */
	public static byte[] readEntry(final Path zip, final String name, final ZipLimits limits)
		throws IOException
	{
		try (ZipFile zipFile = open(zip)) {
			final ZipEntry entry = checkedEntries(zip, zipFile, limits).get(name);
			if (entry == null || isFolder(entry)) throw new NoSuchFileException(zip.toString(), null,
				"holds no file '" + name + "'");
			// A byte array cannot hold more than this, whatever the limits allow.
			final long arrayMax = Integer.MAX_VALUE - 8;
			final ZipLimits capped = limits.maxEntryBytes() <= arrayMax ? limits : limits
				.withMaxEntryBytes(arrayMax);
			final ByteArrayOutputStream out = new ByteArrayOutputStream();
			try (InputStream in = zipFile.getInputStream(entry)) {
				new Inflation(zip, capped).copy(name, entry, in, out);
			}
			return out.toByteArray();
		}
	}

	/** The entry names exactly as the zip stores them, unchecked, in zip order. */
	public static List<String> entryNames(final Path zip) throws IOException {
		try (ZipFile zipFile = open(zip)) {
			final List<String> names = new ArrayList<>();
			final Enumeration<? extends ZipEntry> entries = zipFile.entries();
			while (entries.hasMoreElements())
				names.add(entries.nextElement().getName());
			return names;
		}
	}

	/**
	 * Zips a folder's content atomically: readers see the old zip or the complete new one. Entries
	 * are sorted and carry a fixed time, so identical content gives identical bytes. Hidden
	 * temporary files and folders of interrupted writes ({@code .*.writing-*}) are left out.
	 */
	public static void write(final Path folder, final Path zipFile) throws IOException {
		final Path source = folder.toAbsolutePath().normalize();
		final Path target = zipFile.toAbsolutePath().normalize();
		if (target.startsWith(source)) throw new IllegalArgumentException("cannot write '" +
			zipFile + "' inside the folder it zips, '" + folder + "'; write it next to the folder");
		final Map<String, Path> entries = new TreeMap<>();
		try (Stream<Path> walk = Files.walk(source, FileVisitOption.FOLLOW_LINKS)) {
			walk.filter(p -> !p.equals(source)).forEach(p -> {
				final Path relative = source.relativize(p);
				if (isTemporary(relative)) return;
				final String name = relative.toString().replace(relative.getFileSystem()
					.getSeparator(), "/");
				entries.put(Files.isDirectory(p) ? name + "/" : name, p);
			});
		}
		final Path parent = Files.createDirectories(target.getParent());
		final Path temporary = parent.resolve("." + target.getFileName() + WRITING + Long
			.toHexString(ThreadLocalRandom.current().nextLong()));
		try {
			try (ZipOutputStream out = new ZipOutputStream(new BufferedOutputStream(Files
				.newOutputStream(temporary, StandardOpenOption.CREATE_NEW))))
			{
				for (final Map.Entry<String, Path> e : entries.entrySet()) {
					final ZipEntry entry = new ZipEntry(e.getKey());
					entry.setTimeLocal(ENTRY_TIME);
					out.putNextEntry(entry);
					if (!entry.isDirectory()) Files.copy(e.getValue(), out);
					out.closeEntry();
				}
			}
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	private static ZipFile open(final Path zip) throws IOException {
		try {
			// ZipFile reads the central directory at the end, so a cut-off download fails here.
			return new ZipFile(zip.toFile(), StandardCharsets.UTF_8);
		}
		catch (final ZipException e) {
			throw incomplete(zip, e);
		}
	}

	/** Entries by their safe relative path, after checking every name and the entry count. */
	private static Map<String, ZipEntry> checkedEntries(final Path zip, final ZipFile zipFile,
		final ZipLimits limits) throws IOException
	{
		if (zipFile.size() > limits.maxEntries()) throw new IOException("'" + zip.getFileName() +
			"' holds " + zipFile.size() + " entries, more than the limit of " + limits.maxEntries() +
			" (maxEntries); if you trust this package, raise it with ZipLimits.withMaxEntries");
		final Map<String, ZipEntry> entries = new LinkedHashMap<>();
		final Enumeration<? extends ZipEntry> all = zipFile.entries();
		while (all.hasMoreElements()) {
			final ZipEntry entry = all.nextElement();
			if (entries.putIfAbsent(safeName(zip, entry.getName()), entry) != null) throw unsafe(zip,
				entry.getName(), "names the same path as another entry");
		}
		return entries;
	}

	/**
	 * The entry's path relative to the target, '/'-separated, without "." or "..". Backslashes
	 * count as separators, as on Windows, so "..\x" cannot slip past on any system.
	 */
	private static String safeName(final Path zip, final String raw) throws IOException {
		final String name = raw.replace('\\', '/');
		if (name.startsWith("/")) throw unsafe(zip, raw, "is an absolute path");
		if (name.indexOf(':') >= 0) throw unsafe(zip, raw,
			"contains ':', which names a drive or a stream on Windows");
		if (name.indexOf('\0') >= 0) throw unsafe(zip, raw, "contains a NUL character");
		final Deque<String> parts = new ArrayDeque<>();
		for (final String part : name.split("/")) {
			if (part.isEmpty() || part.equals(".")) continue;
			if (part.equals("..")) {
				if (parts.pollLast() == null) throw unsafe(zip, raw,
					"points outside the folder it is extracted to");
			}
			// Windows drops trailing dots and spaces, which would turn ". ." or "..." into "..".
			else if (part.endsWith(".") || part.endsWith(" ")) throw unsafe(zip, raw,
				"has a name ending in a dot or space, which Windows silently changes");
			else parts.addLast(part);
		}
		if (parts.isEmpty()) throw unsafe(zip, raw, "names no file");
		return String.join("/", parts);
	}

	private static Path resolve(final Path zip, final Path folder, final String name,
		final ZipEntry entry) throws IOException
	{
		try {
			final Path path = folder.resolve(name).normalize();
			// safeName already ensures this; checked again in the platform's own path rules.
			if (path.startsWith(folder.normalize()) && !path.equals(folder.normalize())) return path;
		}
		catch (final InvalidPathException e) {
			throw unsafe(zip, entry.getName(), "is not a valid path on this system");
		}
		throw unsafe(zip, entry.getName(), "points outside the folder it is extracted to");
	}

	private static boolean isFolder(final ZipEntry entry) {
		return entry.getName().replace('\\', '/').endsWith("/");
	}

	private static boolean isEmptyFolder(final Path path) throws IOException {
		if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) return false;
		try (Stream<Path> children = Files.list(path)) {
			return !children.findAny().isPresent();
		}
	}

	private static boolean isTemporary(final Path relative) {
		for (final Path part : relative) {
			final String name = part.toString();
			if (name.startsWith(".") && name.contains(WRITING)) return true;
		}
		return false;
	}

	private static IOException unsafe(final Path zip, final String entry, final String why) {
		return new IOException("'" + zip.getFileName() + "' entry '" + entry + "' " + why +
			"; the package is refused as unsafe");
	}

	private static IOException incomplete(final Path zip, final IOException cause) {
		return new IOException("'" + zip.getFileName() + "' is not a complete zip file (it may be " +
			"truncated by an interrupted download); download it again", cause);
	}

	/** Counts the bytes actually inflated: the sizes a zip declares are written by whoever made it. */
	private static final class Inflation {

		private final Path zip;
		private final ZipLimits limits;
		private final long zipSize;
		private long total;

		Inflation(final Path zip, final ZipLimits limits) throws IOException {
			this.zip = zip;
			this.limits = limits;
			this.zipSize = Files.size(zip);
		}

		void copy(final String name, final ZipEntry entry, final InputStream in,
			final OutputStream out) throws IOException
		{
			// The inflater cannot consume more compressed bytes than the file holds, whatever is declared.
			final long declared = entry.getCompressedSize();
			final long compressed = Math.max(1, declared < 0 ? zipSize : Math.min(declared, zipSize));
			final CRC32 crc = new CRC32();
			final byte[] buffer = new byte[64 * 1024];
			long bytes = 0;
			for (int n; (n = read(in, buffer)) != -1;) {
				bytes += n;
				total += n;
				if (bytes > limits.maxEntryBytes()) throw overLimit(name, "inflates past " + bytes(limits
					.maxEntryBytes()) + ", the limit on uncompressed bytes per entry", "maxEntryBytes");
				if (total > limits.maxTotalBytes()) throw overLimit(name, "inflates past " + bytes(limits
					.maxTotalBytes()) + ", the limit on total uncompressed bytes", "maxTotalBytes");
				if (bytes > limits.ratioMinBytes() && bytes > limits.maxRatio() * compressed)
					throw overLimit(name, "inflates to more than " + number(limits.maxRatio()) +
						" times its compressed size of " + bytes(compressed) + ", the limit on the " +
						"compression ratio of entries over " + bytes(limits.ratioMinBytes()), "maxRatio");
				crc.update(buffer, 0, n);
				out.write(buffer, 0, n);
			}
			if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) throw new IOException("'" +
				zip.getFileName() + "' entry '" + name + "' is damaged (its checksum does not " +
				"match); download the package again");
		}

		/** Reads, reporting corrupt or cut-off compressed data as an incomplete download. */
		private int read(final InputStream in, final byte[] buffer) throws IOException {
			try {
				return in.read(buffer);
			}
			catch (final ZipException | EOFException e) {
				throw incomplete(zip, e);
			}
		}

		private IOException overLimit(final String name, final String what, final String limit) {
			return new IOException("'" + zip.getFileName() + "' entry '" + name + "' " + what + " (" +
				limit + "); if you trust this package, raise it with ZipLimits.with" + Character
					.toUpperCase(limit.charAt(0)) + limit.substring(1));
		}

		private static String bytes(final long n) {
			return String.format(Locale.ROOT, "%,d bytes", n);
		}

		private static String number(final double x) {
			return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
		}
	}
}
