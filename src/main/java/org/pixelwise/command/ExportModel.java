package org.pixelwise.command;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;

import org.pixelwise.device.Device;
import org.pixelwise.imagej.FloatImages;
import org.pixelwise.model.ModelExport;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Writes a Pixelwise model as a bioimage.io package zip for sharing, with its authors,
 * licence and citation. Models saved before Pixelwise wrote packages are converted on the way
 * and need a test image like their training images.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Pixelwise>Pixelwise Export Model",
	label = "Pixelwise Export Model")
public class ExportModel extends PixelwiseCommand {

	@Parameter(label = "Model folder", style = FileWidget.DIRECTORY_STYLE)
	private File model;

	@Parameter(label = "Zip to write", style = FileWidget.SAVE_STYLE)
	private File zip;

	@Parameter(label = "Authors (separated by ';', empty = keep)", required = false)
	private String authors = "";

	@Parameter(label = "Licence (SPDX id, e.g. CC-BY-4.0; empty = keep)", required = false)
	private String license = "";

	@Parameter(label = "Citation text (empty = keep)", required = false)
	private String cite = "";

	@Parameter(label = "Citation DOI or URL", required = false)
	private String cite_doi = "";

	@Parameter(label = "Description (empty = keep)", required = false)
	private String description = "";

	@Parameter(label = "Test image (only for models saved before packages)",
		style = FileWidget.OPEN_STYLE, required = false, persist = false)
	private File test_image;

	@Parameter(type = ItemIO.OUTPUT, label = "Exported")
	private String exported;

	@Parameter
	private LogService log;

	@Override
	public void run() {
		try {
			if (!zip.getName().toLowerCase().endsWith(".zip")) throw new IllegalArgumentException(
				"the package file '" + zip + "' should end in .zip");
			ModelExport.toZip(model.toPath(), zip.toPath(), metadata(), testImage(), Device.cpu());
			exported = zip.getPath();
			log.info("Pixelwise: exported " + model + " as " + zip);
		}
		catch (final Exception e) {
			cancel(Failures.describe(e));
		}
	}

	private Map<String, Object> metadata() {
		final Map<String, Object> m = new LinkedHashMap<>();
		if (authors != null && !authors.trim().isEmpty()) {
			final List<Map<String, Object>> list = new ArrayList<>();
			for (final String name : authors.split(";"))
				if (!name.trim().isEmpty()) list.add(Map.of("name", name.trim()));
			m.put("authors", list);
		}
		if (license != null && !license.trim().isEmpty()) m.put("license", license.trim());
		if (description != null && !description.trim().isEmpty()) m.put("description", description
			.trim());
		if (cite != null && !cite.trim().isEmpty()) {
			final Map<String, Object> c = new LinkedHashMap<>();
			c.put("text", cite.trim());
			final String ref = cite_doi == null ? "" : cite_doi.trim();
			if (ref.isEmpty()) throw new IllegalArgumentException("a citation needs a DOI or URL " +
				"(cite_doi); bioimage.io requires one");
			c.put(ref.contains("://") ? "url" : "doi", ref);
			m.put("cite", List.of(c));
		}
		return m;
	}

	private org.pixelwise.data.FloatImage testImage() {
		if (test_image == null || test_image.getPath().isEmpty()) return null;
		final ImagePlus image = IJ.openImage(test_image.getPath());
		if (image == null) throw new IllegalArgumentException("the test image '" + test_image +
			"' cannot be opened as an image");
		return FloatImages.slices(image).get(0);
	}
}
