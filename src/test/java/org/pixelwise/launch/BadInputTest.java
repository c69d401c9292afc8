package org.pixelwise.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ij.IJ;
import ij.ImagePlus;
import ij.process.FloatProcessor;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15's bad inputs through the launcher, each refused with what is wrong and how to fix it. */
class BadInputTest {

	private static final String EM = Paths.get("models/em-membranes").toAbsolutePath().toString();
	private static final String RESTORER = Paths.get("models/sr-microscopy-x2").toAbsolutePath()
		.toString();

	@TempDir
	static Path dir;

	@BeforeAll
	static void images() {
		IJ.saveAsTiff(new ImagePlus("one", new FloatProcessor(1, 1, new float[] { 7 })), dir.resolve(
			"one.tif").toString());
		IJ.saveAsTiff(new ImagePlus("line", new FloatProcessor(40, 1)), dir.resolve("line.tif")
			.toString());
		final FloatProcessor nan = new FloatProcessor(64, 64);
		nan.set(Float.NaN);
		IJ.saveAsTiff(new ImagePlus("nan", nan), dir.resolve("nan.tif").toString());
	}

	/** Defect 6: every option has a range, checked before the command runs. */
	@Test
	void optionsOutOfRangeAreRefusedNamingOptionValueAndRange() throws IOException {
		final Path model = Files.createDirectories(dir.resolve("untouched"));
		final String train = "images='" + dir + "',labels='" + dir + "',model='" + model + "',";
		final List<String[]> cases = List.of(
			new String[] { "Pixelwise Train Segmentation", train + "epochs=-1", "epochs=-1 is out of range: 'Epochs' must be at least 1" },
			new String[] { "Pixelwise Train Segmentation", train + "epochs=0", "epochs=0 is out of range" },
			new String[] { "Pixelwise Train Segmentation", train + "batch_size=0", "batch_size=0 is out of range" },
			new String[] { "Pixelwise Train Segmentation", train + "batch_size=-3", "batch_size=-3 is out of range" },
			new String[] { "Pixelwise Train Segmentation", train + "learning_rate=-1", "learning_rate=-1.0 is out of range" },
			new String[] { "Pixelwise Train Segmentation", train + "validation_fraction=1.5", "must be from 0.01 to 0.9" },
			new String[] { "Pixelwise Train Segmentation", train + "label_mode=blobs", "option 'label_mode' of 'Pixelwise Train Segmentation' is 'blobs'; it must be one of" },
			new String[] { "Pixelwise Train Restoration", "images='" + dir + "',model='" + model + "',batch_size=0", "batch_size=0 is out of range" },
			new String[] { "Pixelwise Segment Image", "image='" + dir.resolve("one.tif") + "',model='" + EM + "',tile_size=3", "tile_size=3 is out of range" },
			new String[] { "Pixelwise Segment Image", "image='" + dir.resolve("one.tif") + "',model='" + EM + "',tile_size=-5", "tile_size=-5 is out of range" },
			new String[] { "Pixelwise Segment Image", "image='" + dir.resolve("one.tif") + "',model='" + EM + "',threshold=7", "threshold=7.0 is out of range" });
		for (final String[] c : cases) {
			final LaunchResult r = LaunchResult.of("--run", c[0], c[1]);
			assertEquals(2, r.status, String.join(" ", c) + "\n" + r);
			assertTrue(r.err.contains(c[2]), String.join(" ", c) + "\n" + r);
		}
		try (java.util.stream.Stream<Path> left = Files.list(model)) {
			assertEquals(0, left.count(), "the model folder changed");
		}
	}

	/**
	 * resume=true on a folder that holds no earlier run said "'…/latest' is not a Pixelwise model:
	 * pixelwise.yaml is missing", which does not tell a user that there is nothing to resume.
	 */
	@Test
	void resumingWhereNothingWasTrainedSaysSo() throws IOException {
		final Path images = Files.createDirectories(dir.resolve("resume-images"));
		for (int i = 0; i < 2; i++) {
			final FloatProcessor fp = new FloatProcessor(64, 64);
			for (int p = 0; p < 64 * 64; p++) fp.setf(p, (p * 37 + i * 11) % 251);
			IJ.saveAsTiff(new ImagePlus("r" + i, fp), images.resolve("r" + i + ".tif").toString());
		}
		for (final String command : List.of("Pixelwise Train Restoration",
			"Pixelwise Train Segmentation"))
		{
			final Path model = dir.resolve("never-trained-" + command.length());
			final LaunchResult r = LaunchResult.of("--run", command, "images='" + images +
				(command.contains("Segmentation") ? "',labels='" + images : "") + "',model='" + model +
				"',resume=true,epochs=1,device=cpu");
			assertEquals(1, r.status, command + "\n" + r);
			assertTrue(r.err.contains("no training state to resume") && r.err.contains("train anew"),
				command + "\n" + r);
		}
	}

