package org.pixelwise.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.pixelwise.data.BatchProducer;
import org.pixelwise.device.Device;
import org.pixelwise.files.AtomicFolder;

/**
 * NoGAN's phases 3 and 4 as a {@link TrainingTask}: the data, validation and checkpoints of the
 * restoration task the generator was pretrained on, trained as an {@link AdversarialGraph}.
 * An epoch is {@code validateEvery} steps. Validation during critic pretraining is skipped (the
 * generator has not changed), and the best checkpoint is the generator with the lowest
 * validation content loss of the adversarial steps.
 */
final class AdversarialTask implements TrainingTask {

	private final RestorationTask content;
	private final GanTraining.Settings settings;
	private final Map<String, float[]> pretrained;
	private final Device device;
	private AdversarialGraph graph;

	/** @param pretrained the generator to start from; null when resuming a saved state */
	AdversarialTask(final RestorationTask content, final GanTraining.Settings settings,
		final Map<String, float[]> pretrained, final Device device)
	{
		this.content = content;
		this.settings = settings;
		this.pretrained = pretrained;
		this.device = device;
	}

	@Override
	public Trainable trainable(final Device ignored, final float clipNorm) {
		graph = new AdversarialGraph((RestorationObjective) content.objective(), settings, device);
		return graph;
	}

	@Override
	public Objective objective() {
		return content.objective();
	}

	@Override
	public BatchProducer batches(final long seed) {
		return content.batches(seed);
	}

	@Override
	public int automaticStepsPerEpoch() {
		return settings.validateEvery;
	}

	@Override
	public Map<String, Object> validate(final TrainingGraph judge) {
		final Map<String, Object> row = new LinkedHashMap<>();
		final boolean critic = graph.pretrainingCritic(graph.lastStep());
		row.put("phase", critic ? "critic" : "gan");
		row.put("critic_loss", Trainer.round(graph.criticLoss()));
		if (critic) return row;
		row.put("adversarial_loss", Trainer.round(graph.adversarialLoss()));
		row.putAll(content.validate(judge));
		return row;
	}

	@Override
	public String scoreName() {
		return "val_loss";
	}

	@Override
	public Map<String, Object> facts() {
		final Map<String, Object> facts = new LinkedHashMap<>(content.facts());
		facts.putAll(settings.toMap());
		return facts;
	}

	@Override
	public Map<String, float[]> initialWeights(final Set<String> names) {
		return pretrained;
	}

	@Override
	public void save(final Path folder, final TrainingGraph judge, final Map<String, Object> training,
		final List<Map<String, Object>> history, final AtomicFolder.Content state) throws IOException
	{
		content.save(folder, judge, training, history, state);
	}
}
