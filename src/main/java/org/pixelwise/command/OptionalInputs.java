package org.pixelwise.command;

import java.awt.GraphicsEnvironment;

import ij.IJ;

import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Plugin;
import org.scijava.widget.InputHarvester;

/**
 * In a macro or a headless run, an optional option the caller leaves out keeps its default.
 * Without this SciJava treats it as missing: it fills it with the value remembered from an
 * earlier run (so yesterday's predictions folder would be scored again), or, when it is the
 * only one left and a file, opens a file chooser, which headless cancels with no reason. It runs
 * after the macro's options are read and before remembered values are loaded and anything asks.
 */
@Plugin(type = PreprocessorPlugin.class, priority = InputHarvester.PRIORITY + 2)
public class OptionalInputs extends AbstractPreprocessorPlugin {

	@Override
	public void process(final Module module) {
		if (!CommandOutcomes.isPixelwise(module)) return;
		if (!IJ.isMacro() && !GraphicsEnvironment.isHeadless()) return;
		for (final ModuleItem<?> item : module.getInfo().inputs())
			if (!item.isRequired() && !module.isInputResolved(item.getName())) module.resolveInput(item
				.getName());
	}
}
