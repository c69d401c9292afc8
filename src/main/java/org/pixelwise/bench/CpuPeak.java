package org.pixelwise.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CPU's nominal fp32 peak, cores x GHz x FLOP per cycle, read from /proc/cpuinfo, so
 * that achieved GFLOP/s can be put next to what the machine could do at best. FLOP per
 * cycle is two FMA units x SIMD lanes x 2 (an FMA is a multiply and an add): 64 with
 * AVX-512, 32 with AVX2 and FMA. AMD Zen 4 (family 25 with AVX-512) runs 512-bit FMAs on two
 * 256-bit pipes, so it gets 32; Zen 1 (family 23 below model 0x30) has 128-bit pipes, 16. Some
 * Intel Xeons have a single 512-bit FMA unit, which the flags do not reveal: their peak is
 * half of what is printed. The clock is the nominal (base) one; turbo can exceed it, so an
 * achieved share above 100% means the clock was higher, not that the count is wrong.
 */
final class CpuPeak {

	final int cores;
	final double gigahertz;
	final int flopPerCycle;
	/** How each factor was found, for the benchmark's output. */
	final String derivation;

	private CpuPeak(final int cores, final double gigahertz, final int flopPerCycle,
		final String derivation)
	{
		this.cores = cores;
		this.gigahertz = gigahertz;
		this.flopPerCycle = flopPerCycle;
		this.derivation = derivation;
	}

	double gflops() {
		return cores * gigahertz * flopPerCycle;
	}

	/**
	 * The peak of this machine, or null where /proc/cpuinfo cannot be read (not Linux) or shows
	 * no x86 SIMD flags (an ARM CPU, whose units this class does not know).
	 */
	static CpuPeak of(final int usableThreads) {
		final List<String> lines;
		try {
			lines = Files.readAllLines(Paths.get("/proc/cpuinfo"));
		}
		catch (final IOException e) {
			return null;
		}
		final Set<String> physicalCores = new HashSet<>();
		int processors = 0;
		String physical = "0", flags = "", vendor = "", model = "";
		int family = 0, modelNumber = 0;
		double mhz = 0;
		for (final String line : lines) {
			final int colon = line.indexOf(':');
			if (colon < 0) continue;
			final String key = line.substring(0, colon).trim(), value = line.substring(colon + 1).trim();
			switch (key) {
				case "processor":
					processors++;
					break;
				case "physical id":
					physical = value;
					break;
				case "core id":
					physicalCores.add(physical + "/" + value);
					break;
				case "flags":
					flags = " " + value + " ";
					break;
				case "vendor_id":
					vendor = value;
					break;
				case "model name":
					model = value;
					break;
				case "cpu family":
					family = Integer.parseInt(value);
					break;
				case "model":
					modelNumber = Integer.parseInt(value);
					break;
				case "cpu MHz":
					mhz = Math.max(mhz, Double.parseDouble(value));
					break;
				default:
			}
		}
		// Hyperthreads share their core's FMA units, so the peak counts physical cores, and
		// only those this process may use.
		final int physicalCount = physicalCores.isEmpty() ? processors : physicalCores.size();
		final int cores = Math.max(1, Math.min(physicalCount, usableThreads));
		final String coreSource = cores + " cores (" + physicalCount + " physical, " + usableThreads +
			" usable)";
		double ghz = baseClock();
		String clockSource = "cpufreq base_frequency";
		if (Double.isNaN(ghz)) {
			final Matcher m = Pattern.compile("@\\s*([0-9.]+)\\s*GHz").matcher(model);
			if (m.find()) {
				ghz = Double.parseDouble(m.group(1));
				clockSource = "model name '" + model + "'";
			}
			else {
				ghz = mhz / 1000;
				clockSource = "'cpu MHz' of /proc/cpuinfo: in a VM the TSC clock, and boost can be higher";
			}
		}
		final boolean amd = vendor.equals("AuthenticAMD");
		final int flop;
		final String simd;
		if (flags.contains(" avx512f ")) {
			if (amd && family == 25) {
				flop = 32;
				simd = "AVX-512 on AMD family 25 (Zen 4): two 256-bit FMA pipes, 2 x 8 lanes x 2";
			}
			else {
				flop = 64;
				simd = "AVX-512: 2 FMA units x 16 lanes x 2 (a one-FMA-unit Xeon has half)";
			}
		}
		else if (flags.contains(" avx2 ") && flags.contains(" fma ")) {
			if (amd && family == 23 && modelNumber < 0x30) {
				flop = 16;
				simd = "AVX2 on AMD Zen 1: two 128-bit FMA pipes, 2 x 4 lanes x 2";
			}
			else {
				flop = 32;
				simd = "AVX2+FMA: 2 FMA units x 8 lanes x 2";
			}
		}
		else if (flags.contains(" avx ")) {
			flop = 16;
			simd = "AVX without FMA: 8-lane add + 8-lane multiply";
		}
		else if (flags.contains(" sse ")) {
			flop = 8;
			simd = "SSE: 4-lane add + 4-lane multiply";
		}
		else return null;
		final String derivation = String.format(Locale.ROOT,
			"%s x %.3f GHz (%s) x %d FLOP/cycle (%s)", coreSource, ghz, clockSource, flop, simd);
		return new CpuPeak(cores, ghz, flop, derivation);
	}

	/** Intel's nominal clock where the kernel exposes it, else NaN. */
	private static double baseClock() {
		final Path base = Paths.get("/sys/devices/system/cpu/cpu0/cpufreq/base_frequency");
		try {
			return Double.parseDouble(new String(Files.readAllBytes(base)).trim()) / 1e6;
		}
		catch (final IOException | NumberFormatException e) {
			return Double.NaN;
		}
	}

	List<Figure> figures() {
		return Arrays.asList(new Figure("cpu.cores", cores, "cores"), new Figure("cpu.clock",
			gigahertz, "GHz"), new Figure("cpu.flop_per_cycle", flopPerCycle, "FLOP/cycle"),
			new Figure("cpu.peak_fp32", gflops(), "GFLOP/s"));
	}
}