	/** Defect 7: a 1x1 image failed with "Index -1 out of bounds for length 1". */
	@Test
	void aOnePixelImageOrALineIsSegmented() {
		for (final String name : new String[] { "one.tif", "line.tif" }) {
			final LaunchResult r = LaunchResult.of("--run", "Pixelwise Segment Image", "image='" + dir
				.resolve(name) + "',model='" + EM + "',device=cpu");
			assertEquals(0, r.status, r.toString());
			assertTrue(r.out.contains("label_image = image"), r.toString());
		}
	}

	/** Defect 9: an all-NaN image gave all-background labels and exit 0. */
	@Test
	void nanPixelsAreRefused() {
		final LaunchResult r = LaunchResult.of("--run", "Pixelwise Segment Image", "image='" + dir
			.resolve("nan.tif") + "',model='" + EM + "',device=cpu");
		assertEquals(1, r.status, r.toString());
		assertTrue(r.err.contains("the image contains NaN pixels (one at x="), r.toString());
	}

	/** Defect 10: a symbolic link to the input folder as output made reruns segment their outputs. */
	@Test
	void anOutputFolderThatLinksToTheInputIsRefused() throws IOException {
		final Path input = Files.createDirectories(dir.resolve("in"));
		IJ.saveAsTiff(new ImagePlus("a", new FloatProcessor(16, 16)), input.resolve("a.tif")
			.toString());
		final Path link = dir.resolve("link-to-in");
		try {
			Files.createSymbolicLink(link, input);
		}
		catch (final UnsupportedOperationException | IOException e) {
			Assumptions.abort("no symbolic links here: " + e);
		}
		for (final Path output : new Path[] { link, link.resolve("out") }) {
			final LaunchResult r = LaunchResult.of("--run", "Pixelwise Segment Folder", "model='" + EM +
				"',input='" + input + "',output='" + output + "',device=cpu");
			assertEquals(1, r.status, r.toString());
			assertTrue(r.err.contains("is the input folder or inside it"), r.toString());
		}
	}

	/** Noise: a restoration model given to a segmentation command was called "damaged". */
	@Test
	void aModelOfTheWrongKindIsCalledThat() throws IOException {
		final LaunchResult r = LaunchResult.of("--run", "Pixelwise Segment Folder", "model='" +
			RESTORER + "',input='" + Files.createDirectories(dir.resolve("in2")) + "',output='" + dir
				.resolve("out2") + "',device=cpu");
		assertEquals(1, r.status, r.toString());
		assertFalse(r.err.contains("damaged"), r.toString());
		assertTrue(r.err.contains("restoration model") && r.err.contains("Restore"), r.toString());
	}

	/**
	 * Defect 4: a full disk during training was reported as out of memory. A 3 MB filesystem
	 * (tmpfs, where this machine lets us mount one) fills up at the first checkpoint.
	 */
	@Test
	void aFullDiskIsReportedAsAFullDisk() throws Exception {
		final Path small = Files.createDirectories(dir.resolve("small-disk"));
		final Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs",
			small.toString()).redirectErrorStream(true).start();
		Assumptions.assumeTrue(mount.waitFor(20, TimeUnit.SECONDS) && mount.exitValue() == 0,
			"cannot mount a small filesystem here");
		try {
			final Path labels = Files.createDirectories(dir.resolve("disk-labels")), images = Files
				.createDirectories(dir.resolve("disk-images"));
			for (int i = 0; i < 2; i++) {
				final org.pixelwise.SyntheticImages s = org.pixelwise.SyntheticImages.discs(64, 64, 8, i);
				IJ.saveAsTiff(new ImagePlus("d", new FloatProcessor(64, 64, s.image.update(null)
					.getCurrentStorageArray())), images.resolve("d" + i + ".tif").toString());
				final int[] mask = s.mask().update(null).getCurrentStorageArray();
				final float[] values = new float[mask.length];
				for (int p = 0; p < mask.length; p++)
					values[p] = mask[p];
				IJ.saveAsTiff(new ImagePlus("d", new FloatProcessor(64, 64, values)), labels.resolve("d" +
					i + ".tif").toString());
			}
			final LaunchResult r = LaunchResult.of("--run", "Pixelwise Train Segmentation", "images='" +
				images + "',labels='" + labels + "',model='" + small.resolve("model") +
				"',epochs=1,steps_per_epoch=2,patch_size=64,batch_size=2,depth=3,base_filters=16,device=cpu");
			assertEquals(1, r.status, r.toString());
			assertTrue(r.err.contains("the disk is full"), r.toString());
			assertFalse(r.err.contains("out of memory"), r.toString());
		}
		finally {
			new ProcessBuilder("umount", small.toString()).start().waitFor(20, TimeUnit.SECONDS);
		}
	}
}
