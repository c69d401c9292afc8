package org.pixelwise.head;

import java.util.Map;

import org.pixelwise.data.LabelMode;

/** Chooses and rebuilds heads: from a user's option, and from a saved model's description. */
public final class Heads {

	private Heads() {
	}

	/**
	 * The head a user asked for by name ("pixel-classes" or "star-convex") for labels of the
	 * given mode, with {@code classes} output classes for pixel-class heads.
	 */
	public static Head forTraining(final String name, final LabelMode mode, final int classes,
		final PixelLoss loss)
	{
		final String key = name == null ? PixelClassHead.KEY : name.trim().toLowerCase(
			java.util.Locale.ROOT).replace('_', '-').replace(' ', '-');
		if (key.equals(PixelClassHead.KEY)) return new PixelClassHead(mode, mode == LabelMode.BINARY
			? 1 : classes, loss);
		if (key.equals(StarConvexHead.KEY)) {
			if (mode != LabelMode.INSTANCES) throw new IllegalArgumentException(
				"the star-convex head learns objects, so it needs label_mode=instances (label images with one id per object), not " +
					mode.key());
			return StarConvexHead.defaults();
		}
		throw new IllegalArgumentException("unknown head '" + name +
			"'; use pixel-classes or star-convex");
	}

	/**
	 * The head a description names, or for models saved before heads existed, the pixel-class
	 * head their label mode implies.
	 */
	public static Head fromMap(final Map<?, ?> map, final LabelMode mode, final int outputChannels,
		final PixelLoss loss)
	{
		final Object kind = map == null ? null : map.get("kind");
		if (kind == null || PixelClassHead.KEY.equals(kind)) return new PixelClassHead(mode,
			outputChannels, loss);
		if (StarConvexHead.KEY.equals(kind)) return new StarConvexHead(((Number) map.get("rays"))
			.intValue(), ((Number) map.get("overlap")).doubleValue());
		throw new IllegalArgumentException("the model's head '" + kind +
			"' is not known to this version of Pixelwise; update Pixelwise");
	}
}
