package org.pixelwise.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.device.Device;

/** The cache gives back the same model for the same files, and a new one when they change. */
class ModelCacheTest {

	static final class FakeModel implements AutoCloseable {
		boolean closed;

		@Override
		public void close() {
			closed = true;
		}
	}

	private static Path model(final Path dir, final String name) throws Exception {
		final Path folder = Files.createDirectories(dir.resolve(name));
		Files.writeString(folder.resolve(ModelFolder.DESCRIPTION), "name: " + name);
		return folder;
	}

	@Test
	void sameFilesSameModelChangedFilesNewModel(@TempDir final Path dir) throws Exception {
		final Path folder = model(dir, "a");
		final AtomicInteger loads = new AtomicInteger();
		try (ModelCache cache = new ModelCache(2)) {
			final FakeModel first;
			try (ModelCache.Lease<FakeModel> lease = cache.lease(folder, Device.cpu(), "seg", () -> {
				loads.incrementAndGet();
				return new FakeModel();
			})) {
				first = lease.model();
				assertFalse(lease.wasCached());
			}
			assertFalse(first.closed, "giving a lease back keeps the model open");
			try (ModelCache.Lease<FakeModel> lease = cache.lease(folder, Device.cpu(), "seg",
				FakeModel::new))
			{
				assertSame(first, lease.model());
				assertTrue(lease.wasCached());
			}
			// Another device or precision is another model.
			try (ModelCache.Lease<FakeModel> lease = cache.lease(folder, Device.cpu().withBfloat16(true),
				"seg", FakeModel::new))
			{
				assertNotSame(first, lease.model());
			}
			// A retrained model (new files) is loaded afresh.
			Files.writeString(folder.resolve(ModelFolder.DESCRIPTION), "name: a, retrained");
			Files.setLastModifiedTime(folder.resolve(ModelFolder.DESCRIPTION), FileTime.fromMillis(System
				.currentTimeMillis() + 5000));
			try (ModelCache.Lease<FakeModel> lease = cache.lease(folder, Device.cpu(), "seg",
				FakeModel::new))
			{
				assertNotSame(first, lease.model());
			}
			assertEquals(1, loads.get());
			assertTrue(first.closed, "beyond two models the least recently used is closed");
		}
	}

	@Test
	void releaseClosesIdleModelsAndModelsInUseWhenGivenBack(@TempDir final Path dir)
		throws Exception
	{
		final ModelCache cache = new ModelCache(4);
		final ModelCache.Lease<FakeModel> held = cache.lease(model(dir, "held"), Device.cpu(), "seg",
			FakeModel::new);
		final FakeModel idle;
		try (ModelCache.Lease<FakeModel> lease = cache.lease(model(dir, "idle"), Device.cpu(), "seg",
			FakeModel::new))
		{
			idle = lease.model();
		}
		assertEquals(1, cache.releaseIdle());
		assertTrue(idle.closed);
		assertFalse(held.model().closed);
		assertEquals(1, cache.size());
		cache.close();
		assertFalse(held.model().closed, "a model in use is not closed under its user");
		held.close();
		assertTrue(held.model().closed);
	}
}
