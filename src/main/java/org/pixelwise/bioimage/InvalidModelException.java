package org.pixelwise.bioimage;

import java.io.IOException;

/**
 * A model package whose description or files are missing, malformed or fail their checksums.
 * Its message names the file and field and says how to get a usable package.
 */
public class InvalidModelException extends IOException {

	private static final long serialVersionUID = 1L;

	public InvalidModelException(final String message) {
		super(message);
	}

	public InvalidModelException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
