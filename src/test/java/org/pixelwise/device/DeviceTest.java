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
}
