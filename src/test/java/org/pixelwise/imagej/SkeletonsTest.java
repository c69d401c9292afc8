package org.pixelwise.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.pixelwise.data.ConnectedComponents;
import org.pixelwise.metrics.RandInfoScores;

class SkeletonsTest {

	/**
	 * A grid of cells with three-pixel membranes that run to the image edges: thinned, every
	 * cell is still closed (ImageJ's skeletonize leaves the edge pixels alone, which opened them).
	 */
	@Test
	void thinningKeepsCellsClosedUpToTheEdges() {
		final int w = 64, h = 64;
		final boolean[] membrane = new boolean[w * h];
		final boolean[] inside = new boolean[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				membrane[y * w + x] = x % 16 < 3 || y % 16 < 3;
				inside[y * w + x] = !membrane[y * w + x];
			}
		final boolean[] thin = Skeletons.thin(membrane, w, h);
		int thinPixels = 0, wide = 0;
		final boolean[] segments = new boolean[thin.length];
		for (int i = 0; i < thin.length; i++) {
			segments[i] = !thin[i];
			if (thin[i]) thinPixels++;
			if (membrane[i]) wide++;
		}
		final int[] truth = ConnectedComponents.label(inside, w, h);
		final RandInfoScores s = RandInfoScores.of(ConnectedComponents.label(segments, w, h), truth);
		assertEquals(1, s.vRand, 1e-9, s.toString());
		assertEquals(1, s.vInfo, 1e-9, s.toString());
		assertEquals(true, thinPixels < wide / 2, thinPixels + " of " + wide);
	}
}
