package org.pixelwise.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;

/** Device names as users type them, and what each asks of TensorFlow. */
class DeviceTest {

	@Test
	void knownNamesAreParsed() {
		assertEquals(Device.Kind.AUTO, Device.parse("auto").kind);
		assertEquals(Device.Kind.CPU, Device.parse("cpu").kind);
		assertEquals(Device.Kind.CPU, Device.parse(" CPU ").kind);
		final Device gpu = Device.parse("gpu");
		assertEquals(Device.Kind.GPU, gpu.kind);
		assertEquals(0, gpu.gpuIndex);
		final Device second = Device.parse("gpu:1");
		assertEquals(Device.Kind.GPU, second.kind);
		assertEquals(1, second.gpuIndex);
		assertEquals("gpu:1", second.toString());
	}

	@Test
	void unknownDeviceIsRejectedWithTheChoices() {
		for (final String name : new String[] { "tpu", "gpu:x" }) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Device
				.parse(name));
			assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
			for (final String choice : new String[] { "auto", "cpu", "gpu", "gpu:N" })
				assertTrue(e.getMessage().contains(choice), e.getMessage() + " should list " + choice);
		}
	}

	@Test
	void unusableGpuSaysWhatToInstallAndToUseTheCpu() {
		IllegalStateException failure = null;
		try {
			Device.parse("gpu").check();
		}
		catch (final IllegalStateException e) {
			failure = e;
		}
		assumeTrue(failure != null, "a GPU is usable here, so there is no failure to check");
		final String message = failure.getMessage();
		assertTrue(message.contains("CUDA 12"), message);
		assertTrue(message.contains("cuDNN 9"), message);
		assertTrue(message.contains("device=cpu"), message);
	}

	@Test
	void cpuAndAutoAlwaysPassTheCheck() {
		Device.cpu().check();
		Device.auto().check();
	}

	@Test
	void cpuSessionHidesGpus() {
		final ConfigProto config = Device.cpu().sessionConfig();
		assertEquals(Integer.valueOf(0), config.getDeviceCountMap().get("GPU"));
		assertTrue(config.getAllowSoftPlacement());
	}

	@Test
	void gpuSessionShowsOnlyTheChosenGpuAndGrowsItsMemory() {
		final ConfigProto config = Device.parse("gpu:1").sessionConfig();
		assertEquals("1", config.getGpuOptions().getVisibleDeviceList());
		assertTrue(config.getGpuOptions().getAllowGrowth());
		assertFalse(config.getDeviceCountMap().containsKey("GPU"));
		assertFalse(config.getAllowSoftPlacement(), "an explicit GPU must not fall back to the CPU");
	}

	@Test
	void bfloat16IsUsedOnlyWhereTheCpuHasItAndOnlyWhenAsked(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir)
		throws java.io.IOException
	{
		final java.nio.file.Path zen4 = java.nio.file.Files.writeString(dir.resolve("zen4"),
			"processor\t: 0\nflags\t\t: fpu avx2 avx512f avx512_bf16 avx512_vnni\n");
		final java.nio.file.Path old = java.nio.file.Files.writeString(dir.resolve("old"),
			"flags\t\t: fpu avx2 avx512f avx512_bf16x\n");
		assertTrue(Bfloat16.cpuHasBfloat16(zen4));
		assertFalse(Bfloat16.cpuHasBfloat16(old), "only whole flag names count");
		assertFalse(Bfloat16.cpuHasBfloat16(dir.resolve("missing")));
		assertFalse(Device.cpu().sessionConfig().getGraphOptions().getRewriteOptions()
			.getAutoMixedPrecisionOnednnBfloat16Value() != 0, "float32 unless asked");
		assertFalse(Device.parse("gpu").withPrecision("bfloat16").usesBfloat16(), "CPU only");
		assertEquals(Device.cpu().withPrecision("bfloat16").usesBfloat16(), Device.cpu()
			.withPrecision("bfloat16").sessionConfig().getGraphOptions().getRewriteOptions()
			.getAutoMixedPrecisionOnednnBfloat16Value() != 0);
		assertThrows(IllegalArgumentException.class, () -> Device.cpu().withPrecision("float16"));
	}
}
