package org.pixelwise.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pixelwise.bioimage.ProcessingStep;
import org.pixelwise.net.RestorationConfig;

/**
 * What a Pixelwise model states about itself in its bioimage.io package, derived from its
 * Pixelwise description: tensor names, channels, the size grid, halo, scale, the processing
 * that turns raw pixels into network input and back, citations and tags.
 */
final class PackageFacts {

	final String kind;
	final String inputId = InferenceExport.INPUT, outputId;
	final int inputChannels, outputChannels, sizeMultiple, radius, scale;
	/** 2, or 3 for volumes, which have a z axis with its own size step and halo. */
	int dimensions = 2, zMultiple = 1, zRadius;
	final List<ProcessingStep> preprocessing = new ArrayList<>(), postprocessing = new ArrayList<>();
	final List<String> outputChannelNames = new ArrayList<>();
	final List<Map<String, Object>> cite = new ArrayList<>();
	final List<String> tags = new ArrayList<>();

	private PackageFacts(final String kind, final String outputId, final int inputChannels,
		final int outputChannels, final int sizeMultiple, final int radius, final int scale)
	{
		this.kind = kind;
		this.outputId = outputId;
		this.inputChannels = inputChannels;
		this.outputChannels = outputChannels;
		this.sizeMultiple = sizeMultiple;
		this.radius = radius;
		this.scale = scale;
		tags.add("pixelwise");
		tags.add("tensorflow");
	}

	static PackageFacts of(final Map<?, ?> description) {
		if (RestorationModel.FORMAT.equals(description.get("format"))) return restoration(description);
		return segmentation(ModelDescription.fromMap(description));
	}

	private static PackageFacts segmentation(final ModelDescription d) {
		final PackageFacts f = new PackageFacts("segmentation", SegmentationModel.PROBABILITIES,
			d.network.inputChannels, d.network.outputChannels, d.network.sizeMultiple(), d.network
				.receptiveFieldRadius(), 1);
		final double low = d.normalisation.low, high = d.normalisation.high;
		final double range = high > low ? high - low : 1;
		f.preprocessing.add(new ProcessingStep("ensure_dtype", Map.of("dtype", "float32")));
		if (d.perImageNormalisation) {
			final Map<String, Object> kwargs = new java.util.LinkedHashMap<>();
			kwargs.put("mode", "per_sample");
			kwargs.put("axes", d.network.dimensions == 3 ? "zyx" : "xy");
			kwargs.put("min_percentile", d.lowPercentile);
			kwargs.put("max_percentile", d.highPercentile);
			f.preprocessing.add(new ProcessingStep("scale_range", kwargs));
		}
		else f.preprocessing.add(new ProcessingStep("scale_linear", linear(1 / range, -low / range)));
		final org.pixelwise.head.Head head = d.head(null);
		if (head instanceof org.pixelwise.head.StarConvexHead) {
			f.outputChannelNames.add("object_probability");
			for (int k = 1; k < d.network.outputChannels; k++)
				f.outputChannelNames.add("ray" + (k - 1) + "_distance");
			f.cite.add(citation("Schmidt, Weigert, Broaddus, Myers. Cell detection with star-convex " +
				"polygons. MICCAI 2018", "10.1007/978-3-030-00934-2_30", null));
			f.tags.addAll(List.of("instance-segmentation", "nuclei", "stardist"));
		}
		else if (d.network.outputChannels == 1) f.outputChannelNames.add("foreground");
		else if (d.labelMode == org.pixelwise.data.LabelMode.INSTANCES) f.outputChannelNames.addAll(List
			.of("background", "interior", "boundary"));
		else for (int c = 0; c < d.network.outputChannels; c++)
			f.outputChannelNames.add("class" + c);
		f.cite.add(citation("Ronneberger, Fischer, Brox. U-Net: Convolutional networks for " +
			"biomedical image segmentation. MICCAI 2015", "10.1007/978-3-319-24574-4_28", null));
		if (d.network.dimensions == 3) {
			f.dimensions = 3;
			f.zMultiple = d.network.zSizeMultiple();
			f.zRadius = d.network.zReceptiveFieldRadius();
			f.cite.add(citation("Çiçek, Abdulkadir, Lienkamp, Brox, Ronneberger. 3D U-Net: learning " +
				"dense volumetric segmentation from sparse annotation. MICCAI 2016",
				"10.1007/978-3-319-46723-8_49", null));
			f.tags.addAll(List.of("segmentation", "unet3d", "3d"));
		}
		else f.tags.addAll(List.of("segmentation", "unet2d", "2d"));
		return f;
	}

