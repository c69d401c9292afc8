package org.pixelwise.head;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** A loss on per-pixel class logits, such as cross-entropy plus Dice. */
public interface PixelLoss {

	/**
	 * @param logits network output, [batch, h, w, channels]
	 * @param target one-hot targets of the same shape (0/1 with one channel for binary models)
	 * @param weights per-pixel weights, [batch, h, w]; 0 where unannotated
	 */
	Operand<TFloat32> build(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> target,
		Operand<TFloat32> weights, int channels);
}
