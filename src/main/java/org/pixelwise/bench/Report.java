package org.pixelwise.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's output: Pixelwise's figures as they are measured, PyTorch's beside them
 * (prefixed "pytorch."), then the ratios, then the targets. Figures of a group come from
 * repetitions that alternate between Pixelwise and the peer, and each printed value is the
 * median over the repetitions, which keeps a burst of load on the machine from deciding a
 * ratio.
 */
final class Report {

	private final PrintStream out;
	private final PrintStream err;
	private final Map<String, Figure> ours = new LinkedHashMap<>();
	private final Map<String, Figure> theirs = new LinkedHashMap<>();
	private final List<String> targets = new ArrayList<>();
	private final long started = System.nanoTime();

	Report(final PrintStream out, final PrintStream err) {
		this.out = out;
		this.err = err;
	}

	/** Prints a figure of Pixelwise's. */
	void add(final Figure figure) {
		ours.put(figure.name, figure);
		out.println(figure);
		out.flush();
	}

	void addAll(final List<Figure> figures) {
		for (final Figure f : figures)
			add(f);
	}

	/** A line that explains figures; a comment, so the output stays parseable. */
	void note(final String text) {
		out.println("# " + text);
		out.flush();
	}

	/** Progress for the person waiting, kept off standard output. */
	void progress(final String text) {
		err.printf(Locale.ROOT, "bench: %4.0f s: %s%n", (System.nanoTime() - started) / 1e9, text);
		err.flush();
	}

	/**
	 * Runs the measurement and the peer alternately {@code rounds} times and prints the medians.
	 * A peer that fails on this group is reported and left out of it.
	 */
	void compare(final Measurement measurement, final int rounds, final Peer peer) {
		final Map<String, List<Figure>> mine = new LinkedHashMap<>(), peers = new LinkedHashMap<>();
		final String command = peer == null ? null : measurement.peerCommand();
		String peerFailure = null;
		for (int r = 0; r < rounds; r++) {
			collect(measurement.measure(), mine);
			if (command == null || peerFailure != null) continue;
			try {
				collect(peer.run(command), peers);
			}
			catch (final IOException e) {
				peerFailure = e.getMessage();
			}
		}
		for (final List<Figure> figures : mine.values())
			add(median(figures));
		if (peerFailure != null) note("the PyTorch peer failed on '" + command + "': " + peerFailure);
		else for (final List<Figure> figures : peers.values()) {
			final Figure m = median(figures);
			theirs.put(m.name, m);
			out.println("pytorch." + m);
		}
		out.flush();
	}

	private static void collect(final List<Figure> figures, final Map<String, List<Figure>> into) {
		for (final Figure f : figures)
			into.computeIfAbsent(f.name, k -> new ArrayList<>()).add(f);
	}

	private static Figure median(final List<Figure> figures) {
		final double[] values = new double[figures.size()];
		for (int i = 0; i < values.length; i++)
			values[i] = figures.get(i).value;
		return new Figure(figures.get(0).name, median(values), figures.get(0).unit);
	}

	static double median(final double[] values) {
		final double[] sorted = values.clone();
		Arrays.sort(sorted);
		final int n = sorted.length;
		return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) /
			2;
	}

	/** Pixelwise's value of a figure, or NaN when it was not measured. */
	double value(final String name) {
		final Figure f = ours.get(name);
		return f == null ? Double.NaN : f.value;
	}

	/**
	 * Pixelwise time / PyTorch time for the same work: the time ratio for times, the inverse
	 * ratio for rates. NaN when either side lacks the figure.
	 */
	double ratio(final String name) {
		final Figure mine = ours.get(name), peer = theirs.get(name);
		if (mine == null || peer == null) return Double.NaN;
		return mine.isRate() ? peer.value / mine.value : mine.value / peer.value;
	}

	/** Prints one ratio line per figure that both sides measured. */
	void printRatios() {
		for (final String name : theirs.keySet())
			if (ours.containsKey(name)) out.println("ratio." + name + " " + Figure.format(ratio(name)));
		out.flush();
	}

	/**
	 * Records a target to print at the end: met when {@code value} is at most (or, with
	 * {@code atLeast}, at least) {@code bound}; "untested" when the value is NaN.
	 */
	void target(final String name, final double value, final boolean atLeast, final double bound) {
		final String verdict = Double.isNaN(value) ? "untested" : (atLeast ? value >= bound
			: value <= bound) ? "met" : "missed";
		targets.add("target." + name + " " + Figure.format(value) + " " + verdict);
	}

	void printTargets() {
		for (final String t : targets)
			out.println(t);
		out.flush();
	}
}
