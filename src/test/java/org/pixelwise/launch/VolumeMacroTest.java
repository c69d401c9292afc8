package org.pixelwise.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.data.AnnotatedImage;
import org.pixelwise.data.SyntheticNuclei;

/**
 * The 3-D example macro as a user runs it headless: z-stacks with calibrated voxels in a
 * project folder, 3-D training, and one label per nucleus in a stack that keeps the input's
 * slices and calibration.
 */
class VolumeMacroTest {

	@TempDir
	static Path project;

	@Test
	@SuppressWarnings("unchecked")
	void trainsA3dModelAndWritesInstanceStacksWithTheCalibration() throws Exception {
		Files.createDirectories(project.resolve("stacks"));
		Files.createDirectories(project.resolve("labels"));
		for (int i = 0; i < 2; i++) {
			final AnnotatedImage v = SyntheticNuclei.volume("n" + i, 48, 48, 16, 2, i);
			final float[] voxels = ((ArrayImg<FloatType, FloatArray>) v.image).update(null)
				.getCurrentStorageArray();
			final int[] ids = ((ArrayImg<IntType, IntArray>) v.labels).update(null)
				.getCurrentStorageArray();
			final ImageStack image = new ImageStack(48, 48), labels = new ImageStack(48, 48);
			for (int z = 0; z < 16; z++) {
				final float[] plane = new float[48 * 48];
				final short[] ids16 = new short[48 * 48];
				for (int p = 0; p < plane.length; p++) {
					plane[p] = voxels[z * plane.length + p];
					ids16[p] = (short) ids[z * plane.length + p];
				}
				image.addSlice(new FloatProcessor(48, 48, plane));
				labels.addSlice(new ShortProcessor(48, 48, ids16, null));
			}
			final ImagePlus stack = new ImagePlus("n" + i, image);
			stack.getCalibration().pixelWidth = 0.2;
			stack.getCalibration().pixelHeight = 0.2;
			stack.getCalibration().pixelDepth = 0.4;
			stack.getCalibration().setUnit("micron");
			new FileSaver(stack).saveAsTiffStack(project.resolve("stacks/n" + i + ".tif").toString());
			new FileSaver(new ImagePlus("n" + i, labels)).saveAsTiffStack(project.resolve("labels/n" + i +
				".tif").toString());
		}
		final LaunchResult result = LaunchResult.of("-batch", Paths.get("macros", "nuclei-3d.ijm")
			.toString(), project + "|epochs=2 steps_per_epoch=8 batch_size=2 patch_size=32 " +
				"patch_slices=8 depth=2 base_filters=8 learning_rate=0.003 device=cpu");
		assertEquals(0, result.status, result.toString());
		final String description = Files.readString(project.resolve("model/best/pixelwise.yaml"));
		assertTrue(description.contains("anisotropy: 2.0"), "anisotropy from the calibration:\n" +
			description);
		final ImagePlus instances = IJ.openImage(project.resolve("segmented/n0_instances.tif")
			.toString());
		assertEquals(16, instances.getNSlices(), "z slices kept");
		assertEquals(0.4, instances.getCalibration().pixelDepth, 1e-9, "z step kept");
		assertEquals(0.2, instances.getCalibration().pixelWidth, 1e-9, "pixel size kept");
		final ImageStack ids = instances.getStack();
		final java.util.Set<Integer> labels = new java.util.HashSet<>();
		for (int z = 1; z <= ids.getSize(); z++)
			for (final float v : (float[]) ids.getProcessor(z).convertToFloat().getPixels())
				if (v > 0) labels.add((int) v);
		// Nuclei span several slices: one label each in 3-D, so labels recur across slices.
		assertTrue(labels.size() >= 3, "nuclei found: " + labels.size());
	}

	@Test
	void threeDimensionalTrainingOnFlatImagesSaysWhatIsWrongBeforeWriting() throws Exception {
		final Path flat = project.resolve("flat");
		DiscProject.write(flat);
		final LaunchResult result = LaunchResult.of("--run", "Pixelwise Train Segmentation",
			"training_data=folders,images=" + flat.resolve("images") + ",labels=" + flat.resolve(
				"labels") + ",model=" + flat.resolve("model") + ",dimensions=3,epochs=1,device=cpu");
		assertEquals(1, result.status, result.toString());
		assertTrue(result.err.contains("z-stacks") && result.err.contains("dimensions=3"), result
			.toString());
		assertTrue(!Files.exists(flat.resolve("model")), "nothing written");
		final LaunchResult range = LaunchResult.of("--run", "Pixelwise Train Segmentation",
			"training_data=folders,images=" + flat.resolve("images") + ",labels=" + flat.resolve(
				"labels") + ",model=" + flat.resolve("model") + ",dimensions=3,anisotropy=40,device=cpu");
		assertEquals(2, range.status, range.toString()); // a request out of range, before any work
		assertTrue(range.err.contains("anisotropy"), range.toString());
	}

	@Test
	void theDenoisingMacroTrainsNoise2VoidIn3dAndWritesStacksInTheirOwnTypeAndCalibration()
		throws Exception
	{
		final Path denoise = project.resolve("denoise");
		Files.createDirectories(denoise.resolve("noisy"));
		final ImagePlus stack = org.pixelwise.command.VolumeRestorationCommandsTest.noisyStack(48, 40,
			24, new java.util.Random(5));
		new FileSaver(stack).saveAsTiffStack(denoise.resolve("noisy/cells.tif").toString());
		final LaunchResult result = LaunchResult.of("-batch", Paths.get("macros", "denoise-3d.ijm")
			.toString(), denoise + "|epochs=1 steps_per_epoch=4 batch_size=2 patch_size=16 " +
				"patch_slices=8 device=cpu");
		assertEquals(0, result.status, result.toString());
		assertTrue(Files.readString(denoise.resolve("model-3d/best/pixelwise.yaml")).contains(
			"dimensions: 3"), "a 3-D network");
		final ImagePlus denoised = IJ.openImage(denoise.resolve("denoised/cells_restored.tif")
			.toString());
		assertEquals(24, denoised.getNSlices(), "z slices kept");
		assertEquals(16, denoised.getBitDepth(), "16-bit kept");
		assertEquals(0.5, denoised.getCalibration().pixelDepth, 1e-9, "z step kept");
		assertEquals(0.25, denoised.getCalibration().pixelWidth, 1e-9, "pixel size kept");
	}
}
