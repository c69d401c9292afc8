package org.pixelwise.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PyTorch peer: {@code peer.py}, shipped in the jar, run by a Python that can import torch.
 * One peer process serves the whole benchmark, reading one command per line, so torch is
 * imported once and the comparison is never charged for it. While the peer works the JVM waits
 * on its output, and while the JVM works the peer waits on its input, so the two never share
 * the cores.
 */
final class Peer implements AutoCloseable {

	private static final String SCRIPT = "peer.py";
	/** Where Debian's python3-torch lives when another python3 comes first on the PATH. */
	/** Debian's torch, and OpenBLAS so that torch's BLAS calls are not the reference ones. */
	static final String INSTALL = "apt-get install -y python3-torch libopenblas0-pthread";
	private static final List<String> PYTHONS = Arrays.asList("python3", "/usr/bin/python3");

	private final Process process;
	private final Writer commands;
	private final BufferedReader answers;
	private final Path folder;
	/** Whether a command failed, in which case the peer's log is kept for reading. */
	private boolean failed;
	/** Debian's reference BLAS, which torch falls back on without OpenBLAS, is slower than this. */
	private static final double SLOW_BLAS_GFLOPS = 20;

	/** The peer's first line: torch's version, threads and BLAS speed. */
	final String description;
	/**
	 * Whether torch links the reference BLAS, which makes the comparison flatter Pixelwise:
	 * OpenBLAS (Debian's libopenblas0-pthread) replaces it.
	 */
	final boolean slowBlas;

	private Peer(final Process process, final Path folder) throws IOException {
		this.process = process;
		this.folder = folder;
		commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
		answers = new BufferedReader(new InputStreamReader(process.getInputStream(),
			StandardCharsets.UTF_8));
		final String first = answers.readLine();
		if (first == null) throw new IOException("the PyTorch peer ended at start; see " + folder
			.resolve("peer.log"));
		description = first + " (" + process.info().command().orElse("python") + ")";
		final Matcher blas = Pattern.compile("BLAS matmul ([0-9.]+) GFLOP/s").matcher(first);
		slowBlas = blas.find() && Double.parseDouble(blas.group(1)) < SLOW_BLAS_GFLOPS;
	}

	/**
	 * Starts the peer with the given threads, or returns null and says why on {@code why[0]}
	 * when no Python with torch is found.
	 *
	 * @param python a Python to use, or null to try python3 on the PATH, then /usr/bin/python3
	 */
	static Peer start(final String python, final int threads, final int interop,
		final String[] why) throws IOException
	{
		final String chosen = findTorch(python == null ? PYTHONS : Arrays.asList(python));
		if (chosen == null) {
			why[0] = "PyTorch not found (tried " + (python == null ? String.join(", ", PYTHONS)
				: python) + "; install it with '" + INSTALL + "' or pass --python)";
			return null;
		}
		final Path folder = Files.createTempDirectory("pixelwise-peer");
		final Path script = folder.resolve(SCRIPT);
		try (InputStream in = Peer.class.getResourceAsStream(SCRIPT)) {
			if (in == null) throw new IOException(SCRIPT + " is missing from the jar; rebuild Pixelwise");
			Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
		}
		final ProcessBuilder builder = new ProcessBuilder(chosen, script.toString(), "serve",
			"threads=" + threads, "interop=" + interop);
		// OpenMP and MKL would otherwise start one thread per core before torch is told.
		builder.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
		builder.environment().put("MKL_NUM_THREADS", String.valueOf(threads));
		builder.environment().put("OPENBLAS_NUM_THREADS", String.valueOf(threads));
		builder.redirectError(folder.resolve("peer.log").toFile());
		return new Peer(builder.start(), folder);
	}

	/** The first Python that imports torch, or null. */
	private static String findTorch(final List<String> pythons) {
		for (final String python : pythons) {
			try {
				final Process p = new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
				if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) return python;
				p.destroy();
			}
			catch (final IOException e) {
				// Not installed under this name: try the next.
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				return null;
			}
		}
		return null;
	}

	/**
	 * Runs one command (a figure and key=value options) and returns its figures.
	 *
	 * @throws IOException when the peer failed on it, with the peer's reason
	 */
	List<Figure> run(final String command) throws IOException {
		commands.write(command + "\n");
		commands.flush();
		final List<Figure> figures = new ArrayList<>();
		String error = null;
		for (String line; (line = answers.readLine()) != null;) {
			if (line.equals("end")) {
				if (error == null) return figures;
				failed = true;
				throw new IOException(error + " (log: " + folder.resolve("peer.log") + ")");
			}
			if (line.startsWith("error ")) error = line.substring(6);
			else figures.add(Figure.parse(line));
		}
		failed = true;
		throw new IOException("the PyTorch peer ended unexpectedly; see " + folder.resolve(
			"peer.log"));
	}

	@Override
	public void close() {
		try {
			commands.close();
			if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroy();
			Files.deleteIfExists(folder.resolve(SCRIPT));
			if (failed) return;
			Files.deleteIfExists(folder.resolve("peer.log"));
			Files.deleteIfExists(folder);
		}
		catch (final IOException e) {
			// A temporary folder left behind is harmless.
		}
		catch (final InterruptedException e) {
			process.destroy();
			Thread.currentThread().interrupt();
		}
	}
}