	private static PackageFacts restoration(final Map<?, ?> d) {
		final RestorationConfig n = RestorationConfig.fromMap((Map<?, ?>) d.get("network"));
		final PackageFacts f = new PackageFacts("restoration", RestorationModel.RESTORED, n.channels,
			n.channels, n.sizeMultiple(), n.receptiveFieldRadius(), n.scale);
		final double range = ((Number) d.get("value_range")).doubleValue();
		f.preprocessing.add(new ProcessingStep("ensure_dtype", Map.of("dtype", "float32")));
		f.preprocessing.add(new ProcessingStep("scale_linear", linear(1 / range, 0)));
		f.postprocessing.add(new ProcessingStep("scale_linear", linear(range, 0)));
		f.outputChannelNames.addAll(channelNames(n.channels));
		f.cite.add(citation("Shi et al. Real-time single image and video super-resolution using an " +
			"efficient sub-pixel convolutional neural network. CVPR 2016", "10.1109/CVPR.2016.207", null));
		if (n.architecture == RestorationConfig.Architecture.EDSR) f.cite.add(citation("Lim et al. " +
			"Enhanced deep residual networks for single image super-resolution. CVPRW 2017",
			"10.1109/CVPRW.2017.151", null));
		if (n.architecture == RestorationConfig.Architecture.UNET) f.cite.add(citation("Ronneberger, " +
			"Fischer, Brox. U-Net. MICCAI 2015", "10.1007/978-3-319-24574-4_28", null));
		f.cite.add(citation("Aitken et al. Checkerboard artifact free sub-pixel convolution (ICNR). " +
			"arXiv 2017", null, "https://arxiv.org/abs/1707.02937"));
		if (n.dimensions == 3) {
			f.dimensions = 3;
			f.zMultiple = n.zSizeMultiple();
			f.zRadius = n.zReceptiveFieldRadius();
			f.cite.add(citation("Weigert et al. Content-aware image restoration: pushing the limits of " +
				"fluorescence microscopy. Nature Methods 2018", "10.1038/s41592-018-0216-7", null));
		}
		f.tags.addAll(List.of(n.scale > 1 ? "super-resolution" : "denoising", "restoration",
			n.dimensions == 3 ? "3d" : "2d", n.architecture.name().toLowerCase()));
		return f;
	}

	/**
	 * Smallest input side the package declares: room for the halo on both sides plus a step.
	 * For volumes 64 pixels (a few steps) instead: a 3-D network's halo on both sides would
	 * make test tensors of tens of megabytes, written at every checkpoint; the halo is declared
	 * on the output, and tiles read it.
	 */
	int minimumSize() {
		if (dimensions == 3) return (Math.max(64, sizeMultiple) + sizeMultiple - 1) / sizeMultiple *
			sizeMultiple;
		final int needed = 2 * radius + sizeMultiple;
		return (needed + sizeMultiple - 1) / sizeMultiple * sizeMultiple;
	}

	/**
	 * Planes of a volume's test tensor: a few z steps, not the whole halo, because the test
	 * runs at every checkpoint and a 3-D network's halo in z would make it slow.
	 */
	int testDepth() {
		return dimensions == 3 ? zMultiple * Math.max(1, (8 + zMultiple - 1) / zMultiple) : 1;
	}

	static List<String> channelNames(final int channels) {
		if (channels == 3) return List.of("red", "green", "blue");
		final List<String> names = new ArrayList<>();
		for (int c = 0; c < channels; c++)
			names.add("channel" + c);
		return names;
	}

	private static Map<String, Object> linear(final double gain, final double offset) {
		final Map<String, Object> k = new LinkedHashMap<>();
		k.put("gain", gain);
		k.put("offset", offset);
		return k;
	}

	private static Map<String, Object> citation(final String text, final String doi,
		final String url)
	{
		final Map<String, Object> c = new LinkedHashMap<>();
		c.put("text", text);
		if (doi != null) c.put("doi", doi);
		if (url != null) c.put("url", url);
		return c;
	}
}
