package org.pixelwise.imagej;

import java.io.File;
import java.io.IOException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.TiffDecoder;

/**
 * Reads and writes image files with ImageJ 1, which Fiji always has. Output files are written
 * to a hidden temporary name and renamed into place, so a file with the final name is always
 * complete: an interrupted batch never leaves a partial file that would count as done.
 */
public final class ImageFiles {

	private static final List<String> EXTENSIONS = Arrays.asList(".tif", ".tiff", ".png", ".jpg",
		".jpeg", ".bmp", ".gif", ".pgm");

	private ImageFiles() {}

	/** The image files in a folder, sorted by name, skipping hidden and temporary files. */
	public static List<File> list(final File folder, final String what) throws IOException {
		if (folder == null || !folder.isDirectory()) throw new IOException("the " + what + " folder '" +
			folder + "' does not exist; give an existing folder of images");
		final File[] files = folder.listFiles();
		final List<File> images = new ArrayList<>();
		if (files != null) for (final File f : files)
			if (f.isFile() && !f.getName().startsWith(".") && isImage(f.getName())) images.add(f);
		images.sort((a, b) -> a.getName().compareTo(b.getName()));
		return images;
	}

	/**
	 * Refuses an output folder that is the input folder or lies inside it: a rerun, which is
	 * how folder commands resume, would read the outputs back as new inputs.
	 */
	public static void checkSeparate(final File input, final File output) {
		final Path in = realPath(input.toPath());
		final Path out = realPath(output.toPath());
		if (out.startsWith(in)) throw new IllegalArgumentException("the output folder '" + output +
			"' is the input folder or inside it, so a rerun would read the outputs as inputs; " +
			"choose an output folder outside '" + input + "'");
	}

	/**
	 * The path with symbolic links resolved, so a link to the input folder counts as the input
	 * folder; the part that does not exist yet (a new output folder) is kept as written.
	 */
	static Path realPath(final Path path) {
		Path existing = path.toAbsolutePath().normalize();
		Path rest = existing.getFileSystem().getPath("");
		while (existing != null && !Files.exists(existing)) {
			rest = existing.getFileName().resolve(rest);
			existing = existing.getParent();
		}
		if (existing == null) return path.toAbsolutePath().normalize();
		try {
			return existing.toRealPath().resolve(rest).normalize();
		}
		catch (final IOException e) {
			return path.toAbsolutePath().normalize();
		}
	}

	public static boolean isImage(final String name) {
		final String lower = name.toLowerCase(Locale.ROOT);
		for (final String e : EXTENSIONS)
			if (lower.endsWith(e)) return true;
		return false;
	}

	/** The file name without its extension, used to name outputs after their input. */
	public static String baseName(final File file) {
		final String name = file.getName();
		final int dot = name.lastIndexOf('.');
		return dot > 0 ? name.substring(0, dot) : name;
	}

	public static ImagePlus open(final File file) throws IOException {
		if (!file.isFile()) throw new IOException("image file '" + file + "' does not exist");
		final ImagePlus image = IJ.openImage(file.getPath());
		if (image == null) throw new IOException("'" + file +
			"' could not be read as an image; give a TIFF, PNG, JPEG, BMP, GIF or PGM file");
		return image;
	}

	/**
	 * Width times height of one plane, read from the file's header without decoding its
	 * pixels, or -1 when the header cannot be read (opening the file will then say why).
	 */
	public static long planePixels(final File file) {
		final String name = file.getName().toLowerCase(Locale.ROOT);
		try {
			if (name.endsWith(".tif") || name.endsWith(".tiff")) {
				final FileInfo[] info = new TiffDecoder(file.getParent() == null ? "" : file.getParent() +
					File.separator, file.getName()).getTiffInfo();
				return info == null || info.length == 0 ? -1 : (long) info[0].width * info[0].height;
			}
			try (ImageInputStream in = ImageIO.createImageInputStream(file)) {
				final Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
				if (readers == null || !readers.hasNext()) return -1;
				final ImageReader reader = readers.next();
				try {
					reader.setInput(in);
					return (long) reader.getWidth(0) * reader.getHeight(0);
				}
				finally {
					reader.dispose();
				}
			}
		}
		catch (final IOException | RuntimeException e) {
			return -1;
		}
	}

	/** Writes a TIFF atomically: a temporary sibling first, then a rename. */
	public static void saveTiff(final ImagePlus image, final Path target) throws IOException {
		final Path parent = target.toAbsolutePath().getParent();
		Files.createDirectories(parent);
		final Path temporary = temporaryFor(target);
		final boolean saved = image.getStackSize() > 1 ? new FileSaver(image).saveAsTiffStack(
			temporary.toString()) : new FileSaver(image).saveAsTiff(temporary.toString());
		if (!saved) {
			Files.deleteIfExists(temporary);
			throw new IOException("could not write '" + target + "'; check the disk has space and the folder is writable");
		}
		Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/** Writes a PNG atomically. */
	public static void savePng(final ImagePlus image, final Path target) throws IOException {
		final Path parent = target.toAbsolutePath().getParent();
		Files.createDirectories(parent);
		final Path temporary = temporaryFor(target);
		if (!new FileSaver(image).saveAsPng(temporary.toString())) {
			Files.deleteIfExists(temporary);
			throw new IOException("could not write '" + target + "'");
		}
		Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * A hidden file next to {@code target}, unique to this process and thread: two writers of
	 * the same output (a retried or speculative cluster task and the original) never share one.
	 */
	private static Path temporaryFor(final Path target) {
		return target.toAbsolutePath().resolveSibling("." + target.getFileName() + "." + ProcessHandle
			.current().pid() + "-" + Thread.currentThread().getId() + ".writing");
	}
}
