package dev.tandem.runtime.cli;

import dev.tandem.runtime.cluster.ClusterCoordinator;
import dev.tandem.runtime.experiment.ExperimentConfig;
import dev.tandem.runtime.experiment.ExperimentResults;
import dev.tandem.runtime.experiment.RunSettings;
import dev.tandem.runtime.experiment.SweepGrid;
import dev.tandem.runtime.experiment.SweepReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem sweep <config> --grid key=v1,v2 ...}: the experiment for every combination. */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Run an experiment for every combination of the --grid values (each applied like --set),",
      "in this JVM or with --cluster on workers. Writes runs/<id>/ with one run per combination",
      "and sweep.md / sweep.json comparing them; --resume <id> continues a sweep."
    })
public final class SweepCommand implements Callable<Integer> {
  @Parameters(paramLabel = "CONFIG", description = "Experiment YAML.")
  Path config;

  @Option(
      names = "--grid",
      required = true,
      paramLabel = "KEY=V1,V2",
      description = "A key and its values, e.g. --grid training.steps=200,400 (repeatable).")
  List<String> grids;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override a config value in every combination.")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--runs",
      defaultValue = "runs",
      description = "Where sweeps are written (default ${DEFAULT-VALUE}).")
  Path runs;

  @Option(names = "--resume", paramLabel = "ID", description = "Continue the sweep runs/<ID>.")
  String resume;

  @Option(names = "--quiet", description = "No progress bars.")
  boolean quiet;

  @Option(names = "--cluster", description = "Run the cells on cluster workers (see experiment).")
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
    SweepGrid grid;
    try {
      grid = new SweepGrid(grids.stream().map(SweepGrid::axis).toList());
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
    List<List<String>> combos = grid.combinations();
    List<ExperimentConfig> configs = new ArrayList<>();
    for (List<String> combo : combos) {
      configs.add(ExperimentCommand.load(config, withCombo(combo))); // every one loads first
    }
    String id =
        resume != null
            ? resume
            : configs.get(0).name()
                + "-sweep-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path dir = runs.resolve(id);
    if (resume != null && !Files.isDirectory(dir)) {
      throw new UserException("--resume " + resume + ": no sweep directory " + dir);
    }
    Outputs.writableDirectory(dir, "--runs");
    if (!clustered) {
      sweep(grid, configs, dir, null);
      return 0;
    }
    try (var coordinator =
        new ClusterCoordinator(cluster.settings(port, Optional.empty()), System.err)) {
      sweep(grid, configs, dir, coordinator);
    }
    return 0;
  }

  private void sweep(
      SweepGrid grid, List<ExperimentConfig> configs, Path dir, ClusterCoordinator coordinator)
      throws java.io.IOException {
    PrintWriter out = spec.commandLine().getOut();
    List<List<String>> combos = grid.combinations();
    List<SweepReport.Combination> done = new ArrayList<>();
    for (int i = 0; i < combos.size(); i++) {
      List<String> combo = combos.get(i);
      String name = runName(i, combo);
      Path runDir = dir.resolve(name);
      boolean resuming = RunSettings.read(runDir).isPresent();
      if (resuming) {
        ExperimentCommand.checkSameSettings(name, runDir, configs.get(i));
      }
      out.printf(
          "sweep %s: combination %d/%d: %s%n",
          dir.getFileName(), i + 1, combos.size(), String.join(" ", combo));
      ExperimentResults r =
          ExperimentCommand.runIn(
              config, configs.get(i), withCombo(combo), runDir, resuming, quiet, out, coordinator);
      done.add(new SweepReport.Combination(combo, name, r));
      SweepReport.write(dir, configs.get(0).name(), grid, done); // partial comparison survives
    }
    out.printf(
        "sweep %s: %d combinations%nreport  %s%n",
        dir.getFileName(), combos.size(), dir.resolve("sweep.md"));
    out.flush();
  }

  private List<String> withCombo(List<String> combo) {
    List<String> all = new ArrayList<>(overrides);
    all.addAll(combo);
    return all;
  }

  /** {@code 01-training.steps-200}: the index, then the overrides as a folder name. */
  static String runName(int index, List<String> combo) {
    String label = String.join("-", combo).replaceAll("[^A-Za-z0-9.-]+", "-");
    if (label.length() > 60) {
      label = label.substring(0, 60);
    }
    return String.format(Locale.ROOT, "%02d-%s", index + 1, label);
  }
}
