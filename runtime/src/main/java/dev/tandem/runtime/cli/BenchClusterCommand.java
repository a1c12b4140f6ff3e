package dev.tandem.runtime.cli;

import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeSummary;
import dev.tandem.runtime.cluster.ClusterCoordinator;
import dev.tandem.runtime.cluster.ClusterSettings;
import dev.tandem.runtime.cluster.TransferMeter;
import dev.tandem.runtime.experiment.Experiment;
import dev.tandem.runtime.experiment.ExperimentCell;
import dev.tandem.runtime.experiment.ExperimentConfig;
import dev.tandem.runtime.experiment.ExperimentProgress;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tandem bench cluster}: the same small experiment on a cluster of this JVM (the
 * coordinator) and 1, then 2, worker JVMs on this machine; wall times, throughput and the speedup.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description =
        "A fixed small experiment (configs/experiments/bench_cluster.yaml) coordinated here and run"
            + " by 1 and then 2 worker JVMs on this machine: wall seconds of each, speedup_2_workers,"
            + " env steps/s, episodes shipped/s and the throughput of result transfers (the workers"
            + " have joined when the clock starts: JVM start is not counted).")
final class BenchClusterCommand implements Callable<Integer> {
  @CommandLine.Option(
      names = "--config",
      defaultValue = "configs/experiments/bench_cluster.yaml",
      description = "Default ${DEFAULT-VALUE}.")
  Path config;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** One measured run. */
  private record Measured(
      double wallSeconds, long envSteps, long episodes, TransferMeter.Totals transfers) {}

  @Override
  public Integer call() throws Exception {
    ExperimentConfig cfg = ExperimentCommand.load(config, List.of());
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    Path tmp = Files.createTempDirectory("tandem-bench-cluster");
    try {
      List<Measured> one = measure(cfg, 1, tmp.resolve("one"));
      List<Measured> two = measure(cfg, 2, tmp.resolve("two"));
      Measured oneWarm = one.get(1);
      Measured twoWarm = two.get(1);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("config", config.toString());
      out.put("cells", ExperimentCell.plan(cfg).size());
      out.put("wall_seconds_1_worker", oneWarm.wallSeconds());
      out.put("wall_seconds_2_workers", twoWarm.wallSeconds());
      out.put("speedup_2_workers", oneWarm.wallSeconds() / twoWarm.wallSeconds());
      out.put("wall_seconds_1_worker_cold", one.get(0).wallSeconds());
      out.put("wall_seconds_2_workers_cold", two.get(0).wallSeconds());
      out.put("speedup_2_workers_cold", one.get(0).wallSeconds() / two.get(0).wallSeconds());
      out.put("env_steps", twoWarm.envSteps());
      out.put("episodes", twoWarm.episodes());
      out.put("env_steps_per_s_1_worker", oneWarm.envSteps() / oneWarm.wallSeconds());
      out.put("env_steps_per_s_2_workers", twoWarm.envSteps() / twoWarm.wallSeconds());
      out.put("episodes_shipped_per_s_1_worker", oneWarm.episodes() / oneWarm.wallSeconds());
      out.put("episodes_shipped_per_s_2_workers", twoWarm.episodes() / twoWarm.wallSeconds());
      TransferMeter.Totals t = twoWarm.transfers();
      out.put("results_transferred_files", t.files());
      out.put("results_transferred_mib", t.bytes() / (1024.0 * 1024.0));
      out.put("results_transfer_seconds", t.seconds());
      out.put("results_transfer_mib_per_s", t.mebibytesPerSecond());
      out.put("cpus", Runtime.getRuntime().availableProcessors());
      out.put("load_average_before", load);
      out.put(
          "load_average_after",
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      BenchCommand.print(spec, out);
      return 0;
    } finally {
      try (Stream<Path> files = Files.walk(tmp)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * The experiment run twice on one coordinator with {@code workers} worker JVMs: cold (the
   * workers' first cells load PyTorch and Bullet and warm up the JIT), then warm.
   */
  private List<Measured> measure(ExperimentConfig cfg, int workers, Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    var settings = new ClusterSettings("127.0.0.1", port, Optional.empty(), Optional.empty());
    PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
    List<Process> started = new ArrayList<>();
    List<Measured> runs = new ArrayList<>();
    try (ClusterCoordinator coordinator = new ClusterCoordinator(settings, quiet)) {
      for (int i = 0; i < workers; i++) {
        started.add(startWorker(port, dir.resolve("worker" + i)));
      }
      coordinator.awaitWorkers(workers, Duration.ofMinutes(3));
      for (String name : List.of("cold", "warm")) {
        TransferMeter.Totals before = coordinator.transfers();
        Path run = dir.resolve(name);
        long t0 = System.nanoTime();
        new Experiment(cfg, run, ExperimentProgress.NONE, Clock.systemUTC())
            .run(coordinator.cells(cfg, Files.readString(config), List.of(), run));
        double wall = (System.nanoTime() - t0) / 1e9;
        runs.add(measured(wall, run, coordinator.transfers().minus(before)));
      }
    } finally {
      for (Process p : started) {
        if (!p.waitFor(10, TimeUnit.SECONDS)) { // workers stop when the coordinator leaves
          p.destroyForcibly().waitFor();
        }
      }
    }
    return runs;
  }

  private static Measured measured(double wallSeconds, Path run, TransferMeter.Totals transfers) {
    long steps = 0;
    long episodes = 0;
    try (Stream<Path> stores = Files.list(run.resolve("data"))) {
      for (Path store : stores.toList()) {
        try (EpisodeStore s = EpisodeStore.openReadOnly(store)) {
          for (EpisodeSummary e : s.episodes()) {
            steps += e.steps();
            episodes++;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Measured(wallSeconds, steps, episodes, transfers);
  }

  /** A worker JVM on this JVM's class path and options, joining {@code port}. */
  private static Process startWorker(int port, Path work) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent")) {
        command.add(arg);
      }
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            TandemCli.class.getName(),
            "worker",
            "--join",
            "127.0.0.1:" + port,
            "--work",
            work.toString()));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }
}
