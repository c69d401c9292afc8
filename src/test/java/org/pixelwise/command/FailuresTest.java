package org.pixelwise.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;

import org.junit.jupiter.api.Test;
import org.tensorflow.exceptions.TFResourceExhaustedException;

class FailuresTest {

	/** TensorFlow reports a full disk while saving as RESOURCE_EXHAUSTED, like memory. */
	@Test
	void aFullDiskIsNotCalledOutOfMemory() {
		final String tf = Failures.describe(new IOException("cannot save", new TFResourceExhaustedException(
			"/data/model/.latest.writing-1/training_state.data-00000-of-00001.tempstate1; No space left on device")));
		assertTrue(tf.startsWith("the disk is full (No space left on device) while writing " +
			"'/data/model/.latest.writing-1/training_state.data-00000-of-00001.tempstate1'"), tf);
		assertFalse(tf.contains("memory"), tf);
		final String java = Failures.describe(new FileSystemException("/tmp/x/out.tif", null,
			"No space left on device"));
		assertTrue(java.startsWith("the disk is full (No space left on device) while writing '/tmp/x/out.tif' ("), java);
		assertTrue(java.contains("MB free there now"), java);
	}

	@Test
	void outOfMemoryNamesFijisSettingAndTheLaunchersOption() {
		final String m = Failures.describe(new OutOfMemoryError("Java heap space"));
		assertTrue(m.startsWith("out of memory (Java heap space)"), m);
		assertTrue(m.contains("Edit > Options > Memory & Threads") && m.contains("java -Xmx8g -jar"), m);
		assertEquals("cancelled", Failures.describe(new java.util.concurrent.CancellationException()));
	}
}
