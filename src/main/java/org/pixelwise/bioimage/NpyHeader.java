package org.pixelwise.bioimage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The header of an npy file: everything before the data, read and checked, or written as
 * NumPy writes it. It lives apart from {@link Npy} because nearly every way a file can be
 * damaged or hostile shows up here, and each gets its own message; {@link Npy} is left with
 * moving the data.
 */
final class NpyHeader {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };
	/** NumPy's own reader stops at 10000; this is generous, yet a hostile length costs little. */
	private static final int MAX_HEADER_BYTES = 1 << 20;
	/** NumPy aligns the data so files can be memory-mapped. */
	private static final int ALIGN = 64;
	/** NumPy leaves room for the first axis to grow this long, so appending can rewrite the header. */
	private static final int GROWTH_AXIS_MAX_DIGITS = 21;

	final NpyType type;
	final boolean bigEndian;
	final boolean fortranOrder;
	final long[] shape;
	/** Bytes from the start of the file to the data: magic, version, length and header text. */
	final long bytes;

	private NpyHeader(final NpyType type, final boolean bigEndian, final boolean fortranOrder,
		final long[] shape, final long bytes)
	{
		this.type = type;
		this.bigEndian = bigEndian;
		this.fortranOrder = fortranOrder;
		this.shape = shape;
		this.bytes = bytes;
	}

	/** Reads the header from {@code in}, leaving it at the first data byte. */
	static NpyHeader read(final InputStream in, final String name) throws IOException {
		final byte[] prefix = in.readNBytes(MAGIC.length + 2);
		if (prefix.length < MAGIC.length + 2 || !Arrays.equals(MAGIC, Arrays.copyOf(prefix,
			MAGIC.length))) throw Npy.problem(name,
				"is not an npy file: it does not start with the NumPy magic string \\x93NUMPY");
		final int major = prefix[6], minor = prefix[7];
		if (major < 1 || major > 3 || minor != 0) throw Npy.problem(name, "has npy format version " +
			major + "." + minor + "; only versions 1.0, 2.0 and 3.0 can be read");
		final int lengthBytes = major == 1 ? 2 : 4;
		final byte[] lengthField = in.readNBytes(lengthBytes);
		if (lengthField.length < lengthBytes) throw Npy.problem(name, "ends inside the npy header");
		final long headerBytes = lengthBytes == 2 ? ByteBuffer.wrap(lengthField).order(
			ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFFL : ByteBuffer.wrap(lengthField).order(
				ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
		if (headerBytes > MAX_HEADER_BYTES) throw Npy.problem(name, "declares an npy header of " +
			headerBytes + " bytes, more than the " + MAX_HEADER_BYTES +
			" allowed; the file is damaged or not a real npy file");
		final byte[] headerText = in.readNBytes((int) headerBytes);
		if (headerText.length < headerBytes) throw Npy.problem(name, "ends inside the npy header");
		// Versions 1 and 2 are Latin-1; version 3 exists to allow UTF-8 field names.
		return parse(new String(headerText, major == 3 ? StandardCharsets.UTF_8
			: StandardCharsets.ISO_8859_1), name, MAGIC.length + 2 + lengthBytes + headerBytes);
	}

	/** Checks the three fields of the header dictionary {@code text}. */
	private static NpyHeader parse(final String text, final String name, final long bytes)
		throws IOException
	{
		final Object parsed;
		try {
			parsed = NpyLiteral.parse(text);
		}
		catch (final IllegalArgumentException e) {
			throw Npy.problem(name, "has an npy header that cannot be parsed (" + e.getMessage() +
				"): " + shorten(text));
		}
		if (!(parsed instanceof Map)) throw Npy.problem(name,
			"has an npy header that is not a dictionary: " + shorten(text));
		final Map<?, ?> dict = (Map<?, ?>) parsed;
		final Object descr = field(dict, "descr", name, text);
		final Object fortran = field(dict, "fortran_order", name, text);
		final Object shape = field(dict, "shape", name, text);
		if (descr instanceof List) throw Npy.problem(name,
			"holds a structured dtype (record array); only plain numeric arrays are supported");
		if (!(descr instanceof String)) throw Npy.problem(name,
			"has a 'descr' that is not a string: " + shorten(text));
		if (!(fortran instanceof Boolean)) throw Npy.problem(name,
			"has a 'fortran_order' that is not True or False: " + shorten(text));
		if (!(shape instanceof List)) throw Npy.problem(name, "has a 'shape' that is not a tuple: " +
			shorten(text));
		final String dtype = (String) descr;
		final NpyType type = NpyType.parse(dtype, name);
		// '=', '|' or no order at all mean the writer's native order; like NumPy, assume ours.
		final char order = dtype.charAt(0);
		final boolean bigEndian = order == '>' || order != '<' && ByteOrder.nativeOrder() ==
			ByteOrder.BIG_ENDIAN;
		final List<?> dims = (List<?>) shape;
		final long[] lengths = new long[dims.size()];
		for (int d = 0; d < lengths.length; d++) {
			if (!(dims.get(d) instanceof Long)) throw Npy.problem(name,
				"has a shape whose lengths are not all integers: " + shorten(text));
			lengths[d] = (Long) dims.get(d);
			if (lengths[d] < 0) throw Npy.problem(name, "has a shape with a negative length " +
				lengths[d] + ": " + shorten(text));
		}
		return new NpyHeader(type, bigEndian && type.size > 1, (Boolean) fortran, lengths, bytes);
	}

	/** The data's size in bytes, refused when one Java array cannot hold it. */
	long dataBytes(final String name) throws IOException {
		final long elements = Npy.Array.elements(shape);
		if (elements < 0 || elements > Npy.MAX_DATA_BYTES / type.size) throw Npy.problem(name,
			"is too large: shape " + Npy.Array.shapeText(shape) + " of " + type.descr() + " is " +
				(elements < 0 ? "over 2^63" : Long.toString(elements)) + " elements, and at most " +
				Npy.MAX_DATA_BYTES / type.size + " fit in one Java array");
		return elements * type.size;
	}

	/**
	 * The items of {@code data}, laid out as this header says, in little-endian C order as
	 * {@link Npy.Array} keeps them; {@code data} itself may be changed or returned.
	 */
	byte[] toLittleEndianCOrder(final byte[] data) {
		if (bigEndian) swapBytes(data, type.size);
		return fortranOrder ? fortranToC(data, shape, type.size) : data;
	}

	private static void swapBytes(final byte[] data, final int itemSize) {
		for (int item = 0; item < data.length; item += itemSize)
			for (int i = 0, j = itemSize - 1; i < j; i++, j--) {
				final byte b = data[item + i];
				data[item + i] = data[item + j];
				data[item + j] = b;
			}
	}

	/** Reorders items from Fortran order (first axis fastest) to C order (last axis fastest). */
	private static byte[] fortranToC(final byte[] data, final long[] shape, final int itemSize) {
		if (shape.length < 2) return data;
		final int n = shape.length;
		final long[] stride = new long[n];
		stride[0] = 1;
		for (int k = 1; k < n; k++) stride[k] = stride[k - 1] * shape[k - 1];
		final long[] index = new long[n];
		final byte[] c = new byte[data.length];
		long from = 0;
		for (int to = 0; to < c.length; to += itemSize) {
			System.arraycopy(data, (int) from * itemSize, c, to, itemSize);
			for (int k = n - 1; k >= 0; k--) {
				if (++index[k] < shape[k]) {
					from += stride[k];
					break;
				}
				from -= stride[k] * (shape[k] - 1);
				index[k] = 0;
			}
		}
		return c;
	}

	private static Object field(final Map<?, ?> dict, final String key, final String name,
		final String text) throws IOException
	{
		if (!dict.containsKey(key)) throw Npy.problem(name, "has an npy header without '" + key +
			"': " + shorten(text));
		return dict.get(key);
	}

	private static String shorten(final String text) {
		final String trimmed = text.trim();
		return trimmed.length() <= 200 ? trimmed : trimmed.substring(0, 200) + "...";
	}

	/**
	 * The magic string, version, header length and header for {@code array}, padded as NumPy
	 * pads them, so the file matches {@code numpy.save} byte for byte. Version 2.0 is used only
	 * when the header passes 64 KiB, since older readers know only 1.0.
	 */
	static byte[] encode(final Npy.Array array) {
		final long[] shape = array.shape();
		final StringBuilder dict = new StringBuilder("{'descr': '").append(array.dtype())
			.append("', 'fortran_order': False, 'shape': ").append(Npy.Array.shapeText(shape))
			.append(", }");
		if (shape.length > 0) {
			final int digits = Long.toString(shape[0]).length();
			for (int i = digits; i < GROWTH_AXIS_MAX_DIGITS; i++) dict.append(' ');
		}
		final byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
		int lengthBytes = 2;
		int padding = padding(text.length, lengthBytes);
		if (text.length + 1 + padding > 0xFFFF) {
			lengthBytes = 4;
			padding = padding(text.length, lengthBytes);
		}
		final int length = text.length + padding + 1;
		final ByteBuffer header = ByteBuffer.allocate(MAGIC.length + 2 + lengthBytes + length)
			.order(ByteOrder.LITTLE_ENDIAN);
		header.put(MAGIC).put((byte) (lengthBytes == 2 ? 1 : 2)).put((byte) 0);
		if (lengthBytes == 2) header.putShort((short) length);
		else header.putInt(length);
		header.put(text);
		for (int i = 0; i < padding; i++) header.put((byte) ' ');
		header.put((byte) '\n');
		return header.array();
	}

	/** NumPy's padding, which is a full 64 bytes rather than none when the header already fits. */
	private static int padding(final int textBytes, final int lengthBytes) {
		return ALIGN - (MAGIC.length + 2 + lengthBytes + textBytes + 1) % ALIGN;
	}
}
