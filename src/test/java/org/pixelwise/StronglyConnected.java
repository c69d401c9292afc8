package org.pixelwise;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The cycles of a directed graph: its strongly connected components of more than one node (Tarjan). */
final class StronglyConnected {

	private final Map<String, Set<String>> graph;
	private final Map<String, Integer> index = new HashMap<>();
	private final Map<String, Integer> low = new HashMap<>();
	private final Deque<String> stack = new ArrayDeque<>();
	private final Set<String> onStack = new HashSet<>();
	private final List<List<String>> cycles = new ArrayList<>();

	private StronglyConnected(final Map<String, Set<String>> graph) {
		this.graph = graph;
	}

	/** Each cycle's nodes sorted, the cycles sorted by their first node. */
	static List<List<String>> cycles(final Map<String, Set<String>> graph) {
		final StronglyConnected s = new StronglyConnected(graph);
		for (final String node : graph.keySet())
			if (!s.index.containsKey(node)) s.visit(node);
		s.cycles.sort((a, b) -> a.get(0).compareTo(b.get(0)));
		return s.cycles;
	}

	private void visit(final String node) {
		index.put(node, index.size());
		low.put(node, index.get(node));
		stack.push(node);
		onStack.add(node);
		for (final String next : graph.getOrDefault(node, Set.of())) {
			if (!index.containsKey(next)) {
				visit(next);
				low.put(node, Math.min(low.get(node), low.get(next)));
			}
			else if (onStack.contains(next)) low.put(node, Math.min(low.get(node), index.get(next)));
		}
		if (!low.get(node).equals(index.get(node))) return;
		final List<String> component = new ArrayList<>();
		String member;
		do {
			member = stack.pop();
			onStack.remove(member);
			component.add(member);
		}
		while (!member.equals(node));
		if (component.size() > 1) {
			Collections.sort(component);
			cycles.add(component);
		}
	}
}
