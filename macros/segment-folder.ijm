// Segment every image in a folder with a Pixelwise model. For each input it writes
// NAME_probabilities.tif, NAME_labels.tif and, for object models, NAME_instances.tif.
// Resumable: rerun it after an interruption and finished images are skipped.
//
// Fiji:     run this macro; it asks for the model, input and output folders.
// Headless: java -jar plugins/pixelwise.jar -batch macros/segment-folder.ijm "/path/model|/path/in|/path/out"
argument = getArgument();
if (argument != "") {
	parts = split(argument, "|");
	model = parts[0];
	input = parts[1];
	output = parts[2];
} else {
	model = getDirectory("Choose the Pixelwise model folder");
	input = getDirectory("Choose the folder of images to segment");
	output = getDirectory("Choose the output folder");
}
run("Pixelwise Segment Folder", "model=[" + model + "] input=[" + input + "] output=[" + output + "]");
print("segmented " + input + " into " + output);
