package org.pixelwise.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.pixelwise.degrade.Crappifier;
import org.pixelwise.data.FloatImage;
import org.pixelwise.device.Device;
import org.pixelwise.model.ModelFolder;
import org.pixelwise.model.RestorationModel;
import org.pixelwise.net.RestorationConfig;

/**
 * A restoration training run from start to end, as Train Restoration, a batch job or a cluster
 * job asks for it: the route (degraded clean images, real pairs or Noise2Void), resuming a run
 * with the network, degradation and value range it saved, and for the feature loss its phases:
 * (1) the feature network, trained on the images or read back on resume, (2) the restorer with
 * the feature loss, then with {@code feature+gan} (3) critic pretraining and (4) adversarial
 * fine-tuning. Images come in as {@link FloatImage}s; reading files is the caller's business.
 */
public final class RestorationTraining {

	public enum Route {
		/** Clean images, damaged on the fly by the crappifier. */
		CRAPPIFY,
		/** Clean images with their real low-quality partners. */
		PAIRS,
		/** Noisy images alone, blind-spot masking (Krull et al. 2019). */
		NOISE2VOID
	}

	/** What to train; fill in the fields, then {@link RestorationTraining#run}. */
	public static final class Plan {
		public Route route = Route.CRAPPIFY;
		/** Clean images (the noisy ones for Noise2Void); volumes for a 3-D network. */
		public List<FloatImage> images;
		/** For {@link Route#PAIRS}: each image's low-quality partner, in the same order. */
		public List<FloatImage> partners;
		public RestorationConfig network;
		public Crappifier crappifier;
		/** A pixel loss (l1, mse, ssim, msssim, sums), {@code pixel}, {@code feature} or {@code feature+gan}. */
		public String loss = "l1";
		public TrainingSettings settings = new TrainingSettings();
		/** Input patch side. */
		public int patch = 48;
		/** Continue the run saved in the model folder, with its network and degradation. */
		public boolean resume;
		/**
		 * A trained Pixelwise restoration model to fine-tune, or null: its network and value range
		 * replace {@link #network}, and training starts from its weights.
		 */
		public Path startFrom;
		/** Share of a patch's pixels that Noise2Void masks. */
		public double blindSpotFraction = 0.015;
		/** Phase 1: steps of the feature network's denoising pretext (0 = random weights). */
		public int featureSteps = 1000;
		/** Gram factor; negative for the default (1 for Pixelwise's own network). */
		public double gramFactor = -1;
		/** A feature network the user brings, or null to train one in phase 1. */
		public ImportedFeatures importedFeatures;
		public int criticSteps = 200;
		public int ganSteps = 400;
		public double adversarialWeight = 0.5;
	}

	/** How a run ended. */
	public static final class Outcome {
		public final Trainer.Result result;
		/** One sentence for the user: epochs, best PSNR next to bicubic, where the model is. */
		public final String summary;

		Outcome(final Trainer.Result result, final String summary) {
			this.result = result;
			this.summary = summary;
		}
	}

	/** Where, inside the model folder, phase 1 keeps the feature network's training run. */
	public static final String PRETEXT = "feature-pretext";

	private final Device device;
	private final TrainingListener listener;
	private final BooleanSupplier cancelled;

	public RestorationTraining(final Device device, final TrainingListener listener,
		final BooleanSupplier cancelled)
	{
		this.device = device;
		this.listener = listener;
		this.cancelled = cancelled;
	}

	/** The history saved by the run in {@code folder}, to continue its curve on resume. */
	@SuppressWarnings("unchecked")
	public static List<Map<String, Object>> savedHistory(final Path folder) throws IOException {
		final Object history = ModelFolder.readMap(Trainer.latest(folder)).get("history");
		return history instanceof List ? new ArrayList<>((List<Map<String, Object>>) history)
			: new ArrayList<>();
	}

