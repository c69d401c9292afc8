package org.pixelwise.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pixelwise.SyntheticImages;
import org.pixelwise.degrade.Crappifier;
import org.pixelwise.degrade.FloatImage;
import org.pixelwise.device.Device;
import org.pixelwise.model.ModelFolder;
import org.pixelwise.net.RestorationConfig;

/**
 * Restoration trained with the feature loss: a feature network pretrained on the images,
 * frozen in the loss, kept beside the model and reused when training resumes.
 */
class FeatureTrainingTest {

	@Test
	void featureLossTrainsSavesItsNetworkAndResumesWithIt(@TempDir final Path dir) throws Exception {
		final List<FloatImage> images = new ArrayList<>();
		for (int i = 0; i < 4; i++)
			images.add(SyntheticImages.texture(96, i));
		final FeatureNetwork features = FeatureNetwork.pretrain(images, 1, 40, 3, Device.cpu(),
			TrainingListener.NONE, () -> false);
		final TrainingSettings settings = new TrainingSettings();
		settings.epochs = 1;
		settings.stepsPerEpoch = 8;
		settings.batchSize = 4;
		settings.maxLearningRate = 1e-3;
		final RestorationConfig espcn = RestorationConfig.defaults(RestorationConfig.Architecture.ESPCN,
			2, 1);
		final Path model = dir.resolve("model");
		RestorationTask task = new RestorationTask(images, espcn, Crappifier.parse(
			"downscale=bicubic:2"), RestorationLoss.parse("l1"), settings, 24, Float.NaN, "sharp", Device
				.cpu());
		task.useFeatureLoss(features, 1);
		Trainer.Result result = new Trainer(Device.cpu(), TrainingListener.NONE, () -> false).train(
			task, settings, model);
		assertEquals(Trainer.Outcome.COMPLETED, result.outcome, result.message);
		final double loss = ((Number) result.history.get(0).get("loss")).doubleValue();
		assertTrue(Double.isFinite(loss) && loss > 0, "feature loss " + loss);
		final Path latest = model.resolve(ModelFolder.LATEST);
		final FeatureNetwork saved = FeatureNetwork.read(latest);
		assertNotNull(saved, "the feature network is kept beside the model");
		for (final Map.Entry<String, float[]> w : features.weights.entrySet())
			assertArrayEquals(w.getValue(), saved.weights.get(w.getKey()), w.getKey());
		assertTrue(String.valueOf(ModelFolder.readMap(latest).get("training")).contains("feature"));
		assertTrue(Files.readString(latest.resolve("rdf.yaml")).contains(FeatureNetwork.FILE),
			"it is an attachment of the package");
		settings.epochs = 2;
		task = new RestorationTask(images, espcn, Crappifier.parse("downscale=bicubic:2"),
			RestorationLoss.parse("l1"), settings, 24, Float.NaN, "sharp", Device.cpu());
		task.useFeatureLoss(saved, 1);
		result = new Trainer(Device.cpu(), TrainingListener.NONE, () -> false).resume(task, settings,
			model);
		assertEquals(Trainer.Outcome.COMPLETED, result.outcome, result.message);
		assertEquals(16, result.steps);
	}
}
