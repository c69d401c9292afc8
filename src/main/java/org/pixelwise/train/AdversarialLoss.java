package org.pixelwise.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * How a GAN scores its two players from the critic's logits (of any shape, e.g. a PatchGAN's
 * map, averaged over every patch of every image): the critic on telling real images from
 * generated ones, the generator on fooling it. Each kind also carries the critic loss at which
 * the alternating phase of NoGAN training hands over to the generator (see {@link GanSwitch}).
 */
public enum AdversarialLoss {

	/**
	 * Hinge loss (Lim and Ye 2017), used with spectral norm by Miyato et al. 2018 and SAGAN: a
	 * critic is no longer pushed on images it already places beyond the margin, so it cannot win
	 * by inflating its outputs. The critic loss is 2 when it cannot tell; the hand-over at 0.5
	 * asks that real and generated patches sit, on average, 0.75 on their own side of zero.
	 */
	HINGE(0.5f) {

		@Override
		public Operand<TFloat32> critic(final Ops tf, final Operand<TFloat32> real,
			final Operand<TFloat32> fake)
		{
			final Operand<TFloat32> one = tf.constant(1f);
			return tf.math.add(mean(tf, tf.nn.relu(tf.math.sub(one, real))), mean(tf, tf.nn.relu(tf.math
				.add(one, fake))));
		}

		@Override
		public Operand<TFloat32> generator(final Ops tf, final Operand<TFloat32> fake) {
			return tf.math.neg(mean(tf, fake));
		}
	},

	/**
	 * Binary cross-entropy on logits, the original GAN loss (Goodfellow et al. 2014) with the
	 * non-saturating generator loss, as fast.ai and DeOldify use it. The critic loss is 2 ln 2 =
	 * 1.39 when it cannot tell; 0.65 is the hand-over DeOldify's NoGAN training used.
	 */
	BCE(0.65f) {

		@Override
		public Operand<TFloat32> critic(final Ops tf, final Operand<TFloat32> real,
			final Operand<TFloat32> fake)
		{
			return tf.math.add(mean(tf, realCost(tf, real)), mean(tf, tf.math.softplus(fake)));
		}

		@Override
		public Operand<TFloat32> generator(final Ops tf, final Operand<TFloat32> fake) {
			return mean(tf, realCost(tf, fake));
		}
	};

	/** The critic loss below which the critic is taken to have caught up with the generator. */
	public final float criticThreshold;

	AdversarialLoss(final float criticThreshold) {
		this.criticThreshold = criticThreshold;
	}

	/** The critic's loss on logits of real and of generated images. */
	public abstract Operand<TFloat32> critic(Ops tf, Operand<TFloat32> real,
		Operand<TFloat32> fake);

	/** The generator's adversarial loss on the critic's logits of its images. */
	public abstract Operand<TFloat32> generator(Ops tf, Operand<TFloat32> fake);

	/**
	 * -log(sigmoid(x)), the cross-entropy of logit x against "real", written as softplus(-x)
	 * because that stays finite for logits of any size.
	 */
	private static Operand<TFloat32> realCost(final Ops tf, final Operand<TFloat32> logits) {
		return tf.math.softplus(tf.math.neg(logits));
	}

	private static Operand<TFloat32> mean(final Ops tf, final Operand<TFloat32> x) {
		final Operand<TInt32> all = tf.range(tf.constant(0), tf.rank(x), tf.constant(1));
		return tf.math.mean(x, all);
	}
}
