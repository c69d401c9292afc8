package org.pixelwise.train;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/** Where fine-tuning takes its first weights from: a trained model, read when training starts. */
public interface WeightSource {

	/**
	 * @param names the variables the new network has
	 * @return their values, by name
	 */
	Map<String, float[]> read(Set<String> names) throws IOException;
}
