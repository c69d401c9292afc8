// Share a Pixelwise model as a bioimage.io package, then import and test it as a receiver would.
//
// Fiji:     run this macro; it asks for the model folder and where to put the package.
// Headless: java -jar plugins/pixelwise.jar -batch macros/share-model.ijm "/path/model|/path/out"
//           writes /path/out/model.zip and imports it into /path/out/imported
argument = getArgument();
if (argument != "") {
	parts = split(argument, "|");
	model = parts[0];
	out = parts[1];
} else {
	model = getDirectory("Choose the Pixelwise model folder");
	out = getDirectory("Choose a folder for the package");
}
if (!endsWith(out, File.separator)) out = out + File.separator;
zip = out + "model.zip";
run("Pixelwise Export Model", "model=[" + model + "] zip=[" + zip + "] authors=[A. Microscopist] license=CC-BY-4.0");
run("Pixelwise Import Model", "source=[" + zip + "] destination=[" + out + "imported] device=cpu");
run("Pixelwise Test Model", "model=[" + out + "imported] device=cpu");
print("shared " + model + " as " + zip + "; the imported copy reproduces its test output");
