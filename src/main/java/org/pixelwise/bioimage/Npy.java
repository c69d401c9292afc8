package org.pixelwise.bioimage;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads and writes NumPy {@code .npy} files, the format of bioimage.io model test tensors.
 * Callers always see C order (last axis fastest) and little-endian values: Fortran-ordered
 * files are transposed and big-endian ones byte-swapped on reading. Writing gives the same
 * bytes as {@code numpy.save} for the same array, so a tensor written here compares equal
 * byte for byte with one made in Python.
 */
public final class Npy {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };
	/** NumPy's own reader stops at 10000; this is generous, yet a hostile length costs little. */
	private static final int MAX_HEADER_BYTES = 1 << 20;
	/** Data bytes one Java array can hold. */
	private static final int MAX_DATA_BYTES = Integer.MAX_VALUE - 8;
	/** NumPy aligns the data so files can be memory-mapped. */
	private static final int ALIGN = 64;
	/** NumPy leaves room for the first axis to grow this long, so appending can rewrite the header. */
	private static final int GROWTH_AXIS_MAX_DIGITS = 21;

	private Npy() {}

	/** Reads the array in {@code file}, in C order, or says what is wrong with the file. */
	public static Array read(final Path file) throws IOException {
		try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
			return read(in, file.toString(), Files.size(file));
		}
	}

	/**
	 * Reads one array from {@code in}, e.g. an entry of a model zip; {@code name} says where
	 * it came from in error messages. The stream is left just after the array's data.
	 */
	public static Array read(final InputStream in, final String name) throws IOException {
		return read(in, name, -1);
	}

	/** Writes {@code array} to {@code file} via a temporary sibling, so no reader sees half a file. */
	public static void write(final Path file, final Array array) throws IOException {
		final Path parent = file.toAbsolutePath().getParent();
		Files.createDirectories(parent);
		final Path temporary = Files.createTempFile(parent, "." + file.getFileName() + ".", ".writing");
		try {
			try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary))) {
				write(out, array);
			}
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	/** Writes {@code array} as a version 1.0 (or, for a header over 64 KiB, 2.0) npy file. */
	public static void write(final OutputStream out, final Array array) throws IOException {
		out.write(header(array));
		out.write(array.data);
	}

	/** The magic string, version, header length and header, padded as NumPy pads them. */
	private static byte[] header(final Array array) {
		final long[] shape = array.shape();
		final StringBuilder dict = new StringBuilder("{'descr': '").append(array.dtype())
			.append("', 'fortran_order': False, 'shape': ").append(Array.shapeText(shape))
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

	/** {@code fileBytes} is the whole file's size, or -1 when unknown. */
	private static Array read(final InputStream in, final String name, final long fileBytes)
		throws IOException
	{
		final byte[] prefix = in.readNBytes(MAGIC.length + 2);
		if (prefix.length < MAGIC.length + 2 || !Arrays.equals(MAGIC, Arrays.copyOf(prefix,
			MAGIC.length))) throw problem(name,
				"is not an npy file: it does not start with the NumPy magic string \\x93NUMPY");
		final int major = prefix[6], minor = prefix[7];
		if (major < 1 || major > 3 || minor != 0) throw problem(name, "has npy format version " +
			major + "." + minor + "; only versions 1.0, 2.0 and 3.0 can be read");
		final int lengthBytes = major == 1 ? 2 : 4;
		final byte[] lengthField = in.readNBytes(lengthBytes);
		if (lengthField.length < lengthBytes) throw problem(name, "ends inside the npy header");
		final long headerBytes = lengthBytes == 2 ? ByteBuffer.wrap(lengthField).order(
			ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFFL : ByteBuffer.wrap(lengthField).order(
				ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
		if (headerBytes > MAX_HEADER_BYTES) throw problem(name, "declares an npy header of " +
			headerBytes + " bytes, more than the " + MAX_HEADER_BYTES +
			" allowed; the file is damaged or not a real npy file");
		final byte[] headerText = in.readNBytes((int) headerBytes);
		if (headerText.length < headerBytes) throw problem(name, "ends inside the npy header");
		// Versions 1 and 2 are Latin-1; version 3 exists to allow UTF-8 field names.
		final Header header = Header.parse(new String(headerText, major == 3
			? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1), name);
		final long dataBytes = header.dataBytes(name);
		final long available = fileBytes - MAGIC.length - 2 - lengthBytes - headerBytes;
		if (fileBytes >= 0 && available < dataBytes) throw truncated(name, header, dataBytes,
			available);
		final byte[] data;
		if (fileBytes >= 0) {
			data = new byte[(int) dataBytes];
			final int read = in.readNBytes(data, 0, data.length);
			if (read < dataBytes) throw truncated(name, header, dataBytes, read);
		}
		else {
			// Unknown length: read in chunks, so a lying header cannot make us allocate it all.
			data = in.readNBytes((int) dataBytes);
			if (data.length < dataBytes) throw truncated(name, header, dataBytes, data.length);
		}
		if (header.bigEndian) swapBytes(data, header.type.size);
		final byte[] cOrder = header.fortranOrder ? fortranToC(data, header.shape,
			header.type.size) : data;
		return new Array(header.type, header.shape, cOrder);
	}

	private static IOException truncated(final String name, final Header header,
		final long needed, final long available)
	{
		return problem(name, "is truncated: shape " + Array.shapeText(header.shape) + " of " +
			header.type.descr() + " needs " + needed + " data bytes but only " + Math.max(0,
				available) + " follow the header");
	}

	private static IOException problem(final String name, final String what) {
		return new IOException("'" + name + "' " + what);
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

	/** The three fields of an npy header, checked. */
	private static final class Header {

		final Dtype type;
		final boolean bigEndian;
		final boolean fortranOrder;
		final long[] shape;

		private Header(final Dtype type, final boolean bigEndian, final boolean fortranOrder,
			final long[] shape)
		{
			this.type = type;
			this.bigEndian = bigEndian;
			this.fortranOrder = fortranOrder;
			this.shape = shape;
		}

		static Header parse(final String text, final String name) throws IOException {
			final Object parsed;
			try {
				parsed = HeaderLiteral.parse(text);
			}
			catch (final IllegalArgumentException e) {
				throw problem(name, "has an npy header that cannot be parsed (" + e.getMessage() +
					"): " + shorten(text));
			}
			if (!(parsed instanceof Map)) throw problem(name,
				"has an npy header that is not a dictionary: " + shorten(text));
			final Map<?, ?> dict = (Map<?, ?>) parsed;
			final Object descr = field(dict, "descr", name, text);
			final Object fortran = field(dict, "fortran_order", name, text);
			final Object shape = field(dict, "shape", name, text);
			if (descr instanceof List) throw problem(name,
				"holds a structured dtype (record array); only plain numeric arrays are supported");
			if (!(descr instanceof String)) throw problem(name, "has a 'descr' that is not a string: " +
				shorten(text));
			if (!(fortran instanceof Boolean)) throw problem(name,
				"has a 'fortran_order' that is not True or False: " + shorten(text));
			if (!(shape instanceof List)) throw problem(name, "has a 'shape' that is not a tuple: " +
				shorten(text));
			final String dtype = (String) descr;
			final Dtype type = Dtype.parse(dtype, name);
			// '=', '|' or no order at all mean the writer's native order; like NumPy, assume ours.
			final char order = dtype.charAt(0);
			final boolean bigEndian = order == '>' || order != '<' && ByteOrder.nativeOrder() ==
				ByteOrder.BIG_ENDIAN;
			final List<?> dims = (List<?>) shape;
			final long[] lengths = new long[dims.size()];
			for (int d = 0; d < lengths.length; d++) {
				if (!(dims.get(d) instanceof Long)) throw problem(name,
					"has a shape whose lengths are not all integers: " + shorten(text));
				lengths[d] = (Long) dims.get(d);
				if (lengths[d] < 0) throw problem(name, "has a shape with a negative length " +
					lengths[d] + ": " + shorten(text));
			}
			return new Header(type, bigEndian && type.size > 1, (Boolean) fortran, lengths);
		}

		/** The data's size in bytes, refused when one Java array cannot hold it. */
		long dataBytes(final String name) throws IOException {
			final long elements = Array.elements(shape);
			if (elements < 0 || elements > MAX_DATA_BYTES / type.size) throw problem(name,
				"is too large: shape " + Array.shapeText(shape) + " of " + type.descr() + " is " +
					(elements < 0 ? "over 2^63" : Long.toString(elements)) + " elements, and at most " +
					MAX_DATA_BYTES / type.size + " fit in one Java array");
			return elements * type.size;
		}

		private static Object field(final Map<?, ?> dict, final String key, final String name,
			final String text) throws IOException
		{
			if (!dict.containsKey(key)) throw problem(name, "has an npy header without '" + key +
				"': " + shorten(text));
			return dict.get(key);
		}

		private static String shorten(final String text) {
			final String trimmed = text.trim();
			return trimmed.length() <= 200 ? trimmed : trimmed.substring(0, 200) + "...";
		}
	}

	/**
	 * An n-dimensional array as npy files hold it: shape, dtype and values in C order. It is
	 * immutable, and keeps the values as the dtype's own little-endian bytes so every dtype
	 * round-trips exactly; the {@code to...} accessors convert.
	 */
	public static final class Array {

		private final Dtype type;
		private final long[] shape;
		private final byte[] data;

		private Array(final Dtype type, final long[] shape, final byte[] data) {
			this.type = type;
			this.shape = shape;
			this.data = data;
		}

		public static Array ofFloats(final long[] shape, final float[] values) {
			return of(Dtype.FLOAT32, shape, values.length, b -> b.asFloatBuffer().put(values));
		}

		public static Array ofDoubles(final long[] shape, final double[] values) {
			return of(Dtype.FLOAT64, shape, values.length, b -> b.asDoubleBuffer().put(values));
		}

		public static Array ofBools(final long[] shape, final boolean[] values) {
			return of(Dtype.BOOL, shape, values.length, b -> {
				for (final boolean v : values) b.put((byte) (v ? 1 : 0));
			});
		}

		public static Array ofInt8(final long[] shape, final byte[] values) {
			return of(Dtype.INT8, shape, values.length, b -> b.put(values));
		}

		/** Values are read as unsigned: byte -1 is 255. */
		public static Array ofUint8(final long[] shape, final byte[] values) {
			return of(Dtype.UINT8, shape, values.length, b -> b.put(values));
		}

		public static Array ofInt16(final long[] shape, final short[] values) {
			return of(Dtype.INT16, shape, values.length, b -> b.asShortBuffer().put(values));
		}

		/** Values are read as unsigned: short -1 is 65535. */
		public static Array ofUint16(final long[] shape, final short[] values) {
			return of(Dtype.UINT16, shape, values.length, b -> b.asShortBuffer().put(values));
		}

		public static Array ofInt32(final long[] shape, final int[] values) {
			return of(Dtype.INT32, shape, values.length, b -> b.asIntBuffer().put(values));
		}

		/** Values are read as unsigned: int -1 is 2^32 - 1. */
		public static Array ofUint32(final long[] shape, final int[] values) {
			return of(Dtype.UINT32, shape, values.length, b -> b.asIntBuffer().put(values));
		}

		public static Array ofInt64(final long[] shape, final long[] values) {
			return of(Dtype.INT64, shape, values.length, b -> b.asLongBuffer().put(values));
		}

		/** Values are read as unsigned: long -1 is 2^64 - 1. */
		public static Array ofUint64(final long[] shape, final long[] values) {
			return of(Dtype.UINT64, shape, values.length, b -> b.asLongBuffer().put(values));
		}

		private static Array of(final Dtype type, final long[] shape, final int count,
			final Consumer<ByteBuffer> fill)
		{
			for (final long length : shape)
				if (length < 0) throw new IllegalArgumentException("shape " + shapeText(shape) +
					" has a negative length");
			if (elements(shape) != count) throw new IllegalArgumentException("shape " + shapeText(
				shape) + " does not hold the " + count + " values given");
			if (count > MAX_DATA_BYTES / type.size) throw new IllegalArgumentException(count +
				" values of " + type.descr() + " are too many for one npy array in Java");
			final ByteBuffer buffer = ByteBuffer.allocate(count * type.size).order(
				ByteOrder.LITTLE_ENDIAN);
			fill.accept(buffer);
			return new Array(type, shape.clone(), buffer.array());
		}

		/** The length of each axis, slowest first (C order). Empty for a scalar. */
		public long[] shape() {
			return shape.clone();
		}

		/** The NumPy dtype descriptor, always little-endian: {@code "<f4"}, {@code "|u1"}. */
		public String dtype() {
			return type.descr();
		}

		/** The number of elements: the product of the shape, 1 for a scalar. */
		public int size() {
			return data.length / type.size;
		}

		/** The values as floats, in C order; int32 and wider lose precision above 2^24. */
		public float[] toFloats() {
			final float[] values = new float[size()];
			if (type == Dtype.FLOAT32) buffer().asFloatBuffer().get(values);
			else for (int i = 0; i < values.length; i++) values[i] = (float) doubleAt(i);
			return values;
		}

		/** The values as doubles, in C order; exact except int64 and uint64 above 2^53. */
		public double[] toDoubles() {
			final double[] values = new double[size()];
			for (int i = 0; i < values.length; i++) values[i] = doubleAt(i);
			return values;
		}

		/**
		 * The values of an integer or bool array, exactly; uint64 values above 2^63 - 1 come
		 * back as negative longs with the same bits, as {@link Long#toUnsignedString} reads them.
		 */
		public long[] toLongs() {
			if (type == Dtype.FLOAT32 || type == Dtype.FLOAT64) throw new IllegalStateException(
				"a " + dtype() + " array holds floating-point values; use toFloats or toDoubles");
			final long[] values = new long[size()];
			for (int i = 0; i < values.length; i++) values[i] = longAt(i);
			return values;
		}

		/** A read-only little-endian view of the raw values, e.g. to fill a tensor without copying. */
		public ByteBuffer buffer() {
			return ByteBuffer.wrap(data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
		}

		private double doubleAt(final int i) {
			switch (type) {
				case FLOAT32: return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getFloat(i * 4);
				case FLOAT64: return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getDouble(i * 8);
				case UINT64: {
					// Halve, keeping the lowest bit for rounding, so the value fits a signed long.
					final long v = longAt(i);
					return v >= 0 ? v : ((v >>> 1) | (v & 1)) * 2.0;
				}
				default: return longAt(i);
			}
		}

		private long longAt(final int i) {
			final ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
			switch (type) {
				case BOOL: return b.get(i) != 0 ? 1 : 0;
				case INT8: return b.get(i);
				case UINT8: return b.get(i) & 0xFFL;
				case INT16: return b.getShort(i * 2);
				case UINT16: return b.getShort(i * 2) & 0xFFFFL;
				case INT32: return b.getInt(i * 4);
				case UINT32: return b.getInt(i * 4) & 0xFFFFFFFFL;
				default: return b.getLong(i * 8);
			}
		}

		@Override
		public boolean equals(final Object o) {
			if (!(o instanceof Array)) return false;
			final Array other = (Array) o;
			return type == other.type && Arrays.equals(shape, other.shape) && Arrays.equals(data,
				other.data);
		}

		@Override
		public int hashCode() {
			return 31 * (31 * type.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
		}

		@Override
		public String toString() {
			return dtype() + " " + shapeText(shape);
		}

		/** The shape as Python writes a tuple: {@code ()}, {@code (5,)}, {@code (1, 64, 64, 1)}. */
		static String shapeText(final long[] shape) {
			if (shape.length == 1) return "(" + shape[0] + ",)";
			final StringBuilder text = new StringBuilder("(");
			for (int d = 0; d < shape.length; d++) text.append(d == 0 ? "" : ", ").append(shape[d]);
			return text.append(')').toString();
		}

		/** The product of the lengths, or -1 when it overflows a long or a length is negative. */
		static long elements(final long[] shape) {
			long elements = 1;
			for (final long length : shape)
				if (length < 0) return -1;
				else if (length == 0) return 0;
			try {
				for (final long length : shape) elements = Math.multiplyExact(elements, length);
			}
			catch (final ArithmeticException e) {
				return -1;
			}
			return elements;
		}
	}

	/** The dtypes we read and write; NumPy names them by kind and size in bytes. */
	private enum Dtype {
		BOOL("b1", "bool"), INT8("i1", "int8"), UINT8("u1", "uint8"), INT16("i2", "int16"),
		UINT16("u2", "uint16"), INT32("i4", "int32"), UINT32("u4", "uint32"), INT64("i8", "int64"),
		UINT64("u8", "uint64"), FLOAT32("f4", "float32"), FLOAT64("f8", "float64");

		final String code;
		final String numpyName;
		final int size;

		Dtype(final String code, final String numpyName) {
			this.code = code;
			this.numpyName = numpyName;
			this.size = code.charAt(1) - '0';
		}

		/** How NumPy writes it on a little-endian machine; one-byte types have no byte order. */
		String descr() {
			return (size == 1 ? "|" : "<") + code;
		}

		static Dtype parse(final String descr, final String name) throws IOException {
			final String code = !descr.isEmpty() && "<>=|".indexOf(descr.charAt(0)) >= 0 ? descr
				.substring(1) : descr;
			if (code.startsWith("O")) throw problem(name, "holds Python objects (dtype '" + descr +
				"'), which only Python can read; save a numeric array instead");
			if (code.startsWith("V")) throw problem(name, "holds a structured dtype ('" + descr +
				"'); only plain numeric arrays are supported");
			for (final Dtype type : values())
				if (type.code.equals(code)) return type;
			final StringBuilder supported = new StringBuilder();
			for (final Dtype type : values())
				supported.append(supported.length() == 0 ? "" : ", ").append(type.numpyName).append(
					" (").append(type.code).append(')');
			throw problem(name, "has dtype '" + descr + "', which is not supported; supported are " +
				supported + ", with byte order <, >, = or |");
		}
	}

	/**
	 * Reads the Python literal of an npy header without evaluating it: strings, integers,
	 * True, False, None, tuples, lists and dicts. Nesting is bounded so a hostile header cannot
	 * overflow the stack.
	 */
	private static final class HeaderLiteral {

		private static final int MAX_DEPTH = 16;
		private static final Object NONE = new Object();
		private final String text;
		private int pos;

		private HeaderLiteral(final String text) {
			this.text = text;
		}

		static Object parse(final String text) {
			final HeaderLiteral parser = new HeaderLiteral(text);
			final Object value = parser.value(0);
			parser.skipSpace();
			if (parser.pos < text.length()) throw parser.error("unexpected '" + text.charAt(
				parser.pos) + "'");
			return value;
		}

		private Object value(final int depth) {
			if (depth > MAX_DEPTH) throw error("nested more than " + MAX_DEPTH + " deep");
			skipSpace();
			if (pos >= text.length()) throw error("it ends early");
			final char c = text.charAt(pos);
			if (c == '\'' || c == '"') return string(c);
			if (c == '(') return items(')', depth);
			if (c == '[') return items(']', depth);
			if (c == '{') return dict(depth);
			if (c == '-' || c >= '0' && c <= '9') return integer();
			if (Character.isLetter(c)) return name();
			throw error("unexpected '" + c + "'");
		}

		private List<Object> items(final char close, final int depth) {
			pos++;
			final List<Object> items = new ArrayList<>();
			while (true) {
				skipSpace();
				if (at(close)) return items;
				items.add(value(depth + 1));
				separator(close);
			}
		}

		private Map<Object, Object> dict(final int depth) {
			pos++;
			final Map<Object, Object> dict = new HashMap<>();
			while (true) {
				skipSpace();
				if (at('}')) return dict;
				final Object key = value(depth + 1);
				skipSpace();
				if (!at(':')) throw error("expected ':'");
				dict.put(key, value(depth + 1));
				separator('}');
			}
		}

		/** Consumes a comma, or sees (without consuming) the closing bracket. */
		private void separator(final char close) {
			skipSpace();
			if (at(',')) return;
			if (pos >= text.length() || text.charAt(pos) != close) throw error("expected ',' or '" +
				close + "'");
		}

		private String string(final char quote) {
			final StringBuilder s = new StringBuilder();
			pos++;
			while (pos < text.length()) {
				char c = text.charAt(pos++);
				if (c == quote) return s.toString();
				if (c == '\\' && pos < text.length()) c = text.charAt(pos++);
				s.append(c);
			}
			throw error("a string is not closed");
		}

		private Long integer() {
			final int start = pos;
			if (text.charAt(pos) == '-') pos++;
			while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') pos++;
			final String digits = text.substring(start, pos);
			// Python 2 wrote long integers with an L suffix.
			if (pos < text.length() && Character.toUpperCase(text.charAt(pos)) == 'L') pos++;
			try {
				return Long.parseLong(digits);
			}
			catch (final NumberFormatException e) {
				throw error("an integer is malformed or too large");
			}
		}

		private Object name() {
			final int start = pos;
			while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) pos++;
			final String word = text.substring(start, pos);
			if (word.equals("True")) return Boolean.TRUE;
			if (word.equals("False")) return Boolean.FALSE;
			if (word.equals("None")) return NONE;
			throw error("unknown name '" + (word.length() > 20 ? word.substring(0, 20) + "..." : word) +
				"'");
		}

		private boolean at(final char c) {
			if (pos >= text.length() || text.charAt(pos) != c) return false;
			pos++;
			return true;
		}

		private void skipSpace() {
			while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
		}

		private IllegalArgumentException error(final String what) {
			return new IllegalArgumentException(what + " at character " + pos);
		}
	}
}
