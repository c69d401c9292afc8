package org.pixelwise.files;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * An exclusive hold on a folder (a model being trained), so that two trainings never write
 * into the same model: the second is refused with who holds it. It is an operating-system lock
 * on {@code .lock} in the folder, so it goes away with its process, however that ends
 * ({@code kill -9} included), and never needs cleaning up by hand.
 */
public final class FolderLock implements AutoCloseable {

	private static final String NAME = ".lock";

	private final FileChannel channel;
	private final FileLock lock;

	private FolderLock(final FileChannel channel, final FileLock lock) {
		this.channel = channel;
		this.lock = lock;
	}

	/**
	 * Takes the folder (creating it), or fails with who holds it.
	 *
	 * @param what what the holder does, for the message ("training")
	 */
	public static FolderLock take(final Path folder, final String what) throws IOException {
		Files.createDirectories(folder);
		final Path file = folder.resolve(NAME);
		final FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
			StandardOpenOption.READ, StandardOpenOption.WRITE);
		FileLock lock;
		try {
			lock = channel.tryLock();
		}
		catch (final OverlappingFileLockException e) {
			lock = null; // held by this very process
		}
		if (lock == null) {
			final String holder = holder(channel);
			channel.close();
			throw new IOException(String.format(
				"the folder '%s' is in use by another %s (%s); wait for it to finish, or choose another folder",
				folder, what, holder.isEmpty() ? "its process did not say which" : holder));
		}
		final String me = "process " + ManagementFactory.getRuntimeMXBean().getName() +
			", since " + Instant.now();
		channel.truncate(0);
		channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
		channel.force(false);
		return new FolderLock(channel, lock);
	}

	private static String holder(final FileChannel channel) {
		try {
			final ByteBuffer text = ByteBuffer.allocate((int) Math.min(512, channel.size()));
			channel.read(text, 0);
			return new String(text.array(), 0, text.position(), StandardCharsets.UTF_8).trim();
		}
		catch (final IOException e) {
			return "";
		}
	}

	@Override
	public void close() throws IOException {
		try {
			lock.release();
		}
		finally {
			channel.close();
		}
	}
}
