package org.pixelwise.spark;

import java.io.Serializable;

/**
 * One Spark task: a whole image, or a share of one large image's tile calls (see
 * {@link org.pixelwise.predict.SplitPrediction}).
 */
final class WorkUnit implements Serializable {

	private static final long serialVersionUID = 1L;

	final String file;
	/** First tile call of the share; -1 for a whole image. */
	final int from;
	/** End (exclusive) of the share's tile calls. */
	final int to;

	private WorkUnit(final String file, final int from, final int to) {
		this.file = file;
		this.from = from;
		this.to = to;
	}

	static WorkUnit image(final String file) {
		return new WorkUnit(file, -1, -1);
	}

	static WorkUnit share(final String file, final int from, final int to) {
		return new WorkUnit(file, from, to);
	}

	boolean isShare() {
		return from >= 0;
	}
}
