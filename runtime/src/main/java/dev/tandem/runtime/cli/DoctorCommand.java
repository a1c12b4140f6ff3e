package dev.tandem.runtime.cli;

import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.EngineReport;
import dev.tandem.policy.config.RuntimeConfig;
import dev.tandem.policy.config.TrainConfig.MatmulPrecision;
import dev.tandem.render.RenderProbe;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tandem doctor}: one screen saying what this machine gives Tandem (Java, DJL and libtorch,
 * devices, CPU features, the matmul precision training would use, headless cameras and a display)
 * and what to do about each missing piece. Exit 0 when the default path (CPU training, headless
 * cameras) works, 2 otherwise.
 */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Check this machine: Java, DJL/PyTorch version and build, devices, CPU features, the matmul",
      "precision training would use, headless cameras (EGL) and a display; say what to do about",
      "each missing piece. Exit 0 when CPU training and headless cameras work, 2 otherwise."
    })
public final class DoctorCommand implements Callable<Integer> {

  /** The items printed, in order; each is one line starting with its label. */
  static final List<String> ITEMS =
      List.of("java", "djl", "pytorch", "devices", "cpu flags", "matmul", "cameras", "display");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<String> fixes = new ArrayList<>();
    boolean defaultPathWorks = true;
    line(
        out,
        "java",
        System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ", "
            + System.getProperty("java.home")
            + ")");
    Optional<EngineReport> engine;
    try {
      engine = Optional.of(DjlRuntime.start(RuntimeConfig.defaults()).report());
    } catch (RuntimeException e) {
      engine = Optional.empty();
      defaultPathWorks = false;
      line(out, "djl", "FAILED to start the PyTorch engine");
      line(out, "pytorch", "unavailable: " + e.getMessage());
      line(out, "devices", "unknown");
      line(out, "cpu flags", "unknown");
      line(out, "matmul", "unknown");
      fixes.add(
          "pytorch: the engine did not start; check that the native cache directory"
              + " (DJL_CACHE_DIR, default ~/.djl.ai) is writable and run with --verbose");
    }
    engine.ifPresent(r -> fixes.addAll(printEngine(out, r)));
    RenderProbe.Outcome cameras = RenderProbe.headlessCameras();
    line(
        out,
        "cameras",
        (cameras.available() ? "headless EGL: " : "UNAVAILABLE: ") + cameras.detail());
    if (!cameras.available()) {
      defaultPathWorks = false;
      fixes.add("cameras: " + cameras.detail());
    }
    RenderProbe.Outcome display = RenderProbe.display();
    line(out, "display", (display.available() ? "" : "none: ") + display.detail());
    if (!display.available()) {
      fixes.add(
          "display: the viewer (tandem teleop) needs one; run it under xvfb-run or on a desktop."
              + " Experiments and headless cameras do not need a display.");
    }
    out.println();
    if (fixes.isEmpty()) {
      out.println("nothing to do");
    } else {
      out.println("to do:");
      fixes.forEach(f -> out.println("  - " + f));
    }
    out.flush();
    return defaultPathWorks ? 0 : 2;
  }

  /** Prints the engine's lines; returns what to do about its missing pieces. */
  private static List<String> printEngine(PrintWriter out, EngineReport r) {
    line(out, "djl", r.djlVersion());
    line(
        out,
        "pytorch",
        r.pytorchVersion() + ", build " + r.flavor() + ", libtorch " + r.libtorchPath());
    line(
        out,
        "devices",
        "training and inference on "
            + r.device()
            + "; libtorch sees "
            + r.gpusSeenByLibtorch()
            + " GPU(s); NVIDIA driver: "
            + r.cudaDriver()
                .map(v -> "CUDA " + v + ", " + r.gpusSeenByDriver() + " GPU(s)")
                .orElse("none"));
    line(
        out,
        "cpu flags",
        r.cpuFlags().stream()
            .map(f -> f.name() + " " + (f.present() ? "yes" : "no"))
            .collect(Collectors.joining(", ")));
    line(
        out,
        "matmul",
        "train.matmulPrecision auto -> "
            + r.autoMatmulPrecision().name().toLowerCase()
            + (r.matmulSwitchReachable() ? "" : " (libtorch's precision switch is not reachable)"));
    return advice(r);
  }

  /** What to do about the engine's missing pieces; empty when nothing is missing. */
  static List<String> advice(EngineReport r) {
    List<String> fixes = new ArrayList<>();
    boolean cpuBuild = r.gpusSeenByLibtorch() == 0;
    if (r.gpusSeenByDriver() > 0 && cpuBuild) {
      fixes.add(
          "devices: the driver reports "
              + r.gpusSeenByDriver()
              + " NVIDIA GPU(s) but libtorch is the '"
              + r.flavor()
              + "' build, so training stays on the CPU: unzip libtorch 2.7.1+cu128 from pytorch.org"
              + " and set PYTORCH_LIBRARY_PATH to its lib folder (README, 'Training on a GPU')");
    }
    if (!flag(r, "avx2")) {
      fixes.add(
          "cpu flags: no AVX2, so PyTorch runs its slowest CPU kernels; expect training well"
              + " below the figures in docs/design/policy.md");
    }
    if (r.autoMatmulPrecision() == MatmulPrecision.HIGHEST
        && flag(r, "avx512_bf16")
        && !r.matmulSwitchReachable()) {
      fixes.add(
          "matmul: this CPU has avx512_bf16 but libtorch's precision switch was not found, so"
              + " training keeps float32 kernels (run with --verbose to see why)");
    }
    return fixes;
  }

  private static boolean flag(EngineReport r, String name) {
    return r.cpuFlags().stream().anyMatch(f -> f.name().equals(name) && f.present());
  }

  private static void line(PrintWriter out, String label, String value) {
    out.printf("%-10s %s%n", label, value);
  }
}
