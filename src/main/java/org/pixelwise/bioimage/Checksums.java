package org.pixelwise.bioimage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 of package files, as bioimage.io descriptions state them (lower-case hex). */
public final class Checksums {

	private Checksums() {}

	public static String sha256(final Path file) throws IOException {
		final MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("this Java has no SHA-256", e);
		}
		final byte[] buffer = new byte[1 << 16];
		try (InputStream in = Files.newInputStream(file)) {
			for (int n; (n = in.read(buffer)) > 0;)
				digest.update(buffer, 0, n);
		}
		final StringBuilder hex = new StringBuilder();
		for (final byte b : digest.digest())
			hex.append(String.format("%02x", b));
		return hex.toString();
	}

	/** Fails, naming the file and both sums, when {@code file} does not have {@code expected}. */
	public static void verify(final Path file, final String expected, final String role)
		throws IOException
	{
		if (expected == null) return;
		final String actual = sha256(file);
		if (!actual.equalsIgnoreCase(expected.trim())) throw new InvalidModelException("the " + role +
			" file '" + file.getFileName() + "' does not have the SHA-256 the model description states (" +
			"expected " + expected + ", found " + actual + "): it was changed or damaged after the " +
			"model was published. Download the model again from its source; do not run it as it is");
	}
}
