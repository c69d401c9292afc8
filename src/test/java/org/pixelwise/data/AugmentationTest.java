package org.pixelwise.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AugmentationTest {

	@Test
	void withMethodsChangeOnlyTheirSetting() {
		final Augmentation changed = Augmentation.defaults().withElasticSigma(4).withFlips(false);
		assertEquals(4, changed.elasticSigma, 0);
		assertFalse(changed.flips);
		assertTrue(changed.rot90);
		assertTrue(changed.elastic);
		assertEquals(Augmentation.defaults().scaleMax, changed.scaleMax, 0);
		assertEquals(Augmentation.defaults().noiseStdMax, changed.noiseStdMax, 0);
	}

	@Test
	void noneTurnsEverythingOff() {
		final Augmentation none = Augmentation.none();
		assertFalse(none.flips || none.rot90 || none.elastic);
		assertEquals(1, none.scaleMin, 0);
		assertEquals(1, none.scaleMax, 0);
		assertEquals(0, none.shiftMax, 0);
		assertEquals(0, none.noiseStdMax, 0);
	}

	@Test
	void reversedIntensityRangeIsRejected() {
		assertThrows(IllegalArgumentException.class,
				() -> Augmentation.defaults().withIntensityScale(1.1, 0.9));
		assertThrows(IllegalArgumentException.class,
				() -> Augmentation.defaults().withElasticProbability(1.5));
	}
}
