package org.pixelwise.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The variables of one graph, by name, with what each is for. Variables are created
 * uninitialised and filled by feeding values, so that the same network can be built in a
 * training graph (filled with seeded random weights or a checkpoint) and in an inference graph
 * (filled with trained weights) without storing weights as constants in the graph.
 */
public final class Parameters {

	/** What a variable holds; only weights and statistics belong in an inference model. */
	public enum Role {
		WEIGHT, STATISTIC, OPTIMIZER
	}

	/** How to make a variable's first value. */
	public interface Initializer {
		float[] values(long[] shape, Random random);
	}

	/** One variable with the ops that fill it. */
	public static final class Entry {
		public final String name;
		public final long[] shape;
		public final Role role;
		public final Initializer initializer;
		public final Variable<TFloat32> variable;
		final Placeholder<TFloat32> value;
		final Assign<TFloat32> assign;

		Entry(final String name, final long[] shape, final Role role, final Initializer initializer,
			final Variable<TFloat32> variable, final Placeholder<TFloat32> value,
			final Assign<TFloat32> assign)
		{
			this.name = name;
			this.shape = shape;
			this.role = role;
			this.initializer = initializer;
			this.variable = variable;
			this.value = value;
			this.assign = assign;
		}

		public int size() {
			long size = 1;
			for (final long d : shape)
				size *= d;
			return (int) size;
		}
	}

	private final Ops tf;
	private final Map<String, Entry> entries = new LinkedHashMap<>();

	public Parameters(final Ops tf) {
		this.tf = tf;
	}

	/**
	 * The variable with this name, created on first use. Asking again returns the same variable,
	 * which is how two passes of one network (training and evaluation) share their weights.
	 */
	public Variable<TFloat32> variable(final String name, final long[] shape, final Role role,
		final Initializer initializer)
	{
		final Entry existing = entries.get(name);
		if (existing != null) return existing.variable;
		final String opName = opName(name);
		final Variable<TFloat32> variable = tf.withName(opName).variable(Shape.of(shape),
			TFloat32.class);
		final Placeholder<TFloat32> value = tf.withName(opName + ".value").placeholder(TFloat32.class,
			Placeholder.shape(Shape.of(shape)));
		final Assign<TFloat32> assign = tf.withName(opName + ".assign").assign(variable, value);
		entries.put(name, new Entry(name, shape.clone(), role, initializer, variable, value, assign));
		return variable;
	}

	/** The graph op of a variable: names may not contain '/', which TensorFlow keeps for scopes. */
	public static String opName(final String name) {
		return name.replace('/', '.');
	}

	public List<Entry> entries() {
		return Collections.unmodifiableList(new ArrayList<>(entries.values()));
	}

	/** The variables an optimiser should train. */
	public List<Entry> trainable() {
		final List<Entry> list = new ArrayList<>();
		for (final Entry e : entries.values())
			if (e.role == Role.WEIGHT) list.add(e);
		return list;
	}

	/** Fills every variable from its initializer, drawing from one seeded stream in order. */
	public void initialize(final Session session, final long seed) {
		final Random random = new Random(seed);
		final Map<String, float[]> values = new LinkedHashMap<>();
		for (final Entry e : entries.values())
			values.put(e.name, e.initializer.values(e.shape, random));
		load(session, values);
	}

	/** Fills the named variables with the given values; names not in this graph are an error. */
	public void load(final Session session, final Map<String, float[]> values) {
		final Session.Runner runner = session.runner();
		final List<Tensor> tensors = new ArrayList<>();
		try {
			for (final Map.Entry<String, float[]> v : values.entrySet()) {
				final Entry e = entries.get(v.getKey());
				if (e == null) throw new IllegalArgumentException("the model has weights for '" + v
					.getKey() + "', which this network does not have");
				if (v.getValue().length != e.size()) throw new IllegalArgumentException("weights '" + e
					.name + "' hold " + v.getValue().length + " values, the network needs " + e.size());
				final TFloat32 t = TFloat32.tensorOf(Shape.of(e.shape), DataBuffers.of(v.getValue(), true,
					false));
				tensors.add(t);
				runner.feed(e.value, t).addTarget(e.assign);
			}
			if (!runner.isEmpty()) runner.run().close();
		}
		finally {
			for (final Tensor t : tensors)
				t.close();
		}
	}

	/** Reads the current values of the variables with the given roles. */
	public Map<String, float[]> read(final Session session, final Role... roles) {
		final List<Entry> chosen = new ArrayList<>();
		for (final Entry e : entries.values())
			for (final Role r : roles)
				if (e.role == r) chosen.add(e);
		final Map<String, float[]> values = new LinkedHashMap<>();
		if (chosen.isEmpty()) return values;
		final Session.Runner runner = session.runner();
		for (final Entry e : chosen)
			runner.fetch(e.variable);
		try (Result result = runner.run()) {
			for (int i = 0; i < chosen.size(); i++) {
				final float[] array = new float[chosen.get(i).size()];
				((TFloat32) result.get(i)).copyTo(DataBuffers.of(array, false, false));
				values.put(chosen.get(i).name, array);
			}
		}
		return values;
	}

	/** Total number of trainable weights, for the model card. */
	public long weightCount() {
		long count = 0;
		for (final Entry e : trainable())
			count += e.size();
		return count;
	}

	/** He-normal initialisation, right for convolutions followed by ReLU. */
	public static Initializer heNormal(final long fanIn) {
		return (shape, random) -> {
			final float[] values = new float[size(shape)];
			final double std = Math.sqrt(2.0 / fanIn);
			for (int i = 0; i < values.length; i++)
				values[i] = (float) (random.nextGaussian() * std);
			return values;
		};
	}

	public static Initializer constant(final float value) {
		return (shape, random) -> {
			final float[] values = new float[size(shape)];
			Arrays.fill(values, value);
			return values;
		};
	}

	static int size(final long[] shape) {
		long size = 1;
		for (final long d : shape)
			size *= d;
		return (int) size;
	}
}
