// Train a 3-D U-Net on z-stacks of nuclei and segment a z-stack with it: every nucleus gets
// one label in 3-D, not one per slice. The project folder holds stacks/ (z-stacks, TIFF) and
// labels/ (label stacks of the same names: 0 = background, one id per nucleus). The model goes
// to model/ and the instance labels of the first stack to segmented/<stack>_instances.tif,
// with the stack's calibration. The anisotropy (z step / pixel size) comes from the stacks'
// calibration unless the options say otherwise.
//
// Fiji:     run this macro; it asks for the project folder.
// Headless: java -jar plugins/pixelwise.jar -batch macros/nuclei-3d.ijm "/path/to/project|epochs=10"
//           (anything after a '|' is added to the training options)
argument = getArgument();
extra = "";
if (indexOf(argument, "|") >= 0) {
	extra = " " + substring(argument, indexOf(argument, "|") + 1);
	argument = substring(argument, 0, indexOf(argument, "|"));
}
project = argument;
if (project == "") project = getDirectory("Choose the project folder (with stacks/ and labels/)");
if (!endsWith(project, "/") && !endsWith(project, File.separator)) project = project + File.separator;
if (indexOf(extra, "epochs=") < 0) extra = extra + " epochs=20";
setBatchMode(true);
run("Pixelwise Train Segmentation", "training_data=folders images=[" + project + "stacks] labels=[" + project + "labels] model=[" + project + "model] label_mode=instances dimensions=3" + extra);
files = getFileList(project + "stacks");
open(project + "stacks" + File.separator + files[0]);
title = getTitle();
run("Pixelwise Segment Image", "model=[" + project + "model] show=instances");
getDimensions(width, height, channels, slices, frames);
Stack.getStatistics(voxels, mean, min, max);
File.makeDirectory(project + "segmented");
saveAs("Tiff", project + "segmented" + File.separator + replace(title, ".tif", "") + "_instances.tif");
print("found " + max + " nuclei in " + slices + " slices of " + title);
