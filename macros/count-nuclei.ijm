// Count and measure the nuclei of the open image (or of a file) with the shipped model
// models/nuclei-fluorescence: one label per nucleus, then each nucleus's area and mean
// intensity in a CSV beside the image.
//
// Fiji:     open a DAPI/Hoechst image and run this macro; it asks for the model folder.
// Headless: java -jar plugins/pixelwise.jar -batch macros/count-nuclei.ijm "/path/image.tif|/path/models/nuclei-fluorescence"
argument = getArgument();
if (argument != "") {
	parts = split(argument, "|");
	open(parts[0]);
	model = parts[1];
} else {
	model = getDirectory("Choose the nuclei model folder (models/nuclei-fluorescence)");
}
setBatchMode(true);
image = getImageID();
directory = getInfo("image.directory");
title = getTitle();
run("Pixelwise Segment Image", "model=[" + model + "] show=instances");
instances = getImageID();
getStatistics(area, mean, min, max);
count = max;
// Area and mean intensity per nucleus: label k is the pixels of value k.
width = getWidth();
height = getHeight();
labels = newArray(width * height);
for (y = 0; y < height; y++)
	for (x = 0; x < width; x++)
		labels[y * width + x] = getPixel(x, y);
selectImage(image);
intensity = newArray(count + 1);
pixels = newArray(count + 1);
for (y = 0; y < height; y++) {
	for (x = 0; x < width; x++) {
		k = labels[y * width + x];
		if (k > 0) {
			intensity[k] = intensity[k] + getPixel(x, y);
			pixels[k] = pixels[k] + 1;
		}
	}
}
table = "nucleus,area_pixels,mean_intensity\n";
for (k = 1; k <= count; k++)
	if (pixels[k] > 0) table = table + k + "," + pixels[k] + "," + (intensity[k] / pixels[k]) + "\n";
if (directory != "") File.saveString(table, directory + File.getNameWithoutExtension(title) + "_nuclei.csv");
print(title + ": " + count + " nuclei");
