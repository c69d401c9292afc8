package org.pixelwise.bioimage;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads and writes NumPy {@code .npy} files, the format of bioimage.io model test tensors.
 * Callers always see C order (last axis fastest) and little-endian values: Fortran-ordered
 * files are transposed and big-endian ones byte-swapped on reading. Writing gives the same
 * bytes as {@code numpy.save} for the same array, so a tensor written here compares equal
 * byte for byte with one made in Python. The header is read and written by {@code NpyHeader},
 * and the dtypes are listed in {@code NpyType}.
 */
public final class Npy {

	/** Data bytes one Java array can hold. */
	static final int MAX_DATA_BYTES = Integer.MAX_VALUE - 8;

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
		out.write(NpyHeader.encode(array));
		out.write(array.data);
	}

	/** {@code fileBytes} is the whole file's size, or -1 when unknown. */
	private static Array read(final InputStream in, final String name, final long fileBytes)
		throws IOException
	{
		final NpyHeader header = NpyHeader.read(in, name);
		final long dataBytes = header.dataBytes(name);
		final long available = fileBytes - header.bytes;
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
		return new Array(header.type, header.shape, header.toLittleEndianCOrder(data));
	}

	private static IOException truncated(final String name, final NpyHeader header,
		final long needed, final long available)
	{
		return problem(name, "is truncated: shape " + Array.shapeText(header.shape) + " of " +
			header.type.descr() + " needs " + needed + " data bytes but only " + Math.max(0,
				available) + " follow the header");
	}

	/** An error that names the file, so a user with many tensors knows which one is wrong. */
	static IOException problem(final String name, final String what) {
		return new IOException("'" + name + "' " + what);
	}

	/**
	 * An n-dimensional array as npy files hold it: shape, dtype and values in C order. It is
	 * immutable, and keeps the values as the dtype's own little-endian bytes so every dtype
	 * round-trips exactly; the {@code to...} accessors convert.
	 */
	public static final class Array {

		private final NpyType type;
		private final long[] shape;
		private final byte[] data;

		private Array(final NpyType type, final long[] shape, final byte[] data) {
			this.type = type;
			this.shape = shape;
			this.data = data;
		}

		public static Array ofFloats(final long[] shape, final float[] values) {
			return of(NpyType.FLOAT32, shape, values.length, b -> b.asFloatBuffer().put(values));
		}

		public static Array ofDoubles(final long[] shape, final double[] values) {
			return of(NpyType.FLOAT64, shape, values.length, b -> b.asDoubleBuffer().put(values));
		}

		public static Array ofBools(final long[] shape, final boolean[] values) {
			return of(NpyType.BOOL, shape, values.length, b -> {
				for (final boolean v : values) b.put((byte) (v ? 1 : 0));
			});
		}

		public static Array ofInt8(final long[] shape, final byte[] values) {
			return of(NpyType.INT8, shape, values.length, b -> b.put(values));
		}

		/** Values are read as unsigned: byte -1 is 255. */
		public static Array ofUint8(final long[] shape, final byte[] values) {
			return of(NpyType.UINT8, shape, values.length, b -> b.put(values));
		}

		public static Array ofInt16(final long[] shape, final short[] values) {
			return of(NpyType.INT16, shape, values.length, b -> b.asShortBuffer().put(values));
		}

		/** Values are read as unsigned: short -1 is 65535. */
		public static Array ofUint16(final long[] shape, final short[] values) {
			return of(NpyType.UINT16, shape, values.length, b -> b.asShortBuffer().put(values));
		}

		public static Array ofInt32(final long[] shape, final int[] values) {
			return of(NpyType.INT32, shape, values.length, b -> b.asIntBuffer().put(values));
		}

		/** Values are read as unsigned: int -1 is 2^32 - 1. */
		public static Array ofUint32(final long[] shape, final int[] values) {
			return of(NpyType.UINT32, shape, values.length, b -> b.asIntBuffer().put(values));
		}

		public static Array ofInt64(final long[] shape, final long[] values) {
			return of(NpyType.INT64, shape, values.length, b -> b.asLongBuffer().put(values));
		}

		/** Values are read as unsigned: long -1 is 2^64 - 1. */
		public static Array ofUint64(final long[] shape, final long[] values) {
			return of(NpyType.UINT64, shape, values.length, b -> b.asLongBuffer().put(values));
		}

		private static Array of(final NpyType type, final long[] shape, final int count,
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
			if (type == NpyType.FLOAT32) buffer().asFloatBuffer().get(values);
			else {
				final ByteBuffer bytes = littleEndian();
				for (int i = 0; i < values.length; i++) values[i] = (float) type.doubleAt(bytes, i);
			}
			return values;
		}

		/** The values as doubles, in C order; exact except int64 and uint64 above 2^53. */
		public double[] toDoubles() {
			final double[] values = new double[size()];
			final ByteBuffer bytes = littleEndian();
			for (int i = 0; i < values.length; i++) values[i] = type.doubleAt(bytes, i);
			return values;
		}

		/**
		 * The values of an integer or bool array, exactly; uint64 values above 2^63 - 1 come
		 * back as negative longs with the same bits, as {@link Long#toUnsignedString} reads them.
		 */
		public long[] toLongs() {
			if (type == NpyType.FLOAT32 || type == NpyType.FLOAT64) throw new IllegalStateException(
				"a " + dtype() + " array holds floating-point values; use toFloats or toDoubles");
			final long[] values = new long[size()];
			final ByteBuffer bytes = littleEndian();
			for (int i = 0; i < values.length; i++) values[i] = type.longAt(bytes, i);
			return values;
		}

		/** A read-only little-endian view of the raw values, e.g. to fill a tensor without copying. */
		public ByteBuffer buffer() {
			return ByteBuffer.wrap(data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
		}

		private ByteBuffer littleEndian() {
			return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
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
}
