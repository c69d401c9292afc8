package org.pixelwise.imagej;

import java.io.File;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Runs a folder of images through read, process and write so that they overlap: while the
 * network works on one image, the next is read (and decoded) on one thread and the previous
 * one's outputs are written on another. The results are the same as one image after the
 * other; at most two inputs and two outputs are in memory at once.
 *
 * <p>Each image succeeds or fails on its own: a failure in any stage is reported for that
 * image, in folder order, and the pipeline goes on with the next.
 */
public final class FolderPipeline<I, O> {

	public interface Reader<I> {
		I read(File file) throws Exception;
	}

	public interface Processor<I, O> {
		O process(File file, I input) throws Exception;
	}

	public interface Writer<O> {
		void write(File file, O output) throws Exception;
	}

	/** What became of each image, reported in folder order on the caller's thread. */
	public interface Outcome {
		void done(File file, int index);

		void failed(File file, int index, Exception cause);
	}

	private final Reader<I> reader;
	private final Processor<I, O> processor;
	private final Writer<O> writer;

	public FolderPipeline(final Reader<I> reader, final Processor<I, O> processor,
		final Writer<O> writer)
	{
		this.reader = reader;
		this.processor = processor;
		this.writer = writer;
	}

	/**
	 * @param skip files already done, which are neither read nor reported
	 * @param stop asked before each image; when true, no further image is started
	 */
	public void run(final List<File> files, final Predicate<File> skip, final BooleanSupplier stop,
		final Outcome outcome) throws InterruptedException
	{
		final ExecutorService reading = Executors.newSingleThreadExecutor(daemon("pixelwise-read"));
		final ExecutorService writing = Executors.newSingleThreadExecutor(daemon("pixelwise-write"));
		try {
			int next = nextToDo(files, skip, 0);
			final int first = next;
			Future<I> read = first < files.size() ? reading.submit(() -> reader.read(files.get(first)))
				: null;
			Future<?> written = null;
			int writtenIndex = -1;
			while (next < files.size() && !stop.getAsBoolean()) {
				final int index = next;
				final File file = files.get(index);
				next = nextToDo(files, skip, index + 1);
				final Future<I> current = read;
				final int following = next;
				read = following < files.size() ? reading.submit(() -> reader.read(files.get(following)))
					: null;
				O output = null;
				Exception failure = null;
				try {
					output = processor.process(file, get(current));
				}
				catch (final Exception e) {
					failure = e;
				}
				// The previous image's outputs are on disk before this one's are queued.
				if (written != null) report(written, files, writtenIndex, outcome);
				written = null;
				if (failure != null) {
					outcome.failed(file, index, failure);
					continue;
				}
				final O result = output;
				written = writing.submit(() -> {
					writer.write(file, result);
					return null;
				});
				writtenIndex = index;
			}
			if (written != null) report(written, files, writtenIndex, outcome);
			if (read != null) read.cancel(true);
		}
		finally {
			reading.shutdownNow();
			writing.shutdown();
		}
	}

	private static int nextToDo(final List<File> files, final Predicate<File> skip, final int from) {
		int i = from;
		while (i < files.size() && skip.test(files.get(i)))
			i++;
		return i;
	}

	private static void report(final Future<?> written, final List<File> files, final int index,
		final Outcome outcome) throws InterruptedException
	{
		try {
			get(written);
			outcome.done(files.get(index), index);
		}
		catch (final Exception e) {
			if (e instanceof InterruptedException) throw (InterruptedException) e;
			outcome.failed(files.get(index), index, e);
		}
	}

	/** The task's result, or the exception it failed with (not wrapped). */
	private static <T> T get(final Future<T> future) throws Exception {
		try {
			return future.get();
		}
		catch (final ExecutionException e) {
			final Throwable cause = e.getCause();
			if (cause instanceof Exception) throw (Exception) cause;
			if (cause instanceof Error) throw (Error) cause;
			throw e;
		}
	}

	private static java.util.concurrent.ThreadFactory daemon(final String name) {
		return runnable -> {
			final Thread t = new Thread(runnable, name);
			t.setDaemon(true);
			return t;
		};
	}
}
