package org.pixelwise.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a loss written as a weighted sum, such as "ce+dice" or "0.84*ssim+0.16*l1", into a
 * weight per term, accepting several names for a term (e.g. "bce" for "ce"). Shared by the
 * segmentation and restoration losses so that both read and complain the same way.
 */
final class WeightedTerms {

	private WeightedTerms() {}

	/**
	 * @param names each accepted name mapped to the term it stands for
	 * @param accepted how to tell the user what is accepted, e.g. "l1, mse, ssim or a sum such as ..."
	 */
	static Map<String, Double> parse(final String text, final Map<String, String> names,
		final String accepted)
	{
		final Map<String, Double> weights = new LinkedHashMap<>();
		for (final String term : text.toLowerCase(Locale.ROOT).replace(" ", "").split("\\+")) {
			final String[] factor = term.split("\\*");
			final String name = factor[factor.length - 1];
			final String canonical = names.get(name);
			if (canonical == null || factor.length > 2) throw new IllegalArgumentException("unknown loss '" +
				term + "' in '" + text + "'; use " + accepted);
			final double weight;
			try {
				weight = factor.length == 2 ? Double.parseDouble(factor[0]) : 1;
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException("'" + factor[0] + "' in loss '" + text +
					"' is not a number; write weights with a dot, e.g. 0.5*" + name);
			}
			weights.merge(canonical, weight, Double::sum);
		}
		return weights;
	}
}
