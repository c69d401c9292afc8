package org.pixelwise.launch;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * A command for the launcher's tests: it repeats its text, says which image it was given,
 * copies that image as an output, and writes what it did to {@code echo.txt} in the folder it
 * is given, so a macro test can check what reached it.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Pixelwise Test>Pixelwise Test Echo",
	label = "Pixelwise Test Echo")
public class EchoCommand implements Command {

	@Parameter(description = "the text to repeat")
	private String text;

	@Parameter(description = "how often to repeat it")
	private int times = 1;

	@Parameter(required = false, description = "where to write echo.txt")
	private File folder;

	@Parameter(required = false)
	private double scale = 0.5;

	@Parameter(required = false)
	private boolean shout;

	@Parameter(required = false)
	private ImagePlus image;

	@Parameter(type = ItemIO.OUTPUT)
	private String echoed;

	@Parameter(type = ItemIO.OUTPUT)
	private String image_title;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus copy;

	@Override
	public void run() {
		final StringBuilder repeated = new StringBuilder();
		for (int i = 0; i < times; i++)
			repeated.append(shout ? text.toUpperCase() : text);
		echoed = repeated.toString();
		image_title = image == null ? "none" : image.getTitle();
		if (image != null) {
			copy = image.duplicate();
			copy.setTitle("copy of " + image.getTitle());
		}
		if (folder != null)
			try {
				Files.write(folder.toPath().resolve("echo.txt"), (echoed + "\n" + image_title + "\n" +
					scale).getBytes(StandardCharsets.UTF_8));
			}
			catch (final IOException e) {
				throw new UncheckedIOException(e);
			}
	}
}
