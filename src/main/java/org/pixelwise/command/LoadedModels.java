package org.pixelwise.command;

import java.io.File;
import java.io.IOException;

import org.pixelwise.device.Device;
import org.pixelwise.model.ModelCache;
import org.pixelwise.model.RestorationModel;
import org.pixelwise.model.SegmentationModel;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.SciJavaService;
import org.scijava.service.Service;

/**
 * The models loaded in this Fiji session, shared by every Pixelwise command: a macro that
 * segments a hundred images one {@code run(...)} at a time loads its model once. Two models
 * stay loaded (the last used); "Pixelwise Release Models" frees them, and so does a Java heap
 * more than 80% full before another model is loaded. A {@link SciJavaService}, so Fiji's
 * gateway starts it.
 */
@Plugin(type = Service.class)
public class LoadedModels extends AbstractService implements SciJavaService {

	private static final int CAPACITY = 2;
	private static final double HEAP_PRESSURE = 0.8;

	private final ModelCache cache = new ModelCache(CAPACITY);

	public ModelCache.Lease<SegmentationModel> segmentation(final File model, final Device device,
		final boolean allowRiskyOps) throws IOException
	{
		relieveMemory();
		return cache.lease(model.toPath(), device, "segmentation" + (allowRiskyOps ? ", risky ops"
			: ""), () -> SegmentationModel.load(model.toPath(), device, allowRiskyOps));
	}

	public ModelCache.Lease<RestorationModel> restoration(final File model, final Device device,
		final boolean allowRiskyOps) throws IOException
	{
		relieveMemory();
		return cache.lease(model.toPath(), device, "restoration" + (allowRiskyOps ? ", risky ops"
			: ""), () -> RestorationModel.load(model.toPath(), device, allowRiskyOps));
	}

	/** From {@code shared}, or loaded for this use only when a context has no LoadedModels. */
	static ModelCache.Lease<SegmentationModel> segmentation(final LoadedModels shared,
		final File model, final Device device, final boolean allowRiskyOps) throws IOException
	{
		return shared != null ? shared.segmentation(model, device, allowRiskyOps) : ModelCache
			.unshared(() -> SegmentationModel.load(model.toPath(), device, allowRiskyOps));
	}

	static ModelCache.Lease<RestorationModel> restoration(final LoadedModels shared,
		final File model, final Device device, final boolean allowRiskyOps) throws IOException
	{
		return shared != null ? shared.restoration(model, device, allowRiskyOps) : ModelCache
			.unshared(() -> RestorationModel.load(model.toPath(), device, allowRiskyOps));
	}

	/** Closes the models no command is using; returns how many. */
	public int release() {
		return cache.releaseIdle();
	}

	public int size() {
		return cache.size();
	}

	private void relieveMemory() {
		final Runtime r = Runtime.getRuntime();
		if (r.totalMemory() - r.freeMemory() > HEAP_PRESSURE * r.maxMemory()) cache.releaseIdle();
	}

	@Override
	public void dispose() {
		cache.close();
	}
}
