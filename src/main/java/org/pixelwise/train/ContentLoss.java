package org.pixelwise.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What keeps a generator faithful to its target in adversarial training: a pixel loss
 * ({@link RestorationLoss}) or the feature and Gram loss ({@link FeatureLoss}).
 */
@FunctionalInterface
public interface ContentLoss {

	/** The scalar loss of NHWC {@code output} against {@code target}, both in [0, 1]. */
	Operand<TFloat32> build(Ops tf, Operand<TFloat32> output, Operand<TFloat32> target);

	static ContentLoss of(final RestorationLoss loss, final int channels) {
		return (tf, output, target) -> loss.build(tf, output, target, channels);
	}

	static ContentLoss of(final FeatureLoss loss) {
		return (tf, output, target) -> loss.build(tf, output, target).total;
	}
}
