package org.pixelwise.train;

/**
 * Whose turn it is in the alternating phase of NoGAN training (fast.ai, DeOldify): after the
 * generator has been pretrained on its content loss alone and the critic on that generator's
 * output, the two take turns. The critic trains until its loss falls below a threshold, which
 * means it has caught up with the generator; then the generator trains until its adversarial
 * loss falls below its own threshold, and the critic's turn comes again. Either turn also ends
 * after a maximum number of steps, so that a critic that cannot reach its threshold does not
 * starve the generator. Feed it each step's loss and ask whom to train next; it holds no
 * TensorFlow state.
 */
public final class GanSwitch {

	public enum Turn {
		CRITIC, GENERATOR
	}

	/**
	 * The default cap on a critic turn. fast.ai has none; without one, a generator already good
	 * enough that the critic cannot reach its threshold would never train again.
	 */
	public static final int DEFAULT_MAX_CRITIC_STEPS = 50;

	public final float criticThreshold;
	public final float generatorThreshold;
	public final int maxCriticSteps;
	public final int maxGeneratorSteps;
	private Turn turn = Turn.CRITIC;
	private int stepsThisTurn;
	private long criticSteps;
	private long generatorSteps;

	/**
	 * @param criticThreshold a critic turn ends after a step whose loss is below this
	 * @param generatorThreshold a generator turn ends after a step whose adversarial loss is
	 *          below this; {@code Float.POSITIVE_INFINITY} gives one generator step per turn
	 * @param maxCriticSteps a critic turn ends after this many steps in any case
	 * @param maxGeneratorSteps a generator turn ends after this many steps in any case
	 */
	public GanSwitch(final float criticThreshold, final float generatorThreshold,
		final int maxCriticSteps, final int maxGeneratorSteps)
	{
		if (Float.isNaN(criticThreshold) || Float.isNaN(generatorThreshold))
			throw new IllegalArgumentException("GAN switch thresholds must be numbers, got critic " +
				criticThreshold + " and generator " + generatorThreshold);
		if (maxCriticSteps < 1 || maxGeneratorSteps < 1) throw new IllegalArgumentException(
			"each GAN turn needs at least 1 step, got critic " + maxCriticSteps + " and generator " +
				maxGeneratorSteps);
		this.criticThreshold = criticThreshold;
		this.generatorThreshold = generatorThreshold;
		this.maxCriticSteps = maxCriticSteps;
		this.maxGeneratorSteps = maxGeneratorSteps;
	}

	/**
	 * fast.ai's AdaptiveGANSwitcher as DeOldify used it: the critic trains until its loss is
	 * below the loss kind's threshold, the generator one step per turn.
	 */
	public static GanSwitch defaults(final AdversarialLoss loss) {
		return new GanSwitch(loss.criticThreshold, Float.POSITIVE_INFINITY, DEFAULT_MAX_CRITIC_STEPS,
			1);
	}

	/** The network the next step should train; the GAN phase starts with the critic. */
	public Turn next() {
		return turn;
	}

	/**
	 * Records the loss of a step of the network {@link #next()} named (the critic's loss, or the
	 * generator's adversarial loss) and returns whose turn it is now. A NaN loss never counts as
	 * below a threshold, so only the step cap ends such a turn.
	 */
	public Turn record(final float loss) {
		stepsThisTurn++;
		final boolean critic = turn == Turn.CRITIC;
		if (critic) criticSteps++;
		else generatorSteps++;
		final boolean reached = loss < (critic ? criticThreshold : generatorThreshold);
		if (reached || stepsThisTurn >= (critic ? maxCriticSteps : maxGeneratorSteps)) {
			turn = critic ? Turn.GENERATOR : Turn.CRITIC;
			stepsThisTurn = 0;
		}
		return turn;
	}

	/**
	 * Steps recorded for one network so far: plus one, it is the step number that network's
	 * Adam bias correction needs.
	 */
	public long steps(final Turn network) {
		return network == Turn.CRITIC ? criticSteps : generatorSteps;
	}

	/** Where the turns stand, to write with a checkpoint. */
	public java.util.Map<String, Object> toMap() {
		final java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
		map.put("turn", turn.name().toLowerCase(java.util.Locale.ROOT));
		map.put("steps_this_turn", stepsThisTurn);
		map.put("critic_steps", criticSteps);
		map.put("generator_steps", generatorSteps);
		return map;
	}

	/** Continues from where {@link #toMap} said the turns stood. */
	public void restore(final java.util.Map<?, ?> map) {
		turn = Turn.valueOf(String.valueOf(map.get("turn")).toUpperCase(java.util.Locale.ROOT));
		stepsThisTurn = ((Number) map.get("steps_this_turn")).intValue();
		criticSteps = ((Number) map.get("critic_steps")).longValue();
		generatorSteps = ((Number) map.get("generator_steps")).longValue();
	}
}
