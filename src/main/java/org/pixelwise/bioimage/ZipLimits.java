package org.pixelwise.bioimage;

/**
 * How much a zip may inflate to before {@link SafeZip} refuses it as a decompression bomb. The
 * defaults fit real bioimage.io model packages with room to spare; a package that needs more
 * is refused with a message naming the limit and the wither that raises it. Instances are
 * immutable: each {@code with...} method returns a copy.
 */
public final class ZipLimits {

	private static final long MIB = 1L << 20;
	private static final long GIB = 1L << 30;

	private final long maxTotalBytes;
	private final long maxEntryBytes;
	private final int maxEntries;
	private final double maxRatio;
	private final long ratioMinBytes;

	private ZipLimits(final long maxTotalBytes, final long maxEntryBytes, final int maxEntries,
		final double maxRatio, final long ratioMinBytes)
	{
		this.maxTotalBytes = maxTotalBytes;
		this.maxEntryBytes = maxEntryBytes;
		this.maxEntries = maxEntries;
		this.maxRatio = maxRatio;
		this.ratioMinBytes = ratioMinBytes;
	}

	/**
	 * 4 GiB in total, 2 GiB per entry, 10 000 entries, and no entry over 1 MiB that inflates to
	 * more than 200 times its compressed size (deflate reaches about 1000x only on
	 * content as repetitive as a bomb's).
	 */
	public static ZipLimits defaults() {
		return new ZipLimits(4 * GIB, 2 * GIB, 10_000, 200, MIB);
	}

	/** Bytes all entries together may inflate to. */
	public long maxTotalBytes() {
		return maxTotalBytes;
	}

	/** Bytes one entry may inflate to. */
	public long maxEntryBytes() {
		return maxEntryBytes;
	}

	/** Entries (files and folders) a zip may hold. */
	public int maxEntries() {
		return maxEntries;
	}

	/** Uncompressed size over compressed size that an entry past {@link #ratioMinBytes} may reach. */
	public double maxRatio() {
		return maxRatio;
	}

	/** Size below which the ratio is not checked: small, repetitive files are harmless. */
	public long ratioMinBytes() {
		return ratioMinBytes;
	}

	public ZipLimits withMaxTotalBytes(final long bytes) {
		return new ZipLimits(positive(bytes, "maxTotalBytes"), maxEntryBytes, maxEntries, maxRatio,
			ratioMinBytes);
	}

	public ZipLimits withMaxEntryBytes(final long bytes) {
		return new ZipLimits(maxTotalBytes, positive(bytes, "maxEntryBytes"), maxEntries, maxRatio,
			ratioMinBytes);
	}

	public ZipLimits withMaxEntries(final int entries) {
		return new ZipLimits(maxTotalBytes, maxEntryBytes, (int) positive(entries, "maxEntries"),
			maxRatio, ratioMinBytes);
	}

	public ZipLimits withMaxRatio(final double ratio) {
		if (!(ratio >= 1)) throw new IllegalArgumentException("maxRatio must be at least 1, not " +
			ratio);
		return new ZipLimits(maxTotalBytes, maxEntryBytes, maxEntries, ratio, ratioMinBytes);
	}

	public ZipLimits withRatioMinBytes(final long bytes) {
		return new ZipLimits(maxTotalBytes, maxEntryBytes, maxEntries, maxRatio, positive(bytes,
			"ratioMinBytes"));
	}

	private static long positive(final long value, final String name) {
		if (value <= 0) throw new IllegalArgumentException(name + " must be positive, not " + value);
		return value;
	}

	@Override
	public String toString() {
		return "ZipLimits[maxTotalBytes=" + maxTotalBytes + ", maxEntryBytes=" + maxEntryBytes +
			", maxEntries=" + maxEntries + ", maxRatio=" + maxRatio + ", ratioMinBytes=" +
			ratioMinBytes + "]";
	}
}
