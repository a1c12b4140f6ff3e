package dev.tandem.runtime.cli;

import dev.tandem.runtime.Json;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tandem bench <part>}: each prints exactly one JSON object on stdout. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks; each prints one JSON object on stdout.",
    subcommands = {
      BenchCommand.Store.class,
      BenchCommand.Sim.class,
      BenchCommand.Policy.class,
      BenchCommand.Rl.class,
      BenchCommand.Loop.class,
      BenchCommand.Teleop.class,
      BenchCommand.Render.class,
      BenchCommand.Viewer.class,
      BenchBridgeCommand.class,
      BenchClusterCommand.class,
      BenchWebCommand.class
    })
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
          "Episode store: append_steps_per_s (durable, group commit) and read_steps_per_s (training batches), 64-float steps;"
              + " LeRobot v3.0: lerobot_export_steps_per_s, lerobot_import_steps_per_s, sizes (also _camera84),"
              + " parquet_write_mb_per_s and parquet_read_mb_per_s.")
  static final class Store implements Runnable {
    @CommandLine.Option(
        names = "--dir",
        description = "Dataset directory to write (default: a temporary one, deleted).")
    java.nio.file.Path dir;

    @CommandLine.Option(
        names = "--episodes",
        defaultValue = "400",
        converter = PositiveInt.class,
        description = "Episodes of 1000 steps (default ${DEFAULT-VALUE}).")
    int episodes;

    @CommandLine.Option(
        names = "--lerobot-episodes",
        defaultValue = "40",
        converter = PositiveInt.class,
        description =
            "Episodes of 1000 steps exported to and imported from LeRobot (default ${DEFAULT-VALUE};"
                + " a tenth of them, at least one, with an 84x84 camera).")
    int lerobotEpisodes;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      var c =
          dev.tandem.core.store.StoreBenchmark.Config.defaults()
              .withEpisodesPerWriter(episodes)
              .withDirectory(dir);
      Map<String, Object> figures =
          new java.util.LinkedHashMap<>(dev.tandem.core.store.StoreBenchmark.run(c));
      figures.putAll(
          dev.tandem.interop.lerobot.LeRobotBenchmark.run(
              new dev.tandem.interop.lerobot.LeRobotBenchmark.Config(
                  lerobotEpisodes, 1000, Math.max(1, lerobotEpisodes / 10), dir)));
      print(spec, figures);
    }
  }

  @Command(
      name = "sim",
      mixinStandardHelpOptions = true,
      description = {
        "Per task under tasks.<TaskName>: physics_steps_per_s, env_steps_per_s (one core, 20 Hz control),",
        "env_steps_per_s_camera84 and expert_success_rate over seeded expert episodes."
      })
  static final class Sim implements Runnable {
    @CommandLine.Option(
        names = "--episodes",
        defaultValue = "100",
        converter = PositiveInt.class,
        description = "Expert episodes per task (default ${DEFAULT-VALUE}).")
    int episodes;

    @CommandLine.Option(names = "--tasks", split = ",", description = "Tasks (default: all).")
    java.util.List<String> tasks;

    @CommandLine.Option(names = "--no-camera", description = "Skip the 84x84 camera runs.")
    boolean noCamera;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      if (tasks == null || tasks.isEmpty()) {
        print(spec, dev.tandem.sim.SimBenchmark.run(episodes));
      } else {
        print(spec, dev.tandem.sim.SimBenchmark.run(episodes, tasks, !noCamera));
      }
    }
  }

  @Command(
      name = "policy",
      mixinStandardHelpOptions = true,
      description = {
        "2x256 MLP on state input: act_latency_us_p50/p99 (Policy.act, batch 1), batch64_obs_per_s,",
        "train_samples_per_s (batch 256), the measured matmul_gflops_1thread/2threads and each",
        "workload's fraction of the limit they set (batch64_fraction_of_limit, train_fraction_of_limit)."
      })
  static final class Policy implements Runnable {
    @CommandLine.Option(names = "--quick", description = "Fewer iterations (a smoke run).")
    boolean quick;

    @CommandLine.Option(
        names = "--matmul-precision",
        paramLabel = "P",
        description =
            "Training's float32 matmul precision: auto (default: medium with avx512_bf16, highest"
                + " otherwise), highest or medium. Forcing one measures the other CPU's branch.")
    String matmulPrecision = "auto";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      var o =
          quick
              ? dev.tandem.policy.PolicyBenchmark.Options.quick()
              : dev.tandem.policy.PolicyBenchmark.Options.defaults();
      print(spec, dev.tandem.policy.PolicyBenchmark.run(o.withMatmulPrecision(precision())));
    }

    private dev.tandem.policy.config.TrainConfig.MatmulPrecision precision() {
      try {
        return dev.tandem.policy.config.TrainConfig.MatmulPrecision.valueOf(
            matmulPrecision.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new UserException(
            "--matmul-precision "
                + matmulPrecision
                + ": expected auto, highest or medium (see 'tandem bench policy --help')");
      }
    }
  }

  @Command(
      name = "rl",
      mixinStandardHelpOptions = true,
      description = {
        "SAC: updates_per_s (10 LayerNorm critics + actor + temperature, batch 256), the measured",
        "matmul_gflops_1thread/2threads and fraction_of_limit (matmul FLOPs / measured rate)."
      })
  static final class Rl implements Runnable {
    @CommandLine.Option(names = "--quick", description = "Fewer updates (a smoke run).")
    boolean quick;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      var o =
          quick
              ? dev.tandem.policy.rl.RlBenchmark.Options.quick()
              : dev.tandem.policy.rl.RlBenchmark.Options.defaults();
      print(spec, dev.tandem.policy.rl.RlBenchmark.run(o));
    }
  }

  @Command(
      name = "loop",
      mixinStandardHelpOptions = true,
      description = {
        "One correction round on PickAndPlace (state only): 20 episodes deployed under the simulated",
        "operator + retraining + 20 evaluation episodes. Prints round_seconds and its parts."
      })
  static final class Loop implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Option(
        names = "--config",
        defaultValue = "configs/experiments/bench_loop.yaml",
        description = "Default ${DEFAULT-VALUE}.")
    java.nio.file.Path config;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      java.nio.file.Path runs = java.nio.file.Files.createTempDirectory("tandem-bench-loop");
      try {
        java.io.StringWriter log = new java.io.StringWriter();
        java.nio.file.Path dir =
            ExperimentCommand.run(
                config, java.util.List.of(), runs, null, true, new PrintWriter(log));
        var results = Json.mapper().readTree(dir.resolve("results.json").toFile()).get("rounds");
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (var r : results) {
          if (r.get("round").asInt() == 1) {
            out.put("task", r.get("task").asText());
            out.put("method", r.get("method").asText());
            out.put("round_seconds", r.get("roundSeconds").asDouble());
            out.put("train_seconds", r.get("trainSeconds").asDouble());
            out.put("deploy_episodes", r.get("deployEpisodes").asInt());
            out.put("eval_episodes", r.get("evalEpisodes").asInt());
            out.put("train_samples", r.get("trainSamples").asLong());
            out.put("eval_success_rate", r.get("evalSuccessRate").asDouble());
          }
        }
        out.put("cpus", Runtime.getRuntime().availableProcessors());
        out.put(
            "load_average",
            java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
        print(spec, out);
        return 0;
      } finally {
        try (var files = java.nio.file.Files.walk(runs)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  @Command(
      name = "teleop",
      mixinStandardHelpOptions = true,
      description =
          "Input to applied action: input_to_action_ms_p50/p99 at 20 Hz and 100 Hz (keys suffixed _20hz, _100hz).")
  static final class Teleop implements Runnable {
    @CommandLine.Option(
        names = "--inputs",
        defaultValue = "200",
        converter = PositiveInt.class,
        description = "Inputs per rate (default ${DEFAULT-VALUE}).")
    int inputs;

    @CommandLine.Option(
        names = "--seed",
        defaultValue = "1",
        description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      print(spec, dev.tandem.teleop.TeleopLatencyBenchmark.run(inputs, seed));
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
        converter = PositiveInt.class,
        description = "Images per size (default ${DEFAULT-VALUE}).")
    int images;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      print(spec, dev.tandem.render.RenderBenchmark.run(images));
    }
  }

  @Command(
      name = "viewer",
      mixinStandardHelpOptions = true,
      description = {
        "The operator viewer while a simulated arm moves: frames_per_s it sustains, draw_ms_per_frame.",
        "Needs a display (on a server: xvfb-run -a tandem bench viewer)."
      })
  static final class Viewer implements Runnable {
    @CommandLine.Option(
        names = "--seconds",
        defaultValue = "10",
        description = "Seconds measured (default ${DEFAULT-VALUE}).")
    double seconds;

    @CommandLine.Option(
        names = "--width",
        defaultValue = "960",
        converter = PositiveInt.class,
        description = "Window width (default ${DEFAULT-VALUE}).")
    int width;

    @CommandLine.Option(
        names = "--height",
        defaultValue = "600",
        converter = PositiveInt.class,
        description = "Window height (default ${DEFAULT-VALUE}).")
    int height;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      if (!(seconds > 0)) {
        throw new UserException("--seconds: found " + seconds + ", expected a positive number");
      }
      try {
        print(spec, dev.tandem.runtime.live.ViewerBenchmark.run(seconds, width, height));
      } catch (dev.tandem.render.RenderUnavailableException e) {
        throw new UserException(
            "bench viewer needs a display: "
                + e.getMessage().replace('\n', ' ')
                + " (on a server: xvfb-run -a tandem bench viewer)",
            e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserException("bench viewer: interrupted", e);
      }
    }
  }

  static void print(CommandLine.Model.CommandSpec spec, Map<String, Object> figures) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(Json.write(figures));
    out.flush();
  }
}
