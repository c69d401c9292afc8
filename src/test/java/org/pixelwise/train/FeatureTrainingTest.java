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
import org.pixelwise.data.FloatImage;
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
			TrainingListener.NONE, () -> false, dir.resolve("pretext"), false);
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

	@Test
	void noGanFineTuningKeepsTheBestAdversarialGeneratorAndThePretrainedOne(@TempDir final Path dir)
		throws Exception
	{
		final RestorationTask task = pretrainedGenerator(dir);
		final Path model = dir.resolve("model");
		final List<String> messages = new ArrayList<>();
		final GanTraining.Result result = new GanTraining(Device.cpu(), new TrainingListener() {
			@Override
			public void message(final String text) {
				messages.add(text);
			}
		}, () -> false).run(task, ganSettings(), model, false);
		assertEquals(Trainer.Outcome.COMPLETED, result.outcome, result.message);
		assertTrue(Double.isFinite(result.bestContentLoss), "" + result.bestContentLoss);
		// 4 critic steps then 12 adversarial ones, validated every 4: one critic row, three gan rows
		assertEquals(List.of("critic", "gan", "gan", "gan"), phases(result.history));
		assertTrue(Files.exists(model.resolve("pretrained/rdf.yaml")), "the pretrained generator is kept");
		final Map<?, ?> best = ModelFolder.readMap(model.resolve(ModelFolder.BEST));
		assertEquals(12, ((Map<?, ?>) best.get("training")).get("gan_steps"), "best/ is the adversarial " +
			"phases' generator: " + best.get("training"));
		assertTrue(messages.stream().anyMatch(m -> m.contains("the adversarial phases are done")));
		try (org.pixelwise.model.RestorationModel restorer = org.pixelwise.model.RestorationModel.load(
			model, Device.cpu()))
		{
			assertEquals(2, restorer.outputScale(), "the fine-tuned generator loads and runs");
		}
	}

	/**
	 * Issue 16: the adversarial phases run in the one training loop, so a run stopped in them
	 * continues from its checkpoint (both networks, both optimisers and whose turn it was) with
	 * the same steps a run that never stopped takes, rather than starting them again.
	 */
	@Test
	void aRunStoppedInTheAdversarialPhaseResumesWhereItStopped(@TempDir final Path dir)
		throws Exception
	{
		final RestorationTask task = pretrainedGenerator(dir);
		final Path model = dir.resolve("model");
		final List<Long> steps = new ArrayList<>();
		final TrainingListener counting = new TrainingListener() {
			@Override
			public void step(final TrainingProgress progress) {
				steps.add(progress.step);
			}
		};
		final GanTraining.Result stopped = new GanTraining(Device.cpu(), counting, () -> steps.size() >=
			10).run(task, ganSettings(), model, false);
		assertEquals(Trainer.Outcome.CANCELLED, stopped.outcome, stopped.message);
		assertTrue(ModelFolder.hasTrainingState(model.resolve(GanTraining.PHASE_FOLDER).resolve(
			ModelFolder.LATEST)), "the stopped phase left its state");
		assertTrue(Files.readString(model.resolve(GanTraining.PHASE_FOLDER).resolve(ModelFolder.LATEST)
			.resolve(AdversarialGraph.TURNS)).contains("generator_steps"));
		steps.clear();
		final GanTraining.Result resumed = new GanTraining(Device.cpu(), counting, () -> false).run(
			task, ganSettings(), model, true);
		assertEquals(Trainer.Outcome.COMPLETED, resumed.outcome, resumed.message);
		assertEquals(11, steps.get(0), "continues after the 10 steps done");
		assertEquals(16, steps.get(steps.size() - 1));
		assertEquals(List.of("critic", "gan", "gan", "gan"), phases(resumed.history),
			"one history across the stop");
	}

	private static RestorationTask pretrainedGenerator(final Path dir) throws Exception {
		final List<FloatImage> images = new ArrayList<>();
		for (int i = 0; i < 4; i++)
			images.add(SyntheticImages.texture(96, i));
		final FeatureNetwork features = FeatureNetwork.pretrain(images, 1, 20, 3, Device.cpu(),
			TrainingListener.NONE, () -> false, dir.resolve("pretext"), false);
		final TrainingSettings settings = new TrainingSettings();
		settings.epochs = 1;
		settings.stepsPerEpoch = 6;
		settings.batchSize = 4;
		settings.maxLearningRate = 1e-3;
		final RestorationTask task = new RestorationTask(images, RestorationConfig.defaults(
			RestorationConfig.Architecture.ESPCN, 2, 1), Crappifier.parse("downscale=bicubic:2"),
			RestorationLoss.parse("l1"), settings, 24, Float.NaN, "gan", Device.cpu());
		task.useFeatureLoss(features, 1);
		new Trainer(Device.cpu(), TrainingListener.NONE, () -> false).train(task, settings, dir.resolve(
			"model"));
		return task;
	}

	private static GanTraining.Settings ganSettings() {
		final GanTraining.Settings gan = new GanTraining.Settings();
		gan.criticSteps = 4;
		gan.ganSteps = 12;
		gan.validateEvery = 4;
		return gan;
	}

	private static List<Object> phases(final List<Map<String, Object>> history) {
		final List<Object> phases = new ArrayList<>();
		for (final Map<String, Object> row : history)
			phases.add(row.get("phase"));
		return phases;
	}
}
