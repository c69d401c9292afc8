package org.pixelwise.command;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;

import org.pixelwise.imagej.TrainingCurve;
import org.pixelwise.model.ModelCard;
import org.pixelwise.model.ModelDescription;
import org.pixelwise.model.ModelFolder;
import org.pixelwise.model.RestorationModel;
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
			final Map<?, ?> map = ModelFolder.readMap(folder);
			final List<Map<String, Object>> history;
			if (RestorationModel.FORMAT.equals(map.get("format"))) {
				card = ModelCard.ofRestoration(map);
				history = ModelCard.history(map);
			}
			else {
				final ModelDescription description = ModelFolder.readDescription(folder);
				card = ModelCard.of(description);
				history = description.history;
			}
			log.info(card);
			if (!history.isEmpty()) training_curve = TrainingCurve.plot(map.get("name") +
				" training curve", history).getImagePlus();
		}
		catch (final Exception e) {
			cancel(Failures.describe(e));
		}
	}
}
