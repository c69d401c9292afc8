package org.pixelwise.degrade;

import org.pixelwise.data.FloatImage;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.util.Random;

/**
 * Random letters and digits written over the image, as fast.ai's lesson-7 "crappify" writes a
 * number on each picture: a restoration network trained on such pairs learns to remove
 * watermarks and captions. Each image gets one to three strings of one to six characters, each
 * with its own font size (10 to 30 % of the shorter side), position and grey level or colour.
 * Text is drawn antialiased with Java2D into a mask that is then blended into the image, which
 * works headless.
 */
public final class TextOverlay implements Degradation {

	private static final String CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	private static final int MAX_STRINGS = 3;
	private static final int MAX_LENGTH = 6;
	/** Smaller text is unreadable blobs, which teaches nothing about text. */
	private static final int MIN_FONT_PIXELS = 8;

	@Override
	public FloatImage apply(final FloatImage image, final Random random) {
		final float[] out = image.pixels.clone();
		final int strings = 1 + random.nextInt(MAX_STRINGS);
		for (int s = 0; s < strings; s++) {
			final Raster mask = drawString(image.width, image.height, random);
			final float[] colour = new float[image.channels];
			for (int c = 0; c < colour.length; c++) {
				colour[c] = random.nextFloat() * image.maxValue;
			}
			blend(image, mask, colour, out);
		}
		return image.withPixels(out);
	}

	/** A greyscale image, 0 (no text) to 255 (text), with one random string on it. */
	private static Raster drawString(final int width, final int height, final Random random) {
		final BufferedImage mask = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
		final int shorter = Math.min(width, height);
		final int size = Math.max(MIN_FONT_PIXELS, (int) Math.round(shorter * (0.1 + 0.2 * random.nextDouble())));
		final StringBuilder text = new StringBuilder();
		final int length = 1 + random.nextInt(MAX_LENGTH);
		for (int i = 0; i < length; i++) {
			text.append(CHARACTERS.charAt(random.nextInt(CHARACTERS.length())));
		}
		final int style = random.nextBoolean() ? Font.BOLD : Font.PLAIN;
		// Text starts in the left half and its baseline lies low enough for the letters to show.
		final int x = random.nextInt(Math.max(1, width / 2));
		final int baseline = Math.min(height - 1, size) + random.nextInt(Math.max(1, height - size));
		final Graphics2D graphics = mask.createGraphics();
		try {
			graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
					RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			graphics.setColor(Color.WHITE);
			graphics.setFont(new Font(Font.SANS_SERIF, style, size));
			graphics.drawString(text.toString(), x, baseline);
		}
		finally {
			graphics.dispose();
		}
		return mask.getRaster();
	}

	private static void blend(final FloatImage image, final Raster mask, final float[] colour,
			final float[] out) {
		for (int y = 0; y < image.height; y++) {
			for (int x = 0; x < image.width; x++) {
				final int coverage = mask.getSample(x, y, 0);
				if (coverage == 0) continue;
				final float alpha = coverage / 255f;
				for (int c = 0; c < colour.length; c++) {
					final int i = image.index(x, y, c);
					out[i] = out[i] * (1 - alpha) + colour[c] * alpha;
				}
			}
		}
	}

	@Override
	public String describe() {
		return "random text overlay";
	}

	@Override
	public String toString() {
		return "text=true";
	}
}
