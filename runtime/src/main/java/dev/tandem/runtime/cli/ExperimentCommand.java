package dev.tandem.runtime.cli;

import dev.tandem.core.config.ConfigLoader;
import dev.tandem.runtime.cluster.ClusterCoordinator;
import dev.tandem.runtime.experiment.Experiment;
import dev.tandem.runtime.experiment.ExperimentConfig;
import dev.tandem.runtime.experiment.ExperimentResults;
import dev.tandem.runtime.experiment.JobConfig;
import dev.tandem.runtime.experiment.RunSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem experiment <config>}: demos, training, correction rounds, report. */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    description = {
      "Run a correction experiment: collect demos, train, then rounds of deploy under the simulated",
      "operator, retrain with each method, evaluate. Writes runs/<id>/ (results.json, report.md, plots).",
      "Rerun with --resume <id> to continue a run that stopped."
    })
public final class ExperimentCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "CONFIG",
      description = "Experiment YAML, e.g. configs/experiments/quick.yaml.")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override a config value, e.g. --set rounds=2.")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--runs",
      defaultValue = "runs",
      description = "Where runs are written (default ${DEFAULT-VALUE}).")
  Path runs;

  @Option(
      names = "--resume",
      paramLabel = "ID",
      description = "Continue the run runs/<ID> from what it recorded.")
  String resume;

  @Option(names = "--quiet", description = "No progress bars.")
  boolean quiet;

  @Option(
      names = "--cluster",
      description = {
        "Run the cells (round 0 per task and seed, then each method) on cluster workers:",
        "this JVM coordinates; start workers with 'tandem worker --join HOST:PORT'."
      })
  boolean clustered;

  @Option(
      names = "--port",
      defaultValue = "25520",
      description = "With --cluster: the port workers join (default ${DEFAULT-VALUE}).")
  int port;

  @CommandLine.Mixin ClusterOptions cluster;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!clustered) {
      run(config, overrides, runs, resume, quiet, out, null);
      return 0;
    }
    load(config, overrides); // a bad config fails before the cluster starts
    try (var coordinator =
        new ClusterCoordinator(cluster.settings(port, Optional.empty()), System.err)) {
      run(config, overrides, runs, resume, quiet, out, coordinator);
    }
    return 0;
  }

  /** Loads, runs and reports an experiment in this JVM; returns the run directory. */
  static Path run(
      Path config, List<String> overrides, Path runs, String resume, boolean quiet, PrintWriter out)
      throws java.io.IOException {
    return run(config, overrides, runs, resume, quiet, out, null);
  }

  /**
   * Loads, runs and reports an experiment, its cells on {@code cluster}'s workers (null: in this
   * JVM); returns the run directory.
   */
  static Path run(
      Path config,
      List<String> overrides,
      Path runs,
      String resume,
      boolean quiet,
      PrintWriter out,
      ClusterCoordinator cluster)
      throws java.io.IOException {
    ExperimentConfig cfg = load(config, overrides);
    String id =
        resume != null
            ? resume
            : cfg.name()
                + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path dir = runs.resolve(id);
    if (resume != null) {
      if (!Files.isDirectory(dir)) {
        throw new UserException("--resume " + resume + ": no run directory " + dir);
      }
      checkSameSettings(resume, dir, cfg);
    }
    Outputs.writableDirectory(runs, "--runs");
    runIn(config, cfg, overrides, dir, resume != null, quiet, out, cluster);
    return dir;
  }

  /** The experiment {@code config} with {@code overrides}, or a UserException saying why not. */
  static ExperimentConfig load(Path config, List<String> overrides) {
    if (!Files.isRegularFile(config)) {
      throw new UserException(config + ": no such experiment config");
    }
    ExperimentConfig cfg =
        ConfigLoader.discover().load(config, JobConfig.class, overrides)
                instanceof ExperimentConfig e
            ? e
            : null;
    if (cfg == null) {
      throw new UserException(config + ": not an experiment (expected type: experiment)");
    }
    checkOperatorFits(cfg, config);
    return cfg;
  }

  /**
   * Runs {@code cfg} (loaded from {@code config} with {@code overrides}) into {@code dir}, a new
   * run or ({@code resuming}) the run there, and prints its summary.
   */
  static ExperimentResults runIn(
      Path config,
      ExperimentConfig cfg,
      List<String> overrides,
      Path dir,
      boolean resuming,
      boolean quiet,
      PrintWriter out,
      ClusterCoordinator cluster)
      throws java.io.IOException {
    String id = dir.getFileName().toString();
    if (!resuming) {
      // how the run was started; a resume keeps these
      Files.createDirectories(dir);
      Files.copy(
          config, dir.resolve("config.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      if (!overrides.isEmpty()) {
        Files.write(dir.resolve("overrides.txt"), overrides);
      }
    }
    out.printf("run %s: writing %s%n", id, dir);
    out.flush();
    Experiment experiment = new Experiment(cfg, dir, Progress.bars(quiet), Clock.systemUTC());
    ExperimentResults r =
        cluster == null
            ? experiment.run()
            : experiment.run(cluster.cells(cfg, Files.readString(config), overrides, dir));
    if (r.resumed()) {
      out.printf(
          "run %s finished in %.0f s (%.0f s over its %d segments)%n",
          id, r.lastSegmentSeconds(), r.wallSeconds(), r.segments().size());
    } else {
      out.printf("run %s finished in %.0f s%n", id, r.wallSeconds());
    }
    out.print(summary(r));
    out.printf("report  %s%nresults %s%n", dir.resolve("report.md"), dir.resolve("results.json"));
    out.flush();
    return r;
  }

  /**
   * Refuses a resume whose effective settings differ from those the run recorded (see {@link
   * RunSettings}): {@code settings.json}, or for a run started before it was written, the config
   * and overrides the run directory kept.
   */
  static void checkSameSettings(String id, Path dir, ExperimentConfig cfg) {
    Map<String, String> recorded =
        RunSettings.read(dir).orElseGet(() -> RunSettings.of(startedWith(id, dir)));
    List<String> differences = RunSettings.differences(recorded, RunSettings.of(cfg));
    if (!differences.isEmpty()) {
      throw new UserException(RunSettings.refusal(id, differences));
    }
  }

  /** The config a run without {@code settings.json} was started with. */
  private static ExperimentConfig startedWith(String id, Path dir) {
    Path file = dir.resolve("config.yaml");
    if (!Files.isRegularFile(file)) {
      throw new UserException(
          "--resume "
              + id
              + ": "
              + dir
              + " recorded no settings ("
              + RunSettings.FILE
              + " or config.yaml), so a resume cannot be checked; start a new run");
    }
    Object started;
    try {
      Path overrides = dir.resolve("overrides.txt");
      List<String> set = Files.isRegularFile(overrides) ? Files.readAllLines(overrides) : List.of();
      started = ConfigLoader.discover().load(file, JobConfig.class, set);
    } catch (java.io.IOException | RuntimeException e) {
      throw new UserException(
          "--resume " + id + ": cannot read the config the run was started with: " + e.getMessage(),
          e);
    }
    if (!(started instanceof ExperimentConfig e)) {
      throw new UserException("--resume " + id + ": " + file + " is not an experiment config");
    }
    return e;
  }

  /**
   * Refuses, before anything runs, an operator that cannot work with a task (e.g. language
   * corrections on a task whose actions are not end-effector deltas).
   */
  private static void checkOperatorFits(ExperimentConfig cfg, Path file) {
    for (var task : cfg.tasks()) {
      try {
        new dev.tandem.intervention.operator.SimulatedOperator(
            cfg.operator(), task.spec().action());
      } catch (IllegalArgumentException e) {
        throw new UserException(
            file + ": operator." + e.getMessage() + " (task " + task.taskName() + ")");
      }
    }
  }

  /** Final-round success per task and method, mean over seeds. */
  static String summary(ExperimentResults r) {
    StringBuilder sb = new StringBuilder();
    for (String task : r.tasks()) {
      List<Integer> rounds = r.rounds(task);
      int last = rounds.get(rounds.size() - 1);
      for (Double group : r.groups(task)) {
        for (String m : r.methods(task)) {
          var first =
              dev.tandem.runtime.experiment.Stats.of(
                  r.select(task, m, 0, group).stream().map(x -> x.evalSuccessRate()).toList());
          var end =
              dev.tandem.runtime.experiment.Stats.of(
                  r.select(task, m, last, group).stream().map(x -> x.evalSuccessRate()).toList());
          if (m.equals(ExperimentResults.OPERATOR_ALONE)) {
            sb.append(
                String.format(
                    java.util.Locale.ROOT,
                    "  %-14s %-10s %-14s success %.2f (the operator driving every step)%n",
                    task,
                    group == null ? "" : "skill " + group,
                    m,
                    end.mean()));
            continue;
          }
          sb.append(
              String.format(
                  java.util.Locale.ROOT,
                  "  %-14s %-10s %-14s success %.2f -> %.2f after %d rounds%n",
                  task,
                  group == null ? "" : "skill " + group,
                  m,
                  first.mean(),
                  end.mean(),
                  last));
        }
      }
    }
    return sb.toString();
  }
}
