package org.pixelwise.command;

import ij.ImagePlus;
import ij.ImageStack;

import org.pixelwise.degrade.Crappifier;
import org.pixelwise.data.FloatImage;
import org.pixelwise.imagej.FloatImages;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Shows what a degradation does to the open image, so users see what a restoration model will
 * learn to undo before they spend time training it.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Pixelwise>Pixelwise Crappify",
	label = "Pixelwise Crappify")
public class Crappify extends PixelwiseCommand {

	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "Degradation (microscopy, photo, or e.g. downscale=area:2, poisson=50-500)")
	private String degradation = "microscopy";

	@Parameter(label = "Scale (for the presets)", choices = { "1", "2", "3", "4" })
	private String scale = "2";

	@Parameter(label = "Seed")
	private long seed = 1;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus degraded;

	@Parameter
	private LogService log;

	@Override
	public void run() {
		try {
			if (image == null || image.getProcessor() == null) throw new IllegalArgumentException(
				"there is no open image; open the image to degrade first");
			final Crappifier crappifier = Crappifier.named(degradation,
				Integer.parseInt(scale));
			ImageStack stack = null;
			long n = 0;
			for (final FloatImage slice : FloatImages.slices(image)) {
				final ImagePlus out = FloatImages.toImagePlus(crappifier.apply(slice, seed + n++), "");
				if (stack == null) stack = new ImageStack(out.getWidth(), out.getHeight());
				for (int i = 1; i <= out.getStackSize(); i++)
					stack.addSlice(out.getStack().getProcessor(i));
			}
			degraded = new ImagePlus(image.getShortTitle() + "_crappified", stack);
			log.info("Pixelwise: " + crappifier.describe());
		}
		catch (final Exception e) {
			cancel(Failures.describe(e));
		}
	}
}
