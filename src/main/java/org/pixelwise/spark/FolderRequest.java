package org.pixelwise.spark;

import java.io.File;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;

import org.pixelwise.device.Device;

/**
 * A Segment Folder or Restore Folder request, as its options were read and range-checked by
 * the command's own parameters (see {@code CommandRunner#inputs}); small enough to send to
 * every executor.
 */
public final class FolderRequest implements Serializable {

	private static final long serialVersionUID = 1L;

	public enum Kind {
		SEGMENT("Pixelwise Segment Folder", "segmented"), RESTORE("Pixelwise Restore Folder",
			"restored");

		public final String label;
		/** The verb of the progress lines. */
		public final String done;

		Kind(final String label, final String done) {
			this.label = label;
			this.done = done;
		}

		static Kind of(final String label) {
			for (final Kind kind : values())
				if (kind.label.equals(label)) return kind;
			throw new IllegalArgumentException(String.format(Locale.ROOT,
				"Spark runs '%s' and '%s', not '%s'", SEGMENT.label, RESTORE.label, label));
		}
	}

	public final Kind kind;
	public final String model;
	public final String input;
	public final String output;
	public final int tileSize;
	public final int batchSize;
	public final String device;
	public final String precision;
	public final boolean allowRiskyOps;
	/** Segmentation only: NaN = the model's own. */
	public final double threshold;
	/** Segmentation only. */
	public final boolean testTimeAugmentation;
	/** Restoration only. */
	public final boolean sameTypeAsInput;

	private FolderRequest(final Kind kind, final Map<String, Object> in) {
		this.kind = kind;
		model = ((File) in.get("model")).getAbsolutePath();
		input = ((File) in.get("input")).getAbsolutePath();
		output = ((File) in.get("output")).getAbsolutePath();
		tileSize = (Integer) in.get("tile_size");
		batchSize = (Integer) in.get("batch_size");
		device = (String) in.get("device");
		precision = in.get("precision") == null ? "float32" : (String) in.get("precision");
		allowRiskyOps = Boolean.TRUE.equals(in.get("allow_risky_ops"));
		final Object t = in.get("threshold");
		threshold = t == null || ((Number) t).doubleValue() < 0 ? Double.NaN : ((Number) t)
			.doubleValue();
		testTimeAugmentation = Boolean.TRUE.equals(in.get("test_time_augmentation"));
		sameTypeAsInput = !"32-bit".equals(in.get("output_type"));
	}

	/**
	 * @param label the command's label
	 * @param inputs the command's inputs by option name, as the command would run with them
	 */
	public static FolderRequest of(final String label, final Map<String, Object> inputs) {
		return new FolderRequest(Kind.of(label), inputs);
	}

	/** Whether Spark can run this command label. */
	public static boolean runs(final String label) {
		for (final Kind kind : Kind.values())
			if (kind.label.equals(label)) return true;
		return false;
	}

	public Device device() {
		return Device.parse(device).withPrecision(precision);
	}
}
