package org.pixelwise.bioimage;

import java.io.IOException;

/**
 * A model package that is well formed but that Pixelwise cannot run, e.g. PyTorch weights or a
 * model with two inputs. Its message says what is unsupported and what would work.
 */
public class UnsupportedModelException extends IOException {

	private static final long serialVersionUID = 1L;

	public UnsupportedModelException(final String message) {
		super(message);
	}
}
