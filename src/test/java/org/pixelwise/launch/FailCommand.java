package org.pixelwise.launch;

import java.nio.file.NoSuchFileException;

import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** A command for the launcher's tests that fails: it throws, or cancels with a reason. */
@Plugin(type = Command.class, menuPath = "Plugins>Pixelwise Test>Pixelwise Test Fail",
	label = "Pixelwise Test Fail")
public class FailCommand extends ContextCommand {

	@Parameter(choices = { "throw", "cancel" })
	private String how = "throw";

	@Override
	public void run() {
		if (how.equals("cancel")) {
			cancel("the model folder is empty; train a model first");
			return;
		}
		throw new IllegalStateException("cannot load the model in '/nowhere'",
			new NoSuchFileException("/nowhere/model.yaml"));
	}
}
