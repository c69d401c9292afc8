package org.pixelwise.bench;

/**
 * How much to measure: the full run, whose figures go into reports, or a quick run that
 * checks the benchmark works and gives rough numbers. Both time the same shapes where a shape
 * is cheap; the quick run swaps the large images for smaller ones (1024 x 1024 whole, 2048 x
 * 2048 tiled).
 */
final class Plan {

	/** About ten minutes on two cores. */
	static final Plan FULL = new Plan(3, 2, 5, 4096, 40, 8192, 2048, 6);
	/** Under two minutes on two cores. */
	static final Plan QUICK = new Plan(2, 1, 2, 1024, 12, 2048, 1024, 3);

	/** Times Pixelwise and the peer alternate on each group. */
	final int rounds;
	/** Untimed runs before the timed ones, in each round. */
	final int warmup;
	/** Timed runs in each round; the round's figure is their median. */
	final int repeats;
	/** The side of the large whole-image inference. */
	final int largeImage;
	/** Steps of the end-to-end training run. */
	final int trainingSteps;
	/** The side of the tiled-prediction image. */
	final int tiledImage;
	/** The side and number of the images of the Segment Folder run. */
	final int folderImage, folderImages;

	private Plan(final int rounds, final int warmup, final int repeats, final int largeImage,
		final int trainingSteps, final int tiledImage, final int folderImage, final int folderImages)
	{
		this.folderImage = folderImage;
		this.folderImages = folderImages;
		this.rounds = rounds;
		this.warmup = warmup;
		this.repeats = repeats;
		this.largeImage = largeImage;
		this.trainingSteps = trainingSteps;
		this.tiledImage = tiledImage;
	}
}
