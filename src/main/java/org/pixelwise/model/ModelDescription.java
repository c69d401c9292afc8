package org.pixelwise.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pixelwise.data.LabelMode;
import org.pixelwise.data.LabelSettings;
import org.pixelwise.data.PercentileNormalisation;
import org.pixelwise.head.Head;
import org.pixelwise.head.Heads;
import org.pixelwise.head.PixelLoss;
import org.pixelwise.net.UNetConfig;

/**
 * What a saved model is: its network, how its input must be normalised, what its outputs
 * mean, and how it was trained. Stored as {@code pixelwise.yaml} beside the weights, so a
 * model folder explains itself to a person and can be rebuilt or resumed by Pixelwise.
 */
public final class ModelDescription {

	public static final String FORMAT = "pixelwise-segmentation/1";

	public final String name;
	public final UNetConfig network;
	public final LabelMode labelMode;
	public final int classCount;
	public final int ignoreValue;
	public final double lowPercentile, highPercentile;
	public final PercentileNormalisation normalisation;
	public final double threshold;
	/** The head's description ({@link Head#toMap}); null for the pixel-class head of old models. */
	public final Map<String, Object> head;
	/** Whether every image is normalised by its own percentiles (else by {@link #normalisation}). */
	public final boolean perImageNormalisation;
	/** Training facts: settings, step, epoch, best validation scores. */
	public final Map<String, Object> training;
	/** One map per epoch: epoch, step, loss, validation loss and scores, seconds. */
	public final List<Map<String, Object>> history;

	public ModelDescription(final String name, final UNetConfig network, final LabelMode labelMode,
		final int classCount, final int ignoreValue, final double lowPercentile,
		final double highPercentile, final PercentileNormalisation normalisation,
		final double threshold, final Map<String, Object> training,
		final List<Map<String, Object>> history)
	{
		this(name, network, labelMode, classCount, ignoreValue, lowPercentile, highPercentile,
			normalisation, threshold, null, training, history);
	}

	public ModelDescription(final String name, final UNetConfig network, final LabelMode labelMode,
		final int classCount, final int ignoreValue, final double lowPercentile,
		final double highPercentile, final PercentileNormalisation normalisation,
		final double threshold, final Map<String, Object> head, final Map<String, Object> training,
		final List<Map<String, Object>> history)
	{
		this(name, network, labelMode, classCount, ignoreValue, lowPercentile, highPercentile,
			normalisation, threshold, head, false, training, history);
	}

	private ModelDescription(final String name, final UNetConfig network, final LabelMode labelMode,
		final int classCount, final int ignoreValue, final double lowPercentile,
		final double highPercentile, final PercentileNormalisation normalisation,
		final double threshold, final Map<String, Object> head, final boolean perImageNormalisation,
		final Map<String, Object> training, final List<Map<String, Object>> history)
	{
		this.perImageNormalisation = perImageNormalisation;
		this.head = head;
		this.name = name;
		this.network = network;
		this.labelMode = labelMode;
		this.classCount = classCount;
		this.ignoreValue = ignoreValue;
		this.lowPercentile = lowPercentile;
		this.highPercentile = highPercentile;
		this.normalisation = normalisation;
		this.threshold = threshold;
		this.training = training;
		this.history = history;
	}

	/** The training step this model was saved at. */
	public long step() {
		final Object step = training.get("step");
		return step == null ? 0 : ((Number) step).longValue();
	}

	public int epoch() {
		final Object epoch = training.get("epoch");
		return epoch == null ? 0 : ((Number) epoch).intValue();
	}

	public ModelDescription withPerImageNormalisation(final boolean perImage) {
		return new ModelDescription(name, network, labelMode, classCount, ignoreValue, lowPercentile,
			highPercentile, normalisation, threshold, head, perImage, training, history);
	}

	/** The head that decodes this model's output; {@code loss} is needed only to train it. */
	public Head head(final PixelLoss loss) {
		return Heads.fromMap(head, labelMode, network.outputChannels, loss);
	}

	public Map<String, Object> toMap() {
		final Map<String, Object> map = new LinkedHashMap<>();
		map.put("format", FORMAT);
		map.put("name", name);
		map.put("network", network.toMap());
		final Map<String, Object> labels = new LinkedHashMap<>();
		labels.put("mode", labelMode.key());
		labels.put("classes", classCount);
		labels.put("ignore_value", ignoreValue == LabelSettings.NO_IGNORE ? null : ignoreValue);
		map.put("labels", labels);
		final Map<String, Object> norm = new LinkedHashMap<>();
		norm.put("method", "percentile");
		norm.put("scope", perImageNormalisation ? "per-image" : "dataset");
		norm.put("low_percentile", lowPercentile);
		norm.put("high_percentile", highPercentile);
		norm.put("low", normalisation.low);
		norm.put("high", normalisation.high);
		map.put("normalisation", norm);
		final Map<String, Object> prediction = new LinkedHashMap<>();
		prediction.put("threshold", threshold);
		prediction.put("output", network.outputChannels == 1 ? "sigmoid" : "softmax");
		map.put("prediction", prediction);
		if (head != null) {
			prediction.put("output", head.get("output"));
			map.put("head", head);
		}
		map.put("training", training);
		map.put("history", history);
		return map;
	}

	/** Reads a description, failing with the missing or wrong field named. */
	@SuppressWarnings("unchecked")
	public static ModelDescription fromMap(final Map<?, ?> map) {
		final Object format = map.get("format");
		if (!FORMAT.equals(format)) throw new IllegalArgumentException("unknown model format '" +
			format + "', expected '" + FORMAT + "'");
		final Map<?, ?> labels = section(map, "labels");
		final Map<?, ?> norm = section(map, "normalisation");
		final Map<?, ?> prediction = section(map, "prediction");
		final Object ignore = labels.get("ignore_value");
		final Object training = map.get("training");
		final Object history = map.get("history");
		return new ModelDescription(String.valueOf(map.get("name")), UNetConfig.fromMap(section(map,
			"network")), LabelMode.parse(String.valueOf(labels.get("mode"))), number(labels, "classes")
				.intValue(), ignore == null ? LabelSettings.NO_IGNORE : ((Number) ignore).intValue(),
			number(norm, "low_percentile").doubleValue(), number(norm, "high_percentile").doubleValue(),
			new PercentileNormalisation(number(norm, "low").doubleValue(), number(norm, "high")
				.doubleValue()), number(prediction, "threshold").doubleValue(), map.get(
					"head") instanceof Map ? new LinkedHashMap<>((Map<String, Object>) map.get("head"))
						: null, training instanceof Map
					? new LinkedHashMap<>((Map<String, Object>) training) : new LinkedHashMap<>(),
			history instanceof List ? new ArrayList<>((List<Map<String, Object>>) history)
				: new ArrayList<>()).withPerImageNormalisation("per-image".equals(norm.get("scope")));
	}

	private static Map<?, ?> section(final Map<?, ?> map, final String key) {
		final Object value = map.get(key);
		if (!(value instanceof Map)) throw new IllegalArgumentException("the description lacks the '" +
			key + "' section");
		return (Map<?, ?>) value;
	}

	private static Number number(final Map<?, ?> map, final String key) {
		final Object value = map.get(key);
		if (!(value instanceof Number)) throw new IllegalArgumentException("the description lacks '" +
			key + "' or it is not a number");
		return (Number) value;
	}
}
