package org.pixelwise.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pixelwise.SyntheticImages;
import org.pixelwise.net.FeatureEncoder;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The style loss: its Gram term is zero for an image against itself and grows with a different
 * texture; its total-variation term is zero on a flat image; its range term only counts values
 * outside [0, 1].
 */
class StyleLossTest {

	private static final int SIZE = 32;
	private static final FeatureEncoder SMALL = new FeatureEncoder(1, 8, 16, 32);

	private static float[] texture(final long seed) {
		final float[] pixels = SyntheticImages.texture(SIZE, seed).pixels.clone();
		for (int i = 0; i < pixels.length; i++)
			pixels[i] /= 255;
		return pixels;
	}

	private static float[] stripes() {
		final float[] v = new float[SIZE * SIZE];
		for (int i = 0; i < v.length; i++)
			v[i] = (i % SIZE) % 4 < 2 ? 0.9f : 0.1f;
		return v;
	}

	/** The Gram, TV and range parts for a prediction against a style image (no content term). */
	private static Map<String, Float> parts(final float[] styleImage, final float[] prediction) {
		final FeatureLoss base = new FeatureLoss(FeatureLoss.frozen(SMALL, SMALL.randomWeights(3)),
			FeatureLoss.defaultLayerWeights(SMALL.layerNames()), 0, 1);
		final FeatureLoss loss = base.withStyle(new FeatureLoss.Style(styleImage, new long[] { 1, SIZE,
			SIZE, 1 }, 0, 1), 1000, 0);
		try (Graph graph = new Graph()) {
			final Ops tf = Ops.create(graph);
			final Placeholder<TFloat32> p = FeatureLossTest.placeholder(tf, 1, SIZE, SIZE, 1);
			final FeatureLoss.Terms terms = loss.build(tf, p, p);
			final Map<Placeholder<TFloat32>, float[]> feeds = new LinkedHashMap<>();
			feeds.put(p, prediction);
			final List<float[]> values = FeatureLossTest.run(graph, feeds, terms.gram, terms.parts.get(
				"tv"), terms.parts.get("range"), terms.total);
			final Map<String, Float> out = new LinkedHashMap<>();
			out.put("gram", values.get(0)[0]);
			out.put("tv", values.get(1)[0]);
			out.put("range", values.get(2)[0]);
			out.put("total", values.get(3)[0]);
			return out;
		}
	}

	@Test
	void gramTermIsZeroAgainstItselfAndGrowsWithAnotherTexture() {
		final float[] style = texture(1);
		assertEquals(0, parts(style, style).get("gram"), 1e-6);
		final float sameKind = parts(style, texture(2)).get("gram");
		final float stripes = parts(style, stripes()).get("gram");
		assertTrue(stripes > 0 && stripes > sameKind, "another texture is farther (" + stripes +
			") than another crop of the same texture (" + sameKind + ")");
	}

	@Test
	void totalVariationAndRangeTerms() {
		final float[] flat = new float[SIZE * SIZE];
		java.util.Arrays.fill(flat, 0.5f);
		final Map<String, Float> onFlat = parts(stripes(), flat);
		assertEquals(0, onFlat.get("tv"), 1e-7, "a flat image does not vary");
		assertEquals(0, onFlat.get("range"), 1e-7, "nothing outside [0, 1]");
		final float[] over = flat.clone();
		for (int i = 0; i < over.length; i += 2)
			over[i] = 1.5f;
		// Half the pixels 0.5 above 1: mean excess 0.25, times the range weight.
		assertEquals(0.25 * FeatureLoss.RANGE_WEIGHT, parts(stripes(), over).get("range"), 1e-3);
		assertTrue(parts(stripes(), stripes()).get("tv") > 0.3, "stripes vary");
	}
}
