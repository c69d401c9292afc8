package org.pixelwise.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pixelwise.data.LabelMode;
import org.pixelwise.data.LabelSettings;
import org.pixelwise.data.PercentileNormalisation;
import org.pixelwise.model.ModelDescription;
import org.pixelwise.net.UNetConfig;

/** Heads are chosen by name and come back from a model's description, old ones included. */
class HeadsTest {

	@Test
	void descriptionsKeepTheHeadAndNormalisationScope() {
		final StarConvexHead star = new StarConvexHead(16, 0.3);
		final ModelDescription d = new ModelDescription("n", UNetConfig.defaults(1, 17),
			LabelMode.INSTANCES, 3, LabelSettings.NO_IGNORE, 1, 99.8, new PercentileNormalisation(0,
				255), 0.6, star.toMap(), new LinkedHashMap<>(), new ArrayList<>())
					.withPerImageNormalisation(true);
		final ModelDescription back = ModelDescription.fromMap(d.toMap());
		final Head head = back.head(null);
		assertTrue(head instanceof StarConvexHead);
		assertEquals(16, ((StarConvexHead) head).rays);
		assertEquals(0.3, ((StarConvexHead) head).overlap);
		assertTrue(back.perImageNormalisation);
		assertEquals(0.6, back.threshold);
	}

	@Test
	void modelsSavedBeforeHeadsGetThePixelClassHeadOfTheirLabelMode() {
		final ModelDescription d = new ModelDescription("old", UNetConfig.defaults(1, 3),
			LabelMode.INSTANCES, 3, LabelSettings.NO_IGNORE, 1, 99.8, new PercentileNormalisation(0,
				1), 0.5, new LinkedHashMap<>(), new ArrayList<>());
		final Map<String, Object> map = d.toMap();
		assertFalse(map.containsKey("head"));
		final ModelDescription back = ModelDescription.fromMap(map);
		assertEquals(PixelClassHead.KEY, back.head(null).key());
		assertEquals(3, back.head(null).outputChannels());
		assertFalse(back.perImageNormalisation);
	}

	@Test
	void unknownHeadsAndWrongLabelsAreRefusedWithTheFix() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Heads
			.forTraining("stardust", LabelMode.INSTANCES, 3, null));
		assertTrue(e.getMessage().contains("pixel-classes or star-convex"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Heads.forTraining("star-convex",
			LabelMode.CLASSES, 3, null));
		assertTrue(e.getMessage().contains("label_mode=instances"), e.getMessage());
		assertEquals(33, Heads.forTraining("Star Convex", LabelMode.INSTANCES, 3, null)
			.outputChannels());
		assertEquals(1, Heads.forTraining("pixel-classes", LabelMode.BINARY, 2, null)
			.outputChannels());
		final Map<String, Object> future = new LinkedHashMap<>();
		future.put("kind", "flows");
		e = assertThrows(IllegalArgumentException.class, () -> Heads.fromMap(future,
			LabelMode.INSTANCES, 3, null));
		assertTrue(e.getMessage().contains("update Pixelwise"), e.getMessage());
	}
}