	/** Trains (or, with {@code plan.resume}, continues) the model in {@code folder}. */
	public Outcome run(final Plan plan, final Path folder) throws IOException,
		InterruptedException
	{
		RestorationConfig network = plan.network;
		Crappifier crappifier = plan.crappifier;
		Route route = plan.route;
		float valueRange = Float.NaN;
		if (plan.resume) {
			// A resumed run continues the saved network, degradation and normalisation.
			final Map<?, ?> saved = ModelFolder.readMap(Trainer.latest(folder));
			network = RestorationConfig.fromMap((Map<?, ?>) saved.get("network"));
			if (RestorationTask.NOISE2VOID.equals(saved.get("degradation"))) route = Route.NOISE2VOID;
			else if (!RestorationTask.PAIRS.equals(saved.get("degradation"))) crappifier = Crappifier
				.parse(String.valueOf(saved.get("degradation")));
			valueRange = ((Number) saved.get("value_range")).floatValue();
		}
		String startedFrom = null;
		if (!plan.resume && plan.startFrom != null) {
			// The same network and input scaling, or its weights would mean something else.
			try (RestorationModel base = RestorationModel.load(plan.startFrom, device)) {
				if (base.network == null) throw new IllegalArgumentException("'" + plan.startFrom +
					"' is another tool's model; fine-tuning starts from models trained by Pixelwise");
				network = base.network;
				valueRange = base.valueRange;
				startedFrom = base.name + " (" + plan.startFrom + ")";
				if (route == Route.CRAPPIFY && crappifier.scale() != network.scale)
					throw new IllegalArgumentException("the model to fine-tune, '" + base.name +
						"', upscales by " + network.scale + " but the degradation shrinks by " + crappifier
							.scale() + "; give scale=" + network.scale);
				listener.message("fine-tuning '" + base.name + "' (" + network + "); its network and " +
					"value range replace the architecture, scale and residual options");
			}
		}
		final String lossName = plan.loss.trim().toLowerCase(Locale.ROOT).replace(" ", "");
		final boolean gan = lossName.equals("feature+gan");
		if (lossName.contains("gan") && !gan) throw new IllegalArgumentException("loss '" + plan.loss +
			"': adversarial training is 'feature+gan'; or use pixel (l1, ssim, ...) or feature");
		final boolean featureLoss = gan || lossName.equals("feature");
		final RestorationLoss pixelLoss = RestorationLoss.parse(featureLoss || lossName.equals(
			"pixel") ? "l1" : plan.loss);
		final String name = folder.getFileName().toString();
		final TrainingSettings settings = plan.settings;
		final RestorationTask task;
		switch (route) {
			case NOISE2VOID:
				task = RestorationTask.noise2void(plan.images, network, new BlindSpots(
					plan.blindSpotFraction), settings, plan.patch, valueRange, name, device);
				break;
			case PAIRS:
				task = RestorationTask.fromPairs(plan.partners, plan.images, network, pixelLoss, settings,
					plan.patch, valueRange, name, device);
				break;
			default:
				task = new RestorationTask(plan.images, network, crappifier, pixelLoss, settings,
					plan.patch, valueRange, name, device);
		}
		if (startedFrom != null) {
			final Path from = plan.startFrom;
			task.startFrom(names -> RestorationModel.weights(from, names, device), startedFrom);
		}
		if (featureLoss && plan.importedFeatures != null) {
			task.useFeatureLoss(plan.importedFeatures.loss(plan.gramFactor), plan.importedFeatures
				.facts(), tmp -> {});
			listener.message("feature loss on the layers " + plan.importedFeatures.facts().get(
				"layers") + " of " + plan.importedFeatures.facts().get("imported"));
		}
		else if (featureLoss) task.useFeatureLoss(featureNetwork(plan, folder, network.channels),
			plan.gramFactor < 0 ? 1 : plan.gramFactor);
		final Trainer trainer = new Trainer(device, listener, cancelled);
		final Trainer.Result result = plan.resume ? trainer.resume(task, settings, folder) : trainer
			.train(task, settings, folder);
		String summary = String.format(Locale.ROOT,
			"%s; best validation PSNR %.2f dB (bicubic %s dB); model in %s", result.message,
			result.bestScore, task.bicubicScores().get("psnr"), folder);
		if (gan && result.outcome != Trainer.Outcome.CANCELLED && result.outcome != Trainer.Outcome
			.DIVERGED)
		{
			listener.message(summary + "; phases 3 and 4 of 4: critic pretraining (" + plan.criticSteps +
				" steps), then adversarial training (" + plan.ganSteps + " steps)");
			final GanTraining.Settings ganSettings = new GanTraining.Settings();
			ganSettings.criticSteps = plan.criticSteps;
			ganSettings.ganSteps = plan.ganSteps;
			ganSettings.adversarialWeight = (float) plan.adversarialWeight;
			ganSettings.seed = settings.seed;
			ganSettings.validateEvery = Math.max(1, plan.ganSteps / 8);
			final GanTraining.Result adversarial = new GanTraining(device, listener, cancelled).run(task,
				ganSettings, folder, plan.resume);
			summary += adversarial.outcome == Trainer.Outcome.COMPLETED ? String.format(Locale.ROOT,
				"; adversarial phase done, best validation content loss %.4f, saved as %s (the " +
					"pretrained generator is in %s)", adversarial.bestContentLoss, folder.resolve("best"),
				folder.resolve("pretrained")) : "; adversarial phase " + (adversarial.outcome ==
					Trainer.Outcome.CANCELLED ? "cancelled" : "stopped") + ": " + adversarial.message;
		}
		return new Outcome(result, summary);
	}

	/**
	 * Phase 1 of feature-loss training: the frozen network the loss compares features with, saved
	 * with the model when resuming, else trained on the clean images by a denoising pretext task
	 * (ImageNet-trained networks cannot be downloaded here).
	 */
	private FeatureNetwork featureNetwork(final Plan plan, final Path folder, final int channels)
		throws IOException
	{
		if (plan.resume) {
			final FeatureNetwork saved = FeatureNetwork.read(Trainer.latest(folder));
			if (saved != null) return saved;
		}
		listener.message("phase 1: training the feature network (denoising, " + plan.featureSteps +
			" steps)");
		// Its own checkpoints, so that a run stopped in phase 1 resumes there too.
		final FeatureNetwork network = FeatureNetwork.pretrain(plan.images, channels,
			plan.featureSteps, plan.settings.seed, device, listener, cancelled, folder.resolve(
				PRETEXT), plan.resume);
		listener.message("feature network ready " + network.facts + "; phase 2: training the " +
			"restoration network with the feature loss");
		return network;
	}
}
