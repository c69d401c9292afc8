package org.pixelwise.imagej;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.gui.PlotWindow;

/**
 * The training curve as an ImageJ plot: training and validation loss, and the validation
 * score (Dice for segmentation, SSIM for restoration, whose PSNR has another scale), per epoch. It is saved beside every model as a PNG, and while training in a desktop Fiji it
 * is also shown live, updated after each epoch (never when headless).
 */
public final class TrainingCurve {

	private PlotWindow window;

	/** Draws the plot for a training history (rows with epoch, loss, val_loss, val_dice). */
	public static Plot plot(final String title, final List<Map<String, Object>> history) {
		final int n = history.size();
		final String score = n > 0 && history.get(0).containsKey("val_dice") ? "val_dice" : "val_ssim";
		final double[] epochs = new double[n], loss = new double[n], validation = new double[n],
			dice = new double[n];
		for (int i = 0; i < n; i++) {
			final Map<String, Object> row = history.get(i);
			epochs[i] = number(row, "epoch");
			loss[i] = number(row, "loss");
			validation[i] = number(row, "val_loss");
			dice[i] = number(row, score);
		}
		final String name = score.equals("val_dice") ? "Dice" : "SSIM";
		final Plot plot = new Plot(title, "epoch", "loss / " + name);
		plot.setColor(Color.BLUE);
		plot.addPoints(epochs, loss, Plot.LINE);
		plot.setColor(Color.RED);
		plot.addPoints(epochs, validation, Plot.LINE);
		plot.setColor(new Color(0, 150, 0));
		plot.addPoints(epochs, dice, Plot.LINE);
		plot.setColor(Color.BLACK);
		plot.addLegend("training loss\tvalidation loss\tvalidation " + name);
		double top = 0;
		for (int i = 0; i < n; i++)
			for (final double v : new double[] { loss[i], validation[i], dice[i] })
				if (Double.isFinite(v)) top = Math.max(top, v);
		plot.setLimits(1, Math.max(2, n), 0, top > 0 ? top * 1.05 : 1);
		return plot;
	}

	public static void savePng(final String title, final List<Map<String, Object>> history,
		final Path file) throws IOException
	{
		final ImagePlus image = plot(title, history).getImagePlus();
		ImageFiles.savePng(image, file);
	}

	/** Shows or updates the live chart; does nothing when headless. */
	public void show(final String title, final List<Map<String, Object>> history) {
		if (GraphicsEnvironment.isHeadless() || history.isEmpty()) return;
		final Plot plot = plot(title, history);
		if (window == null || window.isClosed()) window = plot.show();
		else window.drawPlot(plot);
	}

	private static double number(final Map<String, Object> row, final String key) {
		final Object v = row.get(key);
		return v instanceof Number ? ((Number) v).doubleValue() : Double.NaN;
	}
}
