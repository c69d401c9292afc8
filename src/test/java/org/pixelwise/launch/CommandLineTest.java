package org.pixelwise.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CommandLineTest {

	@Test
	void quotedValuesKeepCommasAndSpaces() {
		final Map<String, String> expected = new LinkedHashMap<>();
		expected.put("model", "/x/y");
		expected.put("input", "/a b, c");
		expected.put("output", "/c d, e");
		expected.put("name", "say \"hi\"");
		expected.put("threshold", "0.5");
		expected.put("windows", "C:\\data");
		assertEquals(expected, CommandLine.runOptions(
			"model='/x/y',input='/a b, c', output=[/c d, e],name=\"say \\\"hi\\\"\",threshold=0.5 ,windows='C:\\data'"));
	}

	@Test
	void macroOptionsReadPlainAndBracketedValues() {
		final Map<String, String> expected = new LinkedHashMap<>();
		expected.put("model", "/a b/m");
		expected.put("threshold", "0.5");
		expected.put("shout", "true");
		final List<String> names = List.of("model", "threshold", "shout", "other");
		assertEquals(expected, CommandLine.macroOptions("X", "model=[/a b/m] threshold=0.5 shout=true ",
			names));
		assertEquals(new LinkedHashMap<>(), CommandLine.macroOptions("X", null, names));
	}

	@Test
	void malformedOptionsAreRejected() {
		assertThrows(IllegalArgumentException.class, () -> CommandLine.runOptions("model"));
		assertThrows(IllegalArgumentException.class, () -> CommandLine.runOptions("model='/x"));
		assertThrows(IllegalArgumentException.class, () -> CommandLine.runOptions("a=1,a=2"));
		assertThrows(IllegalArgumentException.class, () -> CommandLine.runOptions("a='1' b=2"));
		assertThrows(IllegalArgumentException.class, () -> CommandLine.macroOptions("X", "model=[/x",
			List.of("model")));
	}
}
