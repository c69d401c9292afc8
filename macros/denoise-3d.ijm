// Denoise z-stacks with Noise2Void in 3-D: the network learns from the noisy stacks alone (no
// clean images needed) and sees its neighbours along z as well as in the plane. The project
// folder holds noisy/ (z-stacks, TIFF, 8 or 16 bit). The model goes to model-3d/ and every
// stack, denoised, to denoised/<stack>_restored.tif, in its own type and calibration. The
// anisotropy (z step / pixel size) comes from the stacks' calibration unless the options say
// otherwise.
//
// Fiji:     run this macro; it asks for the project folder.
// Headless: java -jar plugins/pixelwise.jar -batch macros/denoise-3d.ijm "/path/to/project|epochs=20"
//           (anything after a '|' is added to the training options)
argument = getArgument();
extra = "";
if (indexOf(argument, "|") >= 0) {
	extra = " " + substring(argument, indexOf(argument, "|") + 1);
	argument = substring(argument, 0, indexOf(argument, "|"));
}
project = argument;
if (project == "") project = getDirectory("Choose the project folder (with noisy/)");
if (!endsWith(project, "/") && !endsWith(project, File.separator)) project = project + File.separator;
if (indexOf(extra, "epochs=") < 0) extra = extra + " epochs=20";
if (indexOf(extra, "patch_size=") < 0) extra = extra + " patch_size=64";
if (indexOf(extra, "batch_size=") < 0) extra = extra + " batch_size=4";
setBatchMode(true);
run("Pixelwise Train Restoration", "training_data=noise2void images=[" + project + "noisy] model=[" + project + "model-3d] scale=1 architecture=unet dimensions=3 loss=mse" + extra);
run("Pixelwise Restore Folder", "model=[" + project + "model-3d] input=[" + project + "noisy] output=[" + project + "denoised] output_type=[same as input]");
files = getFileList(project + "denoised");
print("denoised " + files.length + " z-stack(s) into " + project + "denoised");
