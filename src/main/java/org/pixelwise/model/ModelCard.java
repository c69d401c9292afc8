package org.pixelwise.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model's card in words, made from its description: what the network is, what it was trained
 * on and how, and how well it scored. Shown by "Pixelwise Model Info", so that a user can judge a
 * model before trusting it.
 */
public final class ModelCard {

	private ModelCard() {}

	public static String of(final ModelDescription d) {
		final StringBuilder card = new StringBuilder();
		card.append("# ").append(d.name).append("\n\n");
		card.append("Network: ").append(d.network).append('\n');
		final org.pixelwise.head.Head head = d.head(null);
		if (head instanceof org.pixelwise.head.StarConvexHead) card.append("Labels: instances, ").append(
			"star-convex head: object probability and ").append(((org.pixelwise.head.StarConvexHead) head)
				.rays).append(" ray distances; object probability threshold ").append(d.threshold).append(
					'\n');
		else card.append("Labels: ").append(d.labelMode.key()).append(", ").append(d.classCount).append(
			" classes").append(d.network.outputChannels == 1 ? " (sigmoid output, threshold " + d.threshold + ")"
				: " (softmax output)").append('\n');
		if (d.perImageNormalisation) card.append(String.format(Locale.ROOT,
			"Normalisation: each image by its own percentiles %.3g-%.3g%n", d.lowPercentile,
			d.highPercentile));
		else card.append(String.format(Locale.ROOT,
			"Normalisation: percentiles %.3g-%.3g of the training images, i.e. (x - %.6g) / (%.6g - %.6g)%n",
			d.lowPercentile, d.highPercentile, d.normalisation.low, d.normalisation.high,
			d.normalisation.low));
		final Map<String, Object> t = d.training;
		card.append("\n## Training\n");
		for (final String key : new String[] { "training_images", "validation_images", "validation",
			"epochs", "epoch", "step", "steps_per_epoch", "batch_size", "patch_size", "head",
			"augmentation", "loss",
			"max_learning_rate", "schedule", "seed", "weights", "seconds" })
			if (t.containsKey(key)) card.append("- ").append(key.replace('_', ' ')).append(": ").append(
				brief(t.get(key))).append('\n');
		card.append("\n## Scores\n");
		if (t.containsKey("best_val_ap50")) card.append(String.format(Locale.ROOT,
			"Best validation (epoch %s): instance AP@0.5 %s%n", t.get("best_epoch"), t.get(
				"best_val_ap50")));
		if (t.containsKey("best_val_dice")) card.append(String.format(Locale.ROOT,
			"Best validation (epoch %s): Dice %s, IoU %s%n", t.get("best_epoch"), t.get("best_val_dice"),
			t.get("best_val_iou")));
		if (!d.history.isEmpty()) {
			card.append("\n| epoch | loss | val loss | val Dice | val IoU |\n|---|---|---|---|---|\n");
			for (final Map<String, Object> row : d.history)
				card.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", row.get("epoch"), row
					.get("loss"), row.get("val_loss"), row.get("val_dice"), row.get("val_iou")));
		}
		return card.toString();
	}

	/** The card of a restoration model, from its raw description. */
	public static String ofRestoration(final Map<?, ?> d) {
		final StringBuilder card = new StringBuilder();
		card.append("# ").append(d.get("name")).append("\n\n");
		card.append("Network: ").append(org.pixelwise.net.RestorationConfig.fromMap((Map<?, ?>) d.get(
			"network"))).append('\n');
		card.append("Degradation it undoes: ").append(d.get("degradation")).append('\n');
		card.append("Value range: pixel values are divided by ").append(d.get("value_range")).append(
			" before the network and multiplied after\n");
		final Object training = d.get("training");
		if (training instanceof Map) {
			card.append("\n## Training\n");
			for (final Map.Entry<?, ?> e : ((Map<?, ?>) training).entrySet())
				card.append("- ").append(String.valueOf(e.getKey()).replace('_', ' ')).append(": ").append(
					brief(e.getValue())).append('\n');
		}
		final List<Map<String, Object>> history = history(d);
		if (!history.isEmpty()) {
			card.append("\n| epoch | loss | val loss | val PSNR (dB) | val SSIM |\n|---|---|---|---|---|\n");
			for (final Map<String, Object> row : history)
				card.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", row.get("epoch"), row
					.get("loss"), row.get("val_loss"), row.get("val_psnr"), row.get("val_ssim")));
		}
		return card.toString();
	}

	/** The per-epoch history of a raw description, or an empty list. */
	@SuppressWarnings("unchecked")
	public static List<Map<String, Object>> history(final Map<?, ?> d) {
		final Object history = d.get("history");
		return history instanceof List ? (List<Map<String, Object>>) history : new java.util.ArrayList<>();
	}

	private static String brief(final Object value) {
		if (value instanceof List && ((List<?>) value).size() > 8) {
			final List<?> list = (List<?>) value;
			return list.size() + " images: " + list.subList(0, 4) + " ... " + list.get(list.size() - 1);
		}
		return String.valueOf(value);
	}
}
