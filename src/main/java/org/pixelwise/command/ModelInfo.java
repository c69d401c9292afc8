package org.pixelwise.command;

import java.io.File;
import java.nio.file.Path;

import ij.ImagePlus;

import org.pixelwise.imagej.TrainingCurve;
import org.pixelwise.model.ModelCard;
import org.pixelwise.model.ModelDescription;
import org.pixelwise.model.ModelFolder;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/** Shows a model's card: architecture, training data, scores, and the training curve. */
@Plugin(type = Command.class, menuPath = "Plugins>Pixelwise>Model Info",
	label = "Pixelwise Model Info")
public class ModelInfo extends PixelwiseCommand {

	@Parameter(label = "Model folder", style = FileWidget.DIRECTORY_STYLE)
	private File model;

	@Parameter(type = ItemIO.OUTPUT, label = "Model card")
	private String card;

	@Parameter(type = ItemIO.OUTPUT, label = "Training curve")
	private ImagePlus training_curve;

	@Parameter
	private LogService log;

	@Override
	public void run() {
		try {
			final Path folder = ModelFolder.resolve(model.toPath());
			final ModelDescription description = ModelFolder.readDescription(folder);
			card = ModelCard.of(description);
			log.info(card);
			if (!description.history.isEmpty()) training_curve = TrainingCurve.plot(description.name +
				" training curve", description.history).getImagePlus();
		}
		catch (final Exception e) {
			cancel(Failures.describe(e));
		}
	}
}
