package org.pixelwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.imglib2.Cursor;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.data.AnnotatedImage;
import org.pixelwise.data.LabelMode;
import org.pixelwise.data.LabelSettings;
import org.pixelwise.data.TrainingSet;
import org.pixelwise.device.Device;
import org.pixelwise.model.SegmentationModel;
import org.pixelwise.net.UNetConfig;
import org.pixelwise.head.Segmentation;
import org.pixelwise.model.Segmenter;

/** A softmax model learns two object classes besides background, and predicts both. */
class MultiClassTrainingTest {

	private static final int DISC = 1, SQUARE = 2;

	/** A noisy image of bright discs (class 1) and dimmer squares (class 2), with its class labels. */
	private static final class Scene {
		final ArrayImg<FloatType, FloatArray> image;
		final ArrayImg<IntType, IntArray> classes;

		Scene(final int size, final int objects, final long seed) {
			final Random random = new Random(seed);
			final int[] labels = new int[size * size];
			for (int o = 0; o < objects; o++) {
				final int cls = o % 2 == 0 ? DISC : SQUARE;
				final int r = 4 + random.nextInt(4);
				final int cx = r + random.nextInt(size - 2 * r), cy = r + random.nextInt(size - 2 * r);
				if (!free(labels, size, cx, cy, r + 2)) continue;
				for (int y = cy - r; y <= cy + r; y++)
					for (int x = cx - r; x <= cx + r; x++)
						if (cls == SQUARE || (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r)
							labels[y * size + x] = cls;
			}
			final float[] pixels = new float[size * size];
			for (int i = 0; i < pixels.length; i++)
				pixels[i] = (float) ((labels[i] == DISC ? 200 : labels[i] == SQUARE ? 120 : 40) + 15 * random
					.nextGaussian());
			image = ArrayImgs.floats(pixels, size, size);
			classes = ArrayImgs.ints(labels, size, size);
		}

		/** Whether the square of half-width {@code r} around (cx, cy) holds no object yet. */
		private static boolean free(final int[] labels, final int size, final int cx, final int cy,
			final int r)
		{
			for (int y = Math.max(0, cy - r); y <= Math.min(size - 1, cy + r); y++)
				for (int x = Math.max(0, cx - r); x <= Math.min(size - 1, cx + r); x++)
					if (labels[y * size + x] != 0) return false;
			return true;
		}
	}

	@Test
	void threeClassModelLearnsDiscsAndSquaresAndPredictsBoth(@TempDir final Path dir)
		throws Exception
	{
		final List<AnnotatedImage> images = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			final Scene s = new Scene(96, 24, i);
			images.add(new AnnotatedImage("scene" + i, s.image, s.classes));
		}
		final TrainingSet data = TrainingSet.prepare(images, LabelSettings.of(LabelMode.CLASSES), 1,
			99.8);
		assertEquals(3, data.classCount);
		final Path model = dir.resolve("model");
		final TrainingSettings settings = TrainerTest.quick(2, 25);
		settings.maxLearningRate = 1e-2;
		final Trainer.Result result = new Trainer(Device.cpu(), TrainingListener.NONE, () -> false)
			.train(data, new UNetConfig(2, 8, true, 0, UNetConfig.Upsampling.TRANSPOSED, 1, 3),
				settings, model, "discs and squares");
		assertEquals(Trainer.Outcome.COMPLETED, result.outcome, result.message);
		final double dice = ((Number) result.history.get(result.history.size() - 1).get("val_dice"))
			.doubleValue();
		assertTrue(dice >= 0.8, "validation mean Dice over discs and squares " + dice + " in " +
			result.history);

		final Scene heldOut = new Scene(96, 24, 99);
		try (SegmentationModel m = SegmentationModel.load(model, Device.cpu())) {
			assertEquals(LabelMode.CLASSES, m.description.labelMode);
			final Segmentation s = new Segmenter(m, 64, 4, Double.NaN, x -> {}).segment(heldOut.image,
				false);
			assertNull(s.instances, "a multi-class model has no instances");
			final int[] truth = heldOut.classes.update(null).getCurrentStorageArray();
			final long[] predicted = new long[3];
			long correct = 0;
			final Cursor<net.imglib2.type.numeric.integer.UnsignedByteType> c = Views.flatIterable(s.labels).cursor();
			for (int i = 0; i < truth.length; i++) {
				final int label = c.next().get();
				predicted[label]++;
				if (label == truth[i]) correct++;
			}
			assertTrue(predicted[DISC] > 0 && predicted[SQUARE] > 0, "pixels per class " + predicted[0] +
				", " + predicted[DISC] + ", " + predicted[SQUARE]);
			assertTrue(correct >= 0.9 * truth.length, "pixel accuracy " + correct / (double) truth.length);
		}
	}
}
