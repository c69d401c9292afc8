package org.pixelwise.device;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Whether training should let oneDNN compute in bfloat16: only where the CPU does bfloat16
 * arithmetic natively (Intel Cooper Lake / Sapphire Rapids, AMD Zen 4 and later), since
 * emulating it is slower than float32, and unless the user set PIXELWISE_BF16=0.
 */
final class Bfloat16 {

	private static final boolean ENABLED = !"0".equals(System.getenv("PIXELWISE_BF16")) &&
		!"false".equals(System.getProperty("pixelwise.bf16")) && cpuHasBfloat16(Paths.get(
			"/proc/cpuinfo"));

	private Bfloat16() {}

	static boolean enabled() {
		return ENABLED;
	}

	/** Linux lists CPU features in /proc/cpuinfo; elsewhere we do not know, so say no. */
	static boolean cpuHasBfloat16(final Path cpuinfo) {
		try {
			for (final String line : Files.readAllLines(cpuinfo, StandardCharsets.US_ASCII))
				if (line.startsWith("flags")) return (" " + line + " ").contains(" avx512_bf16 ") || (" " +
					line + " ").contains(" amx_bf16 ");
		}
		catch (final IOException | RuntimeException e) {
			// Not Linux, or not readable: float32 is always correct.
		}
		return false;
	}
}
