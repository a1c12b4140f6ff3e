package dev.tandem.runtime.cli;

import dev.tandem.runtime.cluster.ClusterLearner;
import dev.tandem.runtime.experiment.CentralLearner;
import dev.tandem.runtime.experiment.ExperimentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem learner <config>}: the learner of an actor/learner session. */
@Command(
    name = "learner",
    mixinStandardHelpOptions = true,
    description = {
      "The learner of an actor/learner session: actors (tandem worker --join HOST:PORT --actor",
      "NAME) run the config's first task under its simulated operator and ship their episodes",
      "here; every N new episodes the first deployed method (a BC weighting, or RLIF continuing",
      "its learner) trains the next version, which",
      "every actor fetches and hot-swaps. See docs/design/cluster.md."
    })
public final class LearnerCommand implements Callable<Integer> {
  @Parameters(paramLabel = "CONFIG", description = "Experiment YAML (task, operator, methods).")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config value.")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Where the learner's store (data/) and versions (policies/) go.")
  Path out;

  @Option(
      names = "--versions",
      defaultValue = "3",
      description = "Versions to train, the first on the demos (default ${DEFAULT-VALUE}).")
  int versions;

  @Option(
      names = "--episodes-per-version",
      defaultValue = "4",
      description = "New actor episodes that trigger the next version (default ${DEFAULT-VALUE}).")
  int episodesPerVersion;

  @Option(
      names = "--actors",
      defaultValue = "1",
      description =
          "Actors that must run the last version before the session ends (default ${DEFAULT-VALUE}).")
  int actors;

  @Option(
      names = "--port",
      defaultValue = "25520",
      description = "The port actors join (default ${DEFAULT-VALUE}).")
  int port;

  @CommandLine.Mixin ClusterOptions cluster;

  @Override
  public Integer call() throws Exception {
    ExperimentConfig cfg = ExperimentCommand.load(config, overrides);
    ClusterLearner.Plan plan;
    try {
      CentralLearner.method(cfg);
      plan = new ClusterLearner.Plan(versions, episodesPerVersion, actors);
    } catch (IllegalArgumentException e) {
      throw new UserException(config + ": " + e.getMessage(), e);
    }
    Outputs.writableDirectory(out, "--out");
    ClusterLearner.run(
        cluster.settings(port, Optional.empty()),
        cfg,
        Files.readString(config),
        overrides,
        out,
        plan,
        System.err);
    return 0;
  }
}
