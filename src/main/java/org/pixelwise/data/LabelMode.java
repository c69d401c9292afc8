package org.pixelwise.data;

import java.util.Locale;

/**
 * How label images are read. The mode fixes both the network's output (one sigmoid channel
 * or a softmax over classes) and how predictions become label images.
 */
public enum LabelMode {
	/** Masks: any nonzero pixel is foreground. One sigmoid output. */
	BINARY,
	/** Class labels: 0 = background, 1..K = classes. K+1 softmax outputs. */
	CLASSES,
	/**
	 * Instance labels: each object has its own id. Trained as background / interior / boundary,
	 * so that touching objects come out as separate instances.
	 */
	INSTANCES;

	public static LabelMode parse(final String text) {
		try {
			return valueOf(text.trim().toUpperCase(Locale.ROOT));
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("unknown label mode '" + text +
				"'; use binary, classes or instances");
		}
	}

	/** Network output channels for a label image whose largest class is {@code maxLabel}. */
	public int outputChannels(final int maxLabel) {
		switch (this) {
			case BINARY:
				return 1;
			case INSTANCES:
				return BoundaryTarget.CLASS_COUNT;
			default:
				return maxLabel + 1;
		}
	}

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}
}
