package org.pixelwise.launch;

import java.io.File;
import java.util.Locale;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;

/**
 * How an ImageJ 1 image parameter is named in an option string: by the title of an open image
 * (what a macro passes, as {@code image=blobs.gif}) or by the path of an image file (what a
 * {@code --run} line passes, where nothing is open yet).
 */
final class ImageArgument {

	private ImageArgument() {}

	static boolean isImage(final Class<?> type) {
		return ImagePlus.class.isAssignableFrom(type);
	}

	/** The open image with this title, or else the image in the file at this path. */
	static ImagePlus resolve(final String name, final String value) throws LaunchFailure {
		final ImagePlus open = WindowManager.getImage(value);
		if (open != null)
			return open;
		if (new File(value).isFile()) {
			final ImagePlus read = IJ.openImage(value);
			if (read != null)
				return read;
			throw new LaunchFailure(LaunchFailure.USAGE, String.format(
				"option '%s': ImageJ cannot read '%s' as an image", name, value));
		}
		throw new LaunchFailure(LaunchFailure.USAGE, String.format(
			"option '%s': there is no open image titled '%s' and no image file at that path",
			name, value));
	}

	/** One line that says which image a command produced. */
	static String describe(final ImagePlus image) {
		return String.format(Locale.ROOT, "image '%s' %dx%d, %d channel(s), %d slice(s), %d frame(s)",
			image.getTitle(), image.getWidth(), image.getHeight(), image.getNChannels(),
			image.getNSlices(), image.getNFrames());
	}
}
