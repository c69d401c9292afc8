package org.pixelwise.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.pixelwise.device.Device;

/**
 * Loaded models kept for reuse, so that a macro calling Segment Image a hundred times loads the
 * model once: loading a SavedModel (reading it, creating the session, optimising the graph on
 * its first run) costs more than segmenting a small image.
 *
 * <p>A model is found again by its folder's real path, the newest modification time and total
 * size of its files (so a retrained or replaced model is loaded afresh), the device and
 * precision, and what it was loaded for. Callers lease a model and close the lease when done;
 * the model itself stays open. Beyond {@code capacity} models, the least recently used idle
 * one is closed; {@link #releaseIdle()} closes all idle ones (on demand, or under memory
 * pressure), and a model in use when it is evicted is closed when its last lease is.
 */
public final class ModelCache implements AutoCloseable {

	/** Loads a model that is not cached yet. */
	public interface Loader<T extends AutoCloseable> {
		T load() throws IOException;
	}

	/** A model in use; closing the lease gives it back to the cache, open. */
	public final class Lease<T extends AutoCloseable> implements AutoCloseable {
		private final Entry entry;
		private boolean closed;

		private Lease(final Entry entry) {
			this.entry = entry;
		}

		@SuppressWarnings("unchecked")
		public T model() {
			return (T) entry.model;
		}

		/** Whether this lease found the model already loaded. */
		public boolean wasCached() {
			return entry.hits > 1;
		}

		@Override
		public void close() {
			synchronized (ModelCache.this) {
				if (closed) return;
				closed = true;
				entry.leases--;
				if (entry.evicted && entry.leases == 0) closeQuietly(entry);
			}
		}
	}

	private static final class Entry {
		final AutoCloseable model;
		int leases;
		long hits;
		boolean evicted;

		Entry(final AutoCloseable model) {
			this.model = model;
		}
	}

	private final int capacity;
	/** In access order: the first entry is the least recently used. */
	private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

	public ModelCache(final int capacity) {
		if (capacity < 1) throw new IllegalArgumentException("cache capacity " + capacity +
			" must be at least 1");
		this.capacity = capacity;
	}

	/**
	 * The cached model for this folder, device and purpose, or the one {@code loader} makes.
	 *
	 * @param purpose what the model is loaded as and with which options (e.g. "segmentation")
	 */
	public synchronized <T extends AutoCloseable> Lease<T> lease(final Path folder,
		final Device device, final String purpose, final Loader<T> loader) throws IOException
	{
		final String key = key(folder, device, purpose);
		Entry entry = entries.get(key);
		if (entry == null) {
			entry = new Entry(Objects.requireNonNull(loader.load(), "loader gave no model"));
			entries.put(key, entry);
			evictBeyondCapacity();
		}
		entry.hits++;
		entry.leases++;
		return new Lease<>(entry);
	}

	/**
	 * A lease on a model that no cache keeps, for callers without a shared cache (a SciJava
	 * context without {@code LoadedModels}): closing the lease closes the model.
	 */
	public static <T extends AutoCloseable> Lease<T> unshared(final Loader<T> loader)
		throws IOException
	{
		final ModelCache cache = new ModelCache(1);
		final Entry entry = new Entry(Objects.requireNonNull(loader.load(), "loader gave no model"));
		entry.evicted = true;
		entry.leases = 1;
		entry.hits = 1;
		return cache.new Lease<>(entry);
	}

	/** Number of models held open. */
	public synchronized int size() {
		return entries.size();
	}

	/** Closes every model not in use; returns how many were closed. */
	public synchronized int releaseIdle() {
		int closed = 0;
		for (final Iterator<Entry> i = entries.values().iterator(); i.hasNext();) {
			final Entry e = i.next();
			if (e.leases > 0) continue;
			i.remove();
			closeQuietly(e);
			closed++;
		}
		return closed;
	}

	/** Closes all models; those in use close when their leases do. */
	@Override
	public synchronized void close() {
		for (final Entry e : entries.values()) {
			e.evicted = true;
			if (e.leases == 0) closeQuietly(e);
		}
		entries.clear();
	}

	private void evictBeyondCapacity() {
		final List<String> oldest = new ArrayList<>(entries.keySet());
		for (int i = 0; entries.size() > capacity && i < oldest.size(); i++) {
			final Entry e = entries.remove(oldest.get(i));
			e.evicted = true;
			if (e.leases == 0) closeQuietly(e);
		}
	}

	private static void closeQuietly(final Entry e) {
		try {
			e.model.close();
		}
		catch (final Exception ignored) {
			// Closing frees native memory; a failure to do so leaves nothing for a caller to fix.
		}
	}

	/** Path, newest change and total size of the model's files, device, precision, purpose. */
	static String key(final Path folder, final Device device, final String purpose)
		throws IOException
	{
		final Path real = ModelFolder.resolve(folder).toRealPath();
		long newest = Files.getLastModifiedTime(real).toMillis(), size = 0;
		if (Files.isDirectory(real)) try (Stream<Path> files = Files.walk(real, 3)) {
			for (final Path f : (Iterable<Path>) files::iterator) {
				if (!Files.isRegularFile(f)) continue;
				newest = Math.max(newest, Files.getLastModifiedTime(f).toMillis());
				size += Files.size(f);
			}
		}
		else size = Files.size(real);
		return real + "|" + newest + "|" + size + "|" + device + "|" + device.usesBfloat16() + "|" +
			purpose;
	}

	/** For tests: the keys of the models held, least recently used first. */
	synchronized Map<String, Long> leases() {
		final Map<String, Long> map = new LinkedHashMap<>();
		for (final Map.Entry<String, Entry> e : entries.entrySet())
			map.put(e.getKey(), (long) e.getValue().leases);
		return map;
	}
}
