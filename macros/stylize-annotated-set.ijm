// Render an annotated image set in the look of another microscope (nucleAIzer's use of style
// transfer): train a style model on the annotated images and a few images in the wanted look,
// then stylize the set. The output folder then holds images/ (stylized, same names and types)
// and labels/ (the label images, copied unchanged), ready for Pixelwise Train Segmentation.
//
// Fiji:     run this macro; it asks for the folders.
// Headless: java -jar plugins/pixelwise.jar -batch macros/stylize-annotated-set.ijm "/images|/labels|/look|/model|/output[|extra training keys]"
argument = getArgument();
extra = "";
if (argument != "") {
	parts = split(argument, "|");
	images = parts[0];
	labels = parts[1];
	look = parts[2];
	model = parts[3];
	output = parts[4];
	if (parts.length > 5) extra = " " + parts[5];
} else {
	images = getDirectory("Choose the folder of annotated images");
	labels = getDirectory("Choose the folder of their label images");
	look = getDirectory("Choose a folder of images in the wanted look");
	model = getDirectory("Choose a folder for the style model");
	output = getDirectory("Choose the output folder");
}
run("Pixelwise Train Style Transfer", "images=[" + images + "] style=[" + look + "] model=[" + model + "]" + extra);
run("Pixelwise Stylize Folder", "model=[" + model + "] input=[" + images + "] labels=[" + labels + "] output=[" + output + "]");
print("stylized " + images + " into " + output + "images, labels in " + output + "labels");
