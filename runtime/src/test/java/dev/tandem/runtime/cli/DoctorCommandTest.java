package dev.tandem.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.testing.ChildJvm;
import dev.tandem.policy.EngineReport;
import dev.tandem.policy.EngineReport.CpuFlag;
import dev.tandem.policy.config.TrainConfig.MatmulPrecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {

  @Test
  void printsEveryItemWithWhatThisMachineHas() throws Exception {
    CliRuns.Run run = CliRuns.tandem("doctor");
    List<String> lines = run.out().lines().toList();
    for (String item : DoctorCommand.ITEMS) {
      assertTrue(
          lines.stream().anyMatch(l -> l.startsWith(item + " ") && l.length() > 11),
          "no '" + item + "' line in:\n" + run.out());
    }
    String out = run.out();
    assertTrue(out.contains(System.getProperty("java.version")), out);
    assertTrue(line(lines, "djl").contains("0.36.0"), out);
    assertTrue(line(lines, "pytorch").contains("2.7.1, build cpu"), out);
    assertTrue(line(lines, "devices").contains("libtorch sees 0 GPU(s)"), out);
    // each kernel flag is reported as this CPU has it
    Set<String> flags = cpuFlags();
    for (String f : EngineReport.KERNEL_FLAGS) {
      assertTrue(
          line(lines, "cpu flags").contains(f + " " + (flags.contains(f) ? "yes" : "no")),
          f + " in " + out);
    }
    String expectedMatmul = flags.contains("avx512_bf16") ? "medium" : "highest";
    assertTrue(line(lines, "matmul").contains("auto -> " + expectedMatmul), out);
    // the build machines install EGL (.ci/run): headless cameras must work here
    assertTrue(line(lines, "cameras").startsWith("cameras    headless EGL: "), out);
    boolean hasDisplay = System.getenv("DISPLAY") != null;
    assertEquals(!hasDisplay, line(lines, "display").contains("none: "), out);
    assertEquals(0, run.exit(), run.err());
    assertTrue(out.contains(hasDisplay ? "nothing to do" : "to do:"), out);
  }

  /**
   * The GPU switch's mechanism, checked with the CPU build (no GPU here): a libtorch of the user's
   * named by PYTORCH_LIBRARY_PATH is loaded from there, offline, its build told to DJL; a folder
   * without libtorch is one clear line.
   */
  @Test
  void aLibtorchOfTheUsersIsLoadedFromPytorchLibraryPath(@TempDir Path dir) throws Exception {
    String bundled =
        dev.tandem.policy.DjlRuntime.start(dev.tandem.policy.config.RuntimeConfig.defaults())
            .report()
            .libtorchPath();
    ChildJvm.Result local =
        ChildJvm.run(
            TandemCli.class,
            List.of("doctor"),
            java.util.Map.of("PYTORCH_LIBRARY_PATH", bundled),
            false);
    String pytorch = childLine(local, "pytorch");
    assertTrue(pytorch.contains("build local cpu, libtorch " + bundled), local.all());
    assertEquals(0, local.exitCode(), local.all());
    Path empty = java.nio.file.Files.createDirectories(dir.resolve("no-libtorch"));
    ChildJvm.Result missing =
        ChildJvm.run(
            TandemCli.class,
            List.of("doctor"),
            java.util.Map.of("PYTORCH_LIBRARY_PATH", empty.toString()),
            false);
    assertEquals(2, missing.exitCode(), missing.all());
    assertTrue(
        childLine(missing, "pytorch")
            .contains("unavailable: PYTORCH_LIBRARY_PATH=" + empty + ": no libtorch.so there"),
        missing.all());
  }

  private static String childLine(ChildJvm.Result r, String label) {
    return r.lines().stream()
        .filter(l -> l.startsWith(label + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no '" + label + "' line in:\n" + r.all()));
  }

  @Test
  void adviceSaysSoWhenTheDriverSeesAGpuButLibtorchIsTheCpuBuild() {
    List<String> advice = DoctorCommand.advice(report(0, 1, Set.of("avx2"), true));
    assertEquals(1, advice.size(), advice.toString());
    assertTrue(
        advice
            .get(0)
            .startsWith(
                "devices: the driver reports 1 NVIDIA GPU(s) but libtorch is the 'cpu' build"),
        advice.get(0));
    assertEquals(List.of(), DoctorCommand.advice(report(1, 1, Set.of("avx2"), true)));
  }

  @Test
  void adviceDependsOnTheCpuFlagsEitherWay() {
    // AVX2-only machine (AMD EPYC): nothing to do
    assertEquals(List.of(), DoctorCommand.advice(report(0, 0, Set.of("avx2"), true)));
    // AVX-512 bf16 with the switch reachable: nothing to do
    assertEquals(
        List.of(),
        DoctorCommand.advice(report(0, 0, Set.of("avx2", "avx512f", "avx512_bf16"), true)));
    // bf16 but no switch: says so
    assertTrue(
        DoctorCommand.advice(report(0, 0, Set.of("avx2", "avx512_bf16"), false))
            .get(0)
            .startsWith("matmul:"));
    // no AVX2 at all
    assertTrue(DoctorCommand.advice(report(0, 0, Set.of(), true)).get(0).startsWith("cpu flags:"));
  }

  private static EngineReport report(
      int libtorchGpus, int driverGpus, Set<String> flags, boolean switchReachable) {
    boolean medium = switchReachable && flags.contains("avx512_bf16") && libtorchGpus == 0;
    return new EngineReport(
        "0.36.0",
        "2.7.1",
        libtorchGpus > 0 ? "cu128" : "cpu",
        "/x/libtorch_cpu.so",
        libtorchGpus,
        driverGpus,
        driverGpus > 0 ? Optional.of("12.8") : Optional.empty(),
        libtorchGpus > 0 ? "gpu(0)" : "cpu()",
        EngineReport.KERNEL_FLAGS.stream().map(f -> new CpuFlag(f, flags.contains(f))).toList(),
        medium ? MatmulPrecision.MEDIUM : MatmulPrecision.HIGHEST,
        switchReachable);
  }

  private static String line(List<String> lines, String label) {
    return lines.stream().filter(l -> l.startsWith(label + " ")).findFirst().orElseThrow();
  }

  private static Set<String> cpuFlags() throws Exception {
    return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
        .filter(l -> l.startsWith("flags"))
        .findFirst()
        .map(l -> Arrays.stream(l.substring(l.indexOf(':') + 1).trim().split("\\s+")))
        .orElseThrow()
        .collect(Collectors.toSet());
  }
}
