package org.pixelwise.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pixelwise.launch.FailCommand;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;
import org.scijava.service.SciJavaService;

/**
 * A failed command is never silent: run as Fiji runs it (CommandService with pre- and
 * postprocessing), its reason reaches the log at error level, in one line.
 */
class CommandOutcomesTest {

	private Context context;
	private final List<String> errors = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() {
		context = new Context(CommandService.class, LogService.class, CommandOutcomes.class);
		context.service(LogService.class).addLogListener(message -> {
			if (message.level() == LogLevel.ERROR) errors.add(message.text());
		});
	}

	@AfterEach
	void stop() {
		context.dispose();
	}

	/**
	 * Fiji's gateway starts only services marked as SciJava's or ImageJ's: unmarked, this one
	 * was never created there, and headless Fiji stayed silent.
	 */
	@Test
	void startsInAContextMadeAsFijiMakesIt() {
		final Context fijiLike = new Context(SciJavaService.class);
		try {
			assertTrue(fijiLike.getService(CommandOutcomes.class) != null);
		}
		finally {
			fijiLike.dispose();
		}
	}

	@Test
	void aCancelledCommandLogsItsReasonAsAnError() throws Exception {
		context.service(CommandService.class).run(FailCommand.class, true, "how", "cancel").get();
		assertEquals(List.of("Pixelwise Test Fail: the model folder is empty; train a model first"),
			errors);
	}

	@Test
	void aCommandThatThrowsLogsOneLineInsteadOfAStackTrace() {
		try {
			context.service(CommandService.class).run(FailCommand.class, true, "how", "throw").get();
		}
		catch (final Exception expected) {
			// the future reports the exception too
		}
		assertEquals(1, errors.size(), errors.toString());
		assertTrue(errors.get(0).startsWith(
			"Pixelwise Test Fail: cannot load the model in '/nowhere'"), errors.toString());
	}
}
