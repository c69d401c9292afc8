package org.pixelwise.degrade;

import org.pixelwise.data.FloatImage;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * JPEG artefacts: 8x8 blocks, ringing at edges and lost fine texture, as in fast.ai's
 * "decrappify" where a network learns to undo them. The image is saved as a JPEG in memory at a
 * quality drawn for each image (1 to 100, as in libjpeg and PIL) and read back.
 *
 * <p>JPEG holds 8 bits per channel, so values are mapped from 0..full scale to 0..255 and back; for
 * 16-bit data that coarser quantisation is part of the damage. Three channels are saved as one
 * colour JPEG (with its usual coarser colour sampling); any other count is saved channel by
 * channel as greyscale JPEGs. Everything happens in memory, so it works headless.
 */
public final class JpegCompression implements Degradation {

	/** JPEG quality, whole numbers from 1 (worst) to 100. */
	public final Range quality;

	public JpegCompression(final Range quality) {
		if (!quality.isWithin(1, 100) || !quality.isWhole()) {
			throw new IllegalArgumentException("JPEG quality " + quality
					+ " is not valid; give whole numbers from 1 to 100, e.g. 10-70");
		}
		this.quality = quality;
	}

	@Override
	public FloatImage apply(final FloatImage image, final Random random) {
		final float level = quality.drawWhole(random) / 100f;
		final float[] out = new float[image.pixels.length];
		if (image.channels == 3) {
			roundTrip(image, new int[] { 0, 1, 2 }, level, out);
		}
		else {
			for (int c = 0; c < image.channels; c++) {
				roundTrip(image, new int[] { c }, level, out);
			}
		}
		return image.withPixels(out);
	}

	/** Saves the given channels of {@code image} as one JPEG, reads it back and writes them into {@code out}. */
	private static void roundTrip(final FloatImage image, final int[] bands, final float level,
			final float[] out) {
		final BufferedImage eightBit = new BufferedImage(image.width, image.height,
				bands.length == 3 ? BufferedImage.TYPE_3BYTE_BGR : BufferedImage.TYPE_BYTE_GRAY);
		final WritableRaster raster = eightBit.getRaster();
		final double toByte = 255.0 / image.maxValue;
		for (int y = 0; y < image.height; y++) {
			for (int x = 0; x < image.width; x++) {
				for (int b = 0; b < bands.length; b++) {
					final long v = Math.round(image.get(x, y, bands[b]) * toByte);
					raster.setSample(x, y, b, (int) Math.max(0, Math.min(255, v)));
				}
			}
		}
		final Raster decoded = decode(encode(eightBit, level)).getRaster();
		final float fromByte = image.maxValue / 255f;
		for (int y = 0; y < image.height; y++) {
			for (int x = 0; x < image.width; x++) {
				for (int b = 0; b < bands.length; b++) {
					out[image.index(x, y, bands[b])] = decoded.getSample(x, y, b) * fromByte;
				}
			}
		}
	}

	private static byte[] encode(final BufferedImage image, final float level) {
		final ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		// Memory streams: ImageIO's default file cache would touch the disk for every patch.
		try (ImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
			final ImageWriteParam param = writer.getDefaultWriteParam();
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionQuality(level);
			writer.setOutput(stream);
			writer.write(null, new IIOImage(image, null, null), param);
		}
		catch (final IOException e) {
			throw new UncheckedIOException("could not JPEG-compress an image in memory", e);
		}
		finally {
			writer.dispose();
		}
		return bytes.toByteArray();
	}

	private static BufferedImage decode(final byte[] jpeg) {
		final ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
		try (ImageInputStream stream = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
			reader.setInput(stream);
			return reader.read(0);
		}
		catch (final IOException e) {
			throw new UncheckedIOException("could not read back a JPEG made in memory", e);
		}
		finally {
			reader.dispose();
		}
	}

	@Override
	public String describe() {
		return "JPEG compression at quality " + quality.describe();
	}

	@Override
	public String toString() {
		return "jpeg=" + quality;
	}
}
