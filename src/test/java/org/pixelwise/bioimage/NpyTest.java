package org.pixelwise.bioimage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

	/*
	 * Golden files written by NumPy 2.4.6, so the tests need no Python. To regenerate:
	 * f = io.BytesIO(); np.save(f, a); base64.b64encode(f.getvalue())
	 */

	/** {@code np.arange(6, dtype='<f4').reshape(2, 3) * 0.5 - 1} */
	private static final String FLOAT32_2X3 =
		"k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAIC/AAAAvwAAAAAAAAA/AACAPwAAwD8=";
	/** {@code np.array([0, 1, 65535, 300], dtype='<u2').reshape(1, 2, 2, 1)} */
	private static final String UINT16_BYXC =
		"k05VTVBZAQB2AHsnZGVzY3InOiAnPHUyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEsIDIsIDIsIDEpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAEA//8sAQ==";
	/** {@code np.array([-2**63, 2**53 + 1, 0, 2**63 - 1], dtype='<i8')} */
	private static final String INT64_1D =
		"k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDQsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAgAEAAAAAACAAAAAAAAAAAAD/////////fw==";
	/** {@code np.array(True)} */
	private static final String BOOL_SCALAR =
		"k05VTVBZAQB2AHsnZGVzY3InOiAnfGIxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoB";
	/** {@code np.asfortranarray(np.arange(6, dtype='<f8').reshape(2, 3))} */
	private static final String FLOAT64_FORTRAN_2X3 =
		"k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAAhAAAAAAAAA8D8AAAAAAAAQQAAAAAAAAABAAAAAAAAAFEA=";
	/** {@code np.array([[1, -2], [300, -32768]], dtype='>i2')} */
	private static final String INT16_BIG_ENDIAN_2X2 =
		"k05VTVBZAQB2AHsnZGVzY3InOiAnPmkyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAf/+ASyAAA==";

	@TempDir
	Path folder;

	@Test
	void numpyFilesAreReadAndWrittenByteForByte() throws IOException {
		assertGolden(FLOAT32_2X3, Npy.Array.ofFloats(new long[] { 2, 3 }, new float[] { -1, -0.5f,
			0, 0.5f, 1, 1.5f }));
		assertGolden(UINT16_BYXC, Npy.Array.ofUint16(new long[] { 1, 2, 2, 1 }, new short[] { 0, 1,
			-1, 300 }));
		assertGolden(INT64_1D, Npy.Array.ofInt64(new long[] { 4 }, new long[] { Long.MIN_VALUE,
			(1L << 53) + 1, 0, Long.MAX_VALUE }));
		assertGolden(BOOL_SCALAR, Npy.Array.ofBools(new long[0], new boolean[] { true }));
	}

	@Test
	void numpyFortranOrderFileIsReadInCOrder() throws IOException {
		final Npy.Array array = read(Base64.getDecoder().decode(FLOAT64_FORTRAN_2X3));
		assertArrayEquals(new long[] { 2, 3 }, array.shape());
		assertArrayEquals(new double[] { 0, 1, 2, 3, 4, 5 }, array.toDoubles());
	}

	@Test
	void numpyBigEndianFileIsReadAsLittleEndian() throws IOException {
		final Npy.Array array = read(Base64.getDecoder().decode(INT16_BIG_ENDIAN_2X2));
		assertEquals("<i2", array.dtype());
		assertArrayEquals(new long[] { 1, -2, 300, -32768 }, array.toLongs());
	}

	@Test
	void float32RoundTripKeepsEveryBit() throws IOException {
		final float[] values = { 0, -0f, 1.5f, Float.NaN, Float.intBitsToFloat(0x7fc00001),
			Float.POSITIVE_INFINITY, Float.MIN_VALUE, -Float.MAX_VALUE };
		final Npy.Array back = roundTrip(Npy.Array.ofFloats(new long[] { 2, 4 }, values));
		assertEquals("<f4", back.dtype());
		assertEquals(0x7fc00001, back.buffer().getInt(4 * 4));
		assertArrayEquals(values, back.toFloats());
	}

	@Test
	void float64RoundTripKeepsEveryBit() throws IOException {
		final double[] values = { -0.0, Math.PI, Double.NaN, Double.MIN_VALUE, Double.MAX_VALUE, 1e-300 };
		final Npy.Array back = roundTrip(Npy.Array.ofDoubles(new long[] { 6 }, values));
		assertEquals("<f8", back.dtype());
		assertArrayEquals(values, back.toDoubles());
	}

	@Test
	void eightBitRoundTripsKeepSignedAndUnsignedValues() throws IOException {
		final byte[] values = { 0, 1, 127, -128, -1 };
		final long[] shape = { 5 };
		assertArrayEquals(new long[] { 0, 1, 127, 128, 255 }, roundTrip(Npy.Array.ofUint8(shape,
			values)).toLongs());
		assertArrayEquals(new long[] { 0, 1, 127, -128, -1 }, roundTrip(Npy.Array.ofInt8(shape,
			values)).toLongs());
		assertArrayEquals(new long[] { 1, 0, 1 }, roundTrip(Npy.Array.ofBools(new long[] { 3 },
			new boolean[] { true, false, true })).toLongs());
	}

	@Test
	void sixteenAndThirtyTwoBitRoundTripsKeepSignedAndUnsignedValues() throws IOException {
		final long[] shape = { 3 };
		final short[] shorts = { 1, Short.MIN_VALUE, -1 };
		assertArrayEquals(new long[] { 1, 32768, 65535 }, roundTrip(Npy.Array.ofUint16(shape,
			shorts)).toLongs());
		assertArrayEquals(new long[] { 1, -32768, -1 }, roundTrip(Npy.Array.ofInt16(shape, shorts))
			.toLongs());
		final int[] ints = { 1, Integer.MIN_VALUE, -1 };
		assertArrayEquals(new long[] { 1, 1L << 31, (1L << 32) - 1 }, roundTrip(Npy.Array.ofUint32(
			shape, ints)).toLongs());
		assertArrayEquals(new long[] { 1, Integer.MIN_VALUE, -1 }, roundTrip(Npy.Array.ofInt32(shape,
			ints)).toLongs());
	}

	@Test
	void sixtyFourBitRoundTripsAreExact() throws IOException {
		final long[] values = { (1L << 53) + 1, Long.MIN_VALUE, -1 };
		final Npy.Array int64 = roundTrip(Npy.Array.ofInt64(new long[] { 3 }, values));
		assertEquals("<i8", int64.dtype());
		assertArrayEquals(values, int64.toLongs());
		final Npy.Array uint64 = roundTrip(Npy.Array.ofUint64(new long[] { 3 }, values));
		assertEquals("<u8", uint64.dtype());
		assertArrayEquals(values, uint64.toLongs());
		assertEquals(18446744073709551615.0, uint64.toDoubles()[2]);
	}

	@Test
	void everyShapeRoundTripsInCOrderWithDataOn64ByteBoundary() throws IOException {
		final long[][] shapes = { {}, { 5 }, { 2, 3 }, { 1, 16, 16, 1 }, { 1, 1, 16, 16 }, { 0, 3 } };
		for (final long[] shape : shapes) {
			final int size = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
			final float[] values = new float[size];
			for (int i = 0; i < size; i++) values[i] = i;
			final Npy.Array back = roundTrip(Npy.Array.ofFloats(shape, values));
			assertArrayEquals(shape, back.shape());
			assertArrayEquals(values, back.toFloats());
			assertEquals(0, (Files.size(folder.resolve("a.npy")) - 4L * size) % 64, Arrays.toString(
				shape));
		}
	}

	@Test
	void handMadeFortranOrderIsTransposedToCOrder() throws IOException {
		// Element (i, j, k) holds 100i + 10j + k; Fortran order puts it at i + 2j + 6k.
		final ByteBuffer data = ByteBuffer.allocate(24 * 4).order(ByteOrder.LITTLE_ENDIAN);
		final long[] expected = new long[24];
		for (int i = 0; i < 2; i++)
			for (int j = 0; j < 3; j++)
				for (int k = 0; k < 4; k++) {
					data.putInt(4 * (i + 2 * j + 6 * k), 100 * i + 10 * j + k);
					expected[12 * i + 4 * j + k] = 100 * i + 10 * j + k;
				}
		final Npy.Array array = read(npy(1,
			"{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3, 4), }", data.array()));
		assertArrayEquals(new long[] { 2, 3, 4 }, array.shape());
		assertArrayEquals(expected, array.toLongs());
	}

	@Test
	void handMadeBigEndianAndNativeOrdersAreRead() throws IOException {
		final ByteBuffer big = ByteBuffer.allocate(16).putDouble(1.25).putDouble(-3);
		assertArrayEquals(new double[] { 1.25, -3 }, read(npy(1,
			"{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", big.array())).toDoubles());
		final ByteBuffer little = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(7);
		assertArrayEquals(new long[] { 7 }, read(npy(1,
			"{'descr': '=u4', 'fortran_order': False, 'shape': (1,), }", little.array())).toLongs());
		assertArrayEquals(new long[] { 200 }, read(npy(1,
			"{'descr': '|u1', 'fortran_order': False, 'shape': (1,), }", new byte[] { (byte) 200 }))
				.toLongs());
	}

	@Test
	void versionTwoAndThreeHeadersAndPython2LongsAreRead() throws IOException {
		final byte[] data = { 1, 2, 3, 4, 5, 6 };
		for (final int version : new int[] { 2, 3 }) {
			final Npy.Array array = read(npy(version,
				"{\"descr\": '|i1', \"fortran_order\": False, \"shape\": (3L, 2L)}", data));
			assertArrayEquals(new long[] { 3, 2 }, array.shape());
			assertArrayEquals(new long[] { 1, 2, 3, 4, 5, 6 }, array.toLongs());
		}
	}

	@Test
	void headerOver64KiBIsWrittenAsVersionTwo() throws IOException {
		final long[] shape = new long[25_000];
		Arrays.fill(shape, 1);
		final Npy.Array array = Npy.Array.ofUint8(shape, new byte[] { 42 });
		final byte[] bytes = write(array);
		assertEquals(2, bytes[6]);
		assertEquals(0, (bytes.length - 1) % 64);
		assertEquals(array, read(bytes));
	}

	@Test
	void streamIsLeftAfterTheArraySoArraysCanFollowEachOther() throws IOException {
		final Npy.Array first = Npy.Array.ofInt32(new long[] { 2 }, new int[] { 1, 2 });
		final Npy.Array second = Npy.Array.ofDoubles(new long[] { 1 }, new double[] { 3 });
		final ByteArrayOutputStream both = new ByteArrayOutputStream();
		both.write(write(first));
		both.write(write(second));
		final InputStream in = new ByteArrayInputStream(both.toByteArray());
		assertEquals(first, Npy.read(in, "both"));
		assertEquals(second, Npy.read(in, "both"));
	}

	@Test
	void rewritingReplacesTheFileAndLeavesNoTemporaries() throws IOException {
		final Path file = folder.resolve("t.npy");
		Npy.write(file, Npy.Array.ofFloats(new long[] { 1 }, new float[] { 1 }));
		Npy.write(file, Npy.Array.ofFloats(new long[] { 1 }, new float[] { 2 }));
		assertArrayEquals(new float[] { 2 }, Npy.read(file).toFloats());
		try (Stream<Path> files = Files.list(folder)) {
			assertEquals("t.npy", files.map(p -> p.getFileName().toString()).collect(Collectors
				.joining(",")));
		}
	}

	@Test
	void factoriesRefuseValuesThatDoNotFitTheShape() {
		assertThrows(IllegalArgumentException.class, () -> Npy.Array.ofFloats(new long[] { 2, 3 },
			new float[5]));
		assertThrows(IllegalArgumentException.class, () -> Npy.Array.ofFloats(new long[] { -1 },
			new float[0]));
		assertThrows(IllegalStateException.class, () -> Npy.Array.ofFloats(new long[0],
			new float[1]).toLongs());
	}

	@Test
	void fileWithoutMagicIsRefusedAsNotNpy() throws IOException {
		assertRefused("PK\u0003\u0004 a zip".getBytes(StandardCharsets.ISO_8859_1), "not an npy file");
		assertRefused(new byte[0], "not an npy file");
	}

	@Test
	void unknownVersionAndHugeHeaderLengthAreRefused() throws IOException {
		final byte[] version4 = npy(1, "{}", new byte[0]);
		version4[6] = 4;
		assertRefused(version4, "version 4.0");
		final byte[] huge = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, -1, -1, -1, 127 };
		assertRefused(huge, "header of 2147483647 bytes");
	}

	@Test
	void unsupportedDtypeIsNamedAlongWithTheSupportedOnes() throws IOException {
		final String message = assertRefused(header("'<c8'", "(1,)"), "'<c8'");
		assertTrue(message.contains("float32 (f4)") && message.contains("uint16 (u2)"), message);
	}

	@Test
	void objectAndStructuredArraysAreRefused() throws IOException {
		assertRefused(header("'|O'", "(1,)"), "Python objects");
		assertRefused(header("[('x', '<f4'), ('y', '<f4')]", "(1,)"), "structured");
		assertRefused(header("'|V8'", "(1,)"), "structured");
	}

	@Test
	void truncatedDataIsRefusedFromFilesAndStreams() throws IOException {
		final byte[] bytes = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (10,), }",
			new byte[12]);
		assertRefused(bytes, "truncated");
		final IOException e = assertThrows(IOException.class, () -> Npy.read(
			new ByteArrayInputStream(bytes), "entry.npy"));
		assertTrue(e.getMessage().contains("'entry.npy' is truncated") && e.getMessage().contains(
			"needs 40 data bytes but only 12"), e.getMessage());
		assertRefused(Arrays.copyOf(bytes, 30), "ends inside the npy header");
	}

	@Test
	void unparsableHeadersAreRefusedWithoutOverflowingTheStack() throws IOException {
		assertRefused(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2", new byte[0]),
			"cannot be parsed");
		assertRefused(npy(1, "__import__('os')", new byte[0]), "cannot be parsed");
		assertRefused(npy(1, "(1, 2)", new byte[0]), "not a dictionary");
		final String deep = "(".repeat(100_000) + ")".repeat(100_000);
		assertRefused(npy(2, "{'shape': " + deep + "}", new byte[0]), "nested more than");
		assertRefused(npy(1, "{'descr': '<f4', 'shape': (1,)}", new byte[4]), "without 'fortran_order'");
		assertRefused(npy(1, "{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}", new byte[4]),
			"not True or False");
		assertRefused(header("'<f4'", "(1.5,)"), "cannot be parsed");
	}

	@Test
	void negativeAndTooLargeShapesAreRefused() throws IOException {
		assertRefused(header("'<f4'", "(2, -3)"), "negative length -3");
		assertRefused(header("'|u1'", "(2147483648,)"), "too large");
		assertRefused(header("'<f8'", "(300000000,)"), "too large");
		assertRefused(header("'<f4'", "(4611686018427387904, 4611686018427387904)"), "too large");
		assertRefused(header("'<f4'", "(99999999999999999999,)"), "too large");
	}

	private void assertGolden(final String base64, final Npy.Array expected) throws IOException {
		final byte[] numpy = Base64.getDecoder().decode(base64);
		assertEquals(expected, read(numpy));
		assertArrayEquals(numpy, write(expected), expected.toString());
	}

	private Npy.Array roundTrip(final Npy.Array array) throws IOException {
		final Path file = folder.resolve("a.npy");
		Npy.write(file, array);
		final Npy.Array back = Npy.read(file);
		assertEquals(array, back);
		return back;
	}

	private Npy.Array read(final byte[] bytes) throws IOException {
		final Path file = folder.resolve("in.npy");
		Files.write(file, bytes);
		return Npy.read(file);
	}

	private static byte[] write(final Npy.Array array) throws IOException {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		Npy.write(out, array);
		return out.toByteArray();
	}

	/** Refuses {@code bytes} as a file, with a message that names the file and the problem. */
	private String assertRefused(final byte[] bytes, final String problem) throws IOException {
		final Path file = folder.resolve("bad.npy");
		Files.write(file, bytes);
		final IOException e = assertThrows(IOException.class, () -> Npy.read(file));
		assertTrue(e.getMessage().contains("bad.npy") && e.getMessage().contains(problem), e
			.getMessage());
		return e.getMessage();
	}

	/** A version 1.0 file of this descr and shape with enough data for a few elements. */
	private static byte[] header(final String descr, final String shape) {
		return npy(1, "{'descr': " + descr + ", 'fortran_order': False, 'shape': " + shape + ", }",
			new byte[64]);
	}

	/** An npy file made by hand, without NumPy's padding, which readers must not rely on. */
	private static byte[] npy(final int version, final String header, final byte[] data) {
		final byte[] text = (header + "\n").getBytes(StandardCharsets.UTF_8);
		final int lengthBytes = version == 1 ? 2 : 4;
		final ByteBuffer file = ByteBuffer.allocate(8 + lengthBytes + text.length + data.length)
			.order(ByteOrder.LITTLE_ENDIAN);
		file.put(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0 });
		if (lengthBytes == 2) file.putShort((short) text.length);
		else file.putInt(text.length);
		return file.put(text).put(data).array();
	}
}
