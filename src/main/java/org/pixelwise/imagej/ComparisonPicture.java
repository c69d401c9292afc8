package org.pixelwise.imagej;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * The same crop of several versions of an image side by side (ground truth, bicubic, each
 * model), enlarged without smoothing so that blur and invented detail stay visible, each
 * labelled underneath. Written atomically as PNG; needs no display.
 */
public final class ComparisonPicture {

	private static final int LABEL_HEIGHT = 22, GAP = 6;

	private ComparisonPicture() {}

	/**
	 * @param images interleaved RGB in 0..255, each {@code width} pixels wide
	 * @param x the crop's left edge, {@code y} its top, {@code size} its side, in image pixels
	 */
	public static void write(final Path png, final List<String> labels, final List<float[]> images,
		final int width, final int x, final int y, final int size, final int zoom) throws IOException
	{
		final int panel = size * zoom;
		final BufferedImage picture = new BufferedImage(images.size() * (panel + GAP) - GAP, panel +
			LABEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = picture.createGraphics();
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, picture.getWidth(), picture.getHeight());
		for (int n = 0; n < images.size(); n++) {
			final float[] rgb = images.get(n);
			final int left = n * (panel + GAP);
			for (int py = 0; py < panel; py++)
				for (int px = 0; px < panel; px++) {
					final int i = ((y + py / zoom) * width + x + px / zoom) * 3;
					picture.setRGB(left + px, py, clamp(rgb[i]) << 16 | clamp(rgb[i + 1]) << 8 | clamp(rgb[
						i + 2]));
				}
			g.setColor(Color.BLACK);
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
				RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
			g.drawString(labels.get(n), left + 2, panel + 16);
		}
		g.dispose();
		Files.createDirectories(png.toAbsolutePath().getParent());
		final Path partial = png.resolveSibling("." + png.getFileName() + ".writing");
		if (!ImageIO.write(picture, "png", partial.toFile())) throw new IOException(
			"this Java cannot write PNG images");
		Files.move(partial, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	private static int clamp(final float v) {
		return Math.max(0, Math.min(255, Math.round(v)));
	}
}
