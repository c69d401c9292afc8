package org.pixelwise.bioimage;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The dtypes {@link Npy} reads and writes; NumPy names them by kind and size in bytes. Kept
 * apart from {@link Npy} so the list of supported types, and the message that names them when
 * a file holds another, can be read and extended in one place.
 */
enum NpyType {
	BOOL("b1", "bool"), INT8("i1", "int8"), UINT8("u1", "uint8"), INT16("i2", "int16"),
	UINT16("u2", "uint16"), INT32("i4", "int32"), UINT32("u4", "uint32"), INT64("i8", "int64"),
	UINT64("u8", "uint64"), FLOAT32("f4", "float32"), FLOAT64("f8", "float64");

	final String code;
	final String numpyName;
	final int size;

	NpyType(final String code, final String numpyName) {
		this.code = code;
		this.numpyName = numpyName;
		this.size = code.charAt(1) - '0';
	}

	/** How NumPy writes it on a little-endian machine; one-byte types have no byte order. */
	String descr() {
		return (size == 1 ? "|" : "<") + code;
	}

	/** Item {@code i} of little-endian {@code values} of this type, widened to a long. */
	long longAt(final ByteBuffer values, final int i) {
		switch (this) {
			case BOOL: return values.get(i) != 0 ? 1 : 0;
			case INT8: return values.get(i);
			case UINT8: return values.get(i) & 0xFFL;
			case INT16: return values.getShort(i * 2);
			case UINT16: return values.getShort(i * 2) & 0xFFFFL;
			case INT32: return values.getInt(i * 4);
			case UINT32: return values.getInt(i * 4) & 0xFFFFFFFFL;
			default: return values.getLong(i * 8);
		}
	}

	/** Item {@code i} of little-endian {@code values} of this type, as the nearest double. */
	double doubleAt(final ByteBuffer values, final int i) {
		switch (this) {
			case FLOAT32: return values.getFloat(i * 4);
			case FLOAT64: return values.getDouble(i * 8);
			case UINT64: {
				// Halve, keeping the lowest bit for rounding, so the value fits a signed long.
				final long v = longAt(values, i);
				return v >= 0 ? v : ((v >>> 1) | (v & 1)) * 2.0;
			}
			default: return longAt(values, i);
		}
	}

	/**
	 * The type a header's {@code descr} names, whatever its byte order; {@code name} says which
	 * file it came from in error messages. Objects and records get their own message, since
	 * "not supported" alone would not tell the user to save a plain numeric array instead.
	 */
	static NpyType parse(final String descr, final String name) throws IOException {
		final String code = !descr.isEmpty() && "<>=|".indexOf(descr.charAt(0)) >= 0 ? descr
			.substring(1) : descr;
		if (code.startsWith("O")) throw Npy.problem(name, "holds Python objects (dtype '" + descr +
			"'), which only Python can read; save a numeric array instead");
		if (code.startsWith("V")) throw Npy.problem(name, "holds a structured dtype ('" + descr +
			"'); only plain numeric arrays are supported");
		for (final NpyType type : values())
			if (type.code.equals(code)) return type;
		final StringBuilder supported = new StringBuilder();
		for (final NpyType type : values())
			supported.append(supported.length() == 0 ? "" : ", ").append(type.numpyName).append(
				" (").append(type.code).append(')');
		throw Npy.problem(name, "has dtype '" + descr + "', which is not supported; supported are " +
			supported + ", with byte order <, >, = or |");
	}
}
