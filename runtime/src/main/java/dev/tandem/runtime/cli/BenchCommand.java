package dev.tandem.runtime.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tandem bench <part>}: each prints exactly one JSON object on stdout. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks; each prints one JSON object on stdout.",
    subcommands = {BenchCommand.Store.class, BenchCommand.Policy.class, BenchCommand.Render.class})
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "store",
      mixinStandardHelpOptions = true,
      description =
          "Episode store: append_steps_per_s (durable, group commit) and read_steps_per_s (training batches), 64-float steps.")
  static final class Store implements Runnable {
    @CommandLine.Option(
        names = "--dir",
        description = "Dataset directory to write (default: a temporary one, deleted).")
    java.nio.file.Path dir;

    @CommandLine.Option(
        names = "--episodes",
        defaultValue = "400",
        description = "Episodes of 1000 steps (default ${DEFAULT-VALUE}).")
    int episodes;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      var c =
          dev.tandem.core.store.StoreBenchmark.Config.defaults()
              .withEpisodesPerWriter(episodes)
              .withDirectory(dir);
      print(spec, dev.tandem.core.store.StoreBenchmark.run(c));
    }
  }

  @Command(
      name = "policy",
      mixinStandardHelpOptions = true,
      description =
          "2x256 MLP on state input: latency_us_p50, latency_us_p99, batch64_obs_per_s, train_samples_per_s (batch 256).")
  static final class Policy implements Runnable {
    @CommandLine.Option(names = "--quick", description = "Fewer iterations (a smoke run).")
    boolean quick;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      var o =
          quick
              ? dev.tandem.policy.PolicyBenchmark.Options.quick()
              : dev.tandem.policy.PolicyBenchmark.Options.defaults();
      print(spec, dev.tandem.policy.PolicyBenchmark.run(o));
    }
  }

  @Command(
      name = "render",
      mixinStandardHelpOptions = true,
      description =
          "Offscreen rendering: images_per_s_84, images_per_s_128 (PickAndPlace-like scene).")
  static final class Render implements Runnable {
    @CommandLine.Option(
        names = "--images",
        defaultValue = "5000",
        description = "Images per size (default ${DEFAULT-VALUE}).")
    int images;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      print(spec, dev.tandem.render.RenderBenchmark.run(images));
    }
  }

  static void print(CommandLine.Model.CommandSpec spec, Map<String, Object> figures) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(Json.write(figures));
    out.flush();
  }
}
