package dev.tandem.runtime.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tandem quickstart}: the main job on the embedded default, a few minutes on 2 cores: the
 * quick experiment (simulation, simulated operator) from {@code configs/experiments/quick.yaml}.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = {
      "Run the quick correction experiment (simulated Reach task, simulated operator, BC vs HG-DAgger",
      "vs IWR vs Sirius) and print where its report is. Same as:",
      "  tandem experiment configs/experiments/quick.yaml"
    })
public final class QuickstartCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      defaultValue = "configs/experiments/quick.yaml",
      description = "Default ${DEFAULT-VALUE}.")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config value.")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--runs",
      defaultValue = "runs",
      description = "Where runs are written (default ${DEFAULT-VALUE}).")
  Path runs;

  @Option(names = "--quiet", description = "No progress bars.")
  boolean quiet;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ExperimentCommand.run(config, overrides, runs, null, quiet, spec.commandLine().getOut());
    return 0;
  }
}
