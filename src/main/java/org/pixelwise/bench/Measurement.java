package org.pixelwise.bench;

import java.util.List;

/**
 * A group of figures that Pixelwise measures in this JVM and the PyTorch peer measures the
 * same way in its process. The group keeps its graph between repetitions, as the peer keeps
 * torch loaded, so repetitions time steady-state work and not start-up.
 */
interface Measurement extends AutoCloseable {

	/** One repetition of Pixelwise's figures: warm-up runs, then the median of timed runs. */
	List<Figure> measure();

	/** The peer command that measures the same figures under the same names, or null. */
	String peerCommand();

	@Override
	void close();
}
