package org.pixelwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Users name losses in macros and YAML, so parsing and printing them must agree. */
class LossTest {

	private static void assertWeights(final double crossEntropy, final double dice, final String text) {
		final Loss loss = Loss.parse(text);
		assertEquals(crossEntropy, loss.crossEntropyWeight, 0, text + ": cross-entropy weight");
		assertEquals(dice, loss.diceWeight, 0, text + ": Dice weight");
	}

	@Test
	void namedLossesGetTheirWeights() {
		assertWeights(1, 0, "ce");
		assertWeights(1, 0, "bce");
		assertWeights(0, 1, "dice");
		assertWeights(1, 1, "ce+dice");
		assertWeights(0.5, 1, "0.5*ce+dice");
		assertWeights(1, 2, "ce + 2*dice");
		assertWeights(1, 1, "CE+Dice");
	}

	@Test
	void unknownLossIsRejectedWithTheAcceptedNames() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Loss
			.parse("focal"));
		assertTrue(e.getMessage().contains("'focal'"), e.getMessage());
		for (final String accepted : new String[] { "ce", "bce", "dice", "ce+dice" })
			assertTrue(e.getMessage().contains(accepted), e.getMessage() + " should name " + accepted);
	}

	@Test
	void unknownTermInASumIsRejected() {
		assertThrows(IllegalArgumentException.class, () -> Loss.parse("ce+focal"));
	}

	@Test
	void toStringParsesBackToTheSameWeights() {
		for (final String text : new String[] { "ce", "dice", "ce+dice", "0.5*ce+dice", "ce+0.25*dice",
			"3*ce", "0.1*dice" })
		{
			final Loss loss = Loss.parse(text);
			final Loss again = Loss.parse(loss.toString());
			assertEquals(loss.crossEntropyWeight, again.crossEntropyWeight, 0, text + " printed as " + loss);
			assertEquals(loss.diceWeight, again.diceWeight, 0, text + " printed as " + loss);
		}
	}
}
