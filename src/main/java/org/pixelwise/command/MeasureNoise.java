package org.pixelwise.command;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;

import org.pixelwise.data.FloatImage;
import org.pixelwise.degrade.NoiseModel;
import org.pixelwise.imagej.ChannelMatch;
import org.pixelwise.imagej.FloatImages;
import org.pixelwise.imagej.ImageFiles;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Measures the camera noise of a folder of noisy images (gain and read noise in grey levels,
 * see {@link NoiseModel}) and gives the degradation that reproduces it, for training a denoiser
 * from clean images alone: Train Restoration with {@code training_data=crappify} and
 * {@code degradation='camera=GAIN:READ:OFFSET'}.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Pixelwise>Pixelwise Measure Noise",
	label = "Pixelwise Measure Noise")
public class MeasureNoise extends PixelwiseCommand {

	@Parameter(label = "Noisy images folder (grey; RGB is read as its luminance)",
		style = FileWidget.DIRECTORY_STYLE)
	private File images;

	@Parameter(label = "Camera offset (black level, grey levels; 0 if black reads 0)", min = "0")
	private double offset = 0;

	@Parameter(type = ItemIO.OUTPUT)
	private double gain;

	@Parameter(type = ItemIO.OUTPUT)
	private double read_noise;

	@Parameter(type = ItemIO.OUTPUT)
	private String degradation;

	@Parameter
	private LogService log;

	@Override
	public void run() {
		try {
			final List<File> files = ImageFiles.list(images, "images");
			if (files.isEmpty()) throw new IllegalArgumentException("the images folder '" + images +
				"' holds no images (TIFF, PNG, JPEG, BMP, GIF)");
			final List<FloatImage> planes = new ArrayList<>();
			for (final File file : files) {
				final ImagePlus grey = ChannelMatch.of(ImageFiles.open(file), 1).image;
				planes.addAll(FloatImages.slices(grey));
			}
			final NoiseModel model = NoiseModel.estimate(planes, offset);
			gain = model.gain;
			read_noise = model.readNoise;
			degradation = model.degradation();
			log.info("Pixelwise: " + files.size() + " image(s): " + model + "; train from clean " +
				"images with degradation='" + degradation + "'");
		}
		catch (final Exception e) {
			cancel(Failures.describe(e));
		}
	}
}
