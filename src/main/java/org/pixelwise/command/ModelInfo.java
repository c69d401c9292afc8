package org.pixelwise.command;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;

import org.pixelwise.bioimage.ModelPackage;
import org.pixelwise.bioimage.PackageSummary;
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

/**
 * Shows a model's card: for packages their bioimage.io fields (authors, licence, citation,
 * tensors, weights) and cover picture; for Pixelwise models also the architecture, training
 * data, scores and the training curve.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Pixelwise>Pixelwise Model Info",
	label = "Pixelwise Model Info")
public class ModelInfo extends PixelwiseCommand {

	@Parameter(label = "Model folder (or .zip)", style = FileWidget.DIRECTORY_STYLE)
	private File model;

	@Parameter(type = ItemIO.OUTPUT, label = "Model card")
	private String card;

	@Parameter(type = ItemIO.OUTPUT, label = "Training curve")
	private ImagePlus training_curve;

	@Parameter(type = ItemIO.OUTPUT, label = "Cover")
	private ImagePlus cover;

	@Parameter
	private LogService log;

	@Override
	public void run() {
		try {
			final Path resolved = ModelFolder.resolve(model.toPath());
			try (ModelPackage zip = Files.isRegularFile(resolved) ? ModelPackage.open(resolved) : null) {
				final Path folder = zip != null ? zip.root : resolved;
				final StringBuilder text = new StringBuilder();
				if (ModelPackage.isPackage(folder)) try (ModelPackage pkg = ModelPackage.open(folder)) {
					text.append(PackageSummary.of(pkg.rdf));
					if (!pkg.rdf.covers.isEmpty() && Files.isRegularFile(pkg.file(pkg.rdf.covers.get(0))))
						cover = IJ.openImage(pkg.file(pkg.rdf.covers.get(0)).toString());
				}
				if (ModelFolder.isPixelwise(folder)) {
					if (text.length() > 0) text.append("\n");
					text.append(pixelwiseCard(folder));
				}
				card = text.toString();
			}
			log.info(card);
		}
		catch (final Exception e) {
			cancel(Failures.describe(e));
		}
	}

	private String pixelwiseCard(final Path folder) throws java.io.IOException {
		final Map<?, ?> map = ModelFolder.readMap(folder);
		final String text;
		final List<Map<String, Object>> history;
		if (RestorationModel.FORMAT.equals(map.get("format"))) {
			text = ModelCard.ofRestoration(map);
			history = ModelCard.history(map);
		}
		else {
			final ModelDescription description = ModelFolder.readDescription(folder);
			text = ModelCard.of(description);
			history = description.history;
		}
		if (!history.isEmpty()) training_curve = TrainingCurve.plot(map.get("name") +
			" training curve", history).getImagePlus();
		return text;
	}
}
