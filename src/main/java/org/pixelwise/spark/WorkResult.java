package org.pixelwise.spark;

import java.io.Serializable;
import java.util.Map;

/** What a task sends back to the driver. */
final class WorkResult implements Serializable {

	private static final long serialVersionUID = 1L;

	final String file;
	/** Why the image cannot be processed (a fault of the image, not worth a retry); null if done. */
	final String failure;
	/** A share's network outputs by tile call; null for whole images. */
	final Map<Integer, float[]> tiles;

	WorkResult(final String file, final String failure, final Map<Integer, float[]> tiles) {
		this.file = file;
		this.failure = failure;
		this.tiles = tiles;
	}
}
