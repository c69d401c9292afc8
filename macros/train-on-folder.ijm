// Train a Pixelwise segmentation model on a project folder that holds images/ and labels/
// (label images with the same file names: 0 = background, nonzero = object). The model is
// written to model/ in the same folder, with its training curve.
//
// Fiji:     open this macro and run it; it asks for the project folder.
// Headless: java -jar plugins/pixelwise.jar -batch macros/train-on-folder.ijm /path/to/project
//           (anything after a '|' is added to the options, e.g. "/path/to/project|epochs=5")
argument = getArgument();
extra = "";
if (indexOf(argument, "|") >= 0) {
	extra = " " + substring(argument, indexOf(argument, "|") + 1);
	argument = substring(argument, 0, indexOf(argument, "|"));
}
project = argument;
if (project == "") project = getDirectory("Choose the project folder (with images/ and labels/)");
if (!endsWith(project, "/") && !endsWith(project, File.separator)) project = project + File.separator;
if (indexOf(extra, "epochs=") < 0) extra = extra + " epochs=20";
run("Pixelwise Train Segmentation", "training_data=folders images=[" + project + "images] labels=[" + project + "labels] model=[" + project + "model] label_mode=binary" + extra);
print("model written to " + project + "model");
