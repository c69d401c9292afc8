package org.pixelwise.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import ij.IJ;
import ij.ImagePlus;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pixelwise.bioimage.ModelPackage;
import org.pixelwise.bioimage.TestTensors;
import org.pixelwise.device.Device;
import org.pixelwise.model.RestorationModel;
import org.pixelwise.model.Restorer;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A real third-party model: the N2V Fiji plugin's TensorFlow 1 SavedModel with its CSBDeep
 * model.yaml (optional: it lives in ../shared/data). Pixelwise must reproduce its test output.
 */
class N2vModelTest {

	private static final Path N2V = Paths.get("..", "shared", "data", "models",
		"n2v-tf1-savedmodel");

	@BeforeEach
	void needsTheModel() {
		Assumptions.assumeTrue(Files.isRegularFile(N2V.resolve("model.yaml")), N2V +
			" is absent; skipping the N2V model test");
	}

	@Test
	void testTensorsReproduceWithin1e4() throws IOException {
		try (ModelPackage pkg = ModelPackage.open(N2V)) {
			assertEquals("byxc", pkg.rdf.inputs.get(0).axisLetters());
			final TestTensors.Result result = TestTensors.run(pkg, Device.cpu(), false,
				new TiffTensors(), 1e-4);
			System.out.println("N2V test tensors: " + result);
			assertTrue(result.passed(), result.toString());
		}
	}

	@Test
	void tiledPredictionHonoursTheHalo() throws IOException {
		// A 128 x 128 image made of mirrored copies of the test input, denoised whole in one run and
		// tiled (96-pixel tiles with the model's 22-pixel halo, rounded to 32): away from the image border,
		// where only padding differs, both must agree.
		final ImagePlus test = IJ.openImage(N2V.resolve("testinput.tif").toString());
		final int n = 128;
		final float[] image = new float[n * n];
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++)
				image[y * n + x] = test.getProcessor().getf(mirror(x), mirror(y)) * 0.285f + 0.494f;
		try (RestorationModel model = RestorationModel.load(N2V, Device.cpu())) {
			final Img<FloatType> whole = new Restorer(model, 2 * n, 1, s -> {}).restore(ArrayImgs.floats(
				image.clone(), n, n), false);
			final Img<FloatType> tiled = new Restorer(model, 96, 1, s -> {}).restore(ArrayImgs.floats(
				image.clone(), n, n), false);
			final RandomAccess<FloatType> a = whole.randomAccess(), b = tiled.randomAccess();
			double max = 0;
			for (int y = 22; y < n - 22; y++)
				for (int x = 22; x < n - 22; x++) {
					a.setPosition(new long[] { x, y, 0 });
					b.setPosition(new long[] { x, y, 0 });
					max = Math.max(max, Math.abs(a.get().get() - b.get().get()));
				}
			System.out.println("N2V tiled vs whole, inside the halo: largest difference " + max);
			assertTrue(max < 1e-4, "largest difference " + max);
		}
	}

	private static int mirror(final int i) {
		final int m = i % 62;
		return m < 32 ? m : 62 - m;
	}
}
