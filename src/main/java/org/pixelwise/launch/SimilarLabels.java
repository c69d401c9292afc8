package org.pixelwise.launch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds the command labels a mistyped one was probably meant to be, so that "unknown command"
 * can say what to write instead.
 */
final class SimilarLabels {

	private static final int MOST = 5;

	private SimilarLabels() {}

	/**
	 * Up to five labels, closest first, that contain the wanted text or differ from it by a
	 * few typing mistakes.
	 */
	static List<String> near(final String wanted, final Collection<String> labels) {
		final String w = wanted.toLowerCase(Locale.ROOT).trim();
		final List<String> near = new ArrayList<>();
		for (final String label : labels) {
			final String l = label.toLowerCase(Locale.ROOT);
			if (!w.isEmpty() && (l.contains(w) || w.contains(l) || distance(w, l) <= Math.max(2,
				w.length() / 4)))
				near.add(label);
		}
		near.sort(Comparator.comparingInt((String label) -> distance(w, label.toLowerCase(
			Locale.ROOT))).thenComparing(Comparator.naturalOrder()));
		return near.size() > MOST ? near.subList(0, MOST) : near;
	}

	/** Levenshtein distance: the fewest one-character edits that turn one text into the other. */
	static int distance(final String a, final String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++)
			previous[j] = j;
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				final int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			final int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}
}
