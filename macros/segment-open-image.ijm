// Segment the open image with a Pixelwise model, then measure the objects found.
//
// Fiji:     open an image, run this macro; it asks for the model folder.
// Headless: java -jar plugins/pixelwise.jar -batch macros/segment-open-image.ijm "/path/image.tif|/path/model"
//           (the image is opened first, then segmented; the label image is saved beside it)
argument = getArgument();
model = "";
if (argument != "") {
	parts = split(argument, "|");
	open(parts[0]);
	model = parts[1];
}
if (nImages == 0) exit("open an image to segment first");
if (model == "") model = getDirectory("Choose the Pixelwise model folder");
source = getTitle();
directory = getDirectory("image");
run("Pixelwise Segment Image", "model=[" + model + "] threshold=0.5 show=[probabilities and labels]");
base = File.getNameWithoutExtension(source);
selectImage(base + "_labels");
getStatistics(area, mean, min, max);
print(source + ": foreground fraction " + d2s(mean, 4) + " (labels 0.." + max + ")");
if (directory != "") saveAs("Tiff", directory + base + "_labels.tif");
