package org.pixelwise.command;

import java.util.List;
import java.util.Locale;

import org.scijava.Priority;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Plugin;

/**
 * Refuses a Pixelwise command whose options are out of the range its parameters declare
 * ({@code min}, {@code max}, {@code choices}), before the command runs and so before anything
 * on disk changes. Fiji's dialogs keep values in range, but macros, {@code --run} and scripts
 * pass whatever they are given, and {@code epochs=-1} or {@code batch_size=0} used to run
 * and fail far from the cause. It runs after the dialog (the input harvester, at very low
 * priority) has filled in the values.
 */
@Plugin(type = PreprocessorPlugin.class, priority = Priority.VERY_LOW - 1)
public class OptionRanges extends AbstractPreprocessorPlugin {

	/**
	 * A parameter attribute: the smallest value allowed besides 0, for options where 0 means
	 * "choose for me" ({@code @Parameter(min = "0", attrs = @Attr(name = NON_ZERO_MIN, value =
	 * "16"))}). Fiji's dialogs see min 0, so they keep 0 as it is.
	 */
	public static final String NON_ZERO_MIN = "nonZeroMin";

	@Override
	public void process(final Module module) {
		if (!CommandOutcomes.isPixelwise(module)) return;
		final String problem = problem(module);
		if (problem != null) cancel(problem);
	}

	/** What is wrong with the module's inputs, in one sentence, or null. */
	public static String problem(final Module module) {
		for (final ModuleItem<?> item : module.getInfo().inputs()) {
			final Object value = module.getInput(item.getName());
			final String problem = problem(item, value);
			if (problem != null) return problem;
		}
		return null;
	}

	static String problem(final ModuleItem<?> item, final Object value) {
		if (value instanceof Number) {
			final double v = ((Number) value).doubleValue();
			final Double min = number(item.getMinimumValue()), max = number(item.getMaximumValue());
			final boolean low = min != null && v < min, high = max != null && v > max;
			if (Double.isNaN(v) || low || high) return String.format(Locale.ROOT,
				"%s=%s is out of range: %s must be %s", item.getName(), value, describe(item), range(min,
					max));
			// 0 asks for an automatic choice; other values have a larger minimum of their own.
			final String nonZero = item.get(NON_ZERO_MIN);
			if (nonZero != null && v != 0 && v < Double.parseDouble(nonZero)) return String.format(
				Locale.ROOT, "%s=%s is out of range: %s must be 0 or at least %s", item.getName(), value,
				describe(item), nonZero);
		}
		final List<?> choices = item.getChoices();
		if (value instanceof String && choices != null && !choices.isEmpty() && !choices.contains(
			value)) return String.format(Locale.ROOT, "%s=%s is not one of the choices: %s must be one of %s",
				item.getName(), value, describe(item), choices);
		return null;
	}

	private static String describe(final ModuleItem<?> item) {
		final String label = item.getLabel();
		return label == null || label.isEmpty() ? item.getName() : "'" + label + "'";
	}

	private static String range(final Double min, final Double max) {
		if (min != null && max != null) return "from " + plain(min) + " to " + plain(max);
		if (min != null) return "at least " + plain(min);
		if (max != null) return "at most " + plain(max);
		return "a number";
	}

	private static String plain(final double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
	}

	private static Double number(final Object bound) {
		return bound instanceof Number ? ((Number) bound).doubleValue() : null;
	}
}
