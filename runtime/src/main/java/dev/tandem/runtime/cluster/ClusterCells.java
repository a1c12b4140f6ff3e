package dev.tandem.runtime.cluster;

import dev.tandem.runtime.experiment.CellExecutor;
import dev.tandem.runtime.experiment.CellOutput;
import dev.tandem.runtime.experiment.ExperimentCell;
import dev.tandem.runtime.experiment.ExperimentConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Runs an experiment's cells on the workers of a Pekko cluster this JVM starts as its coordinator
 * (the seed node workers join); leaves the cluster when the run is done, and the workers stop.
 */
public final class ClusterCells implements CellExecutor {
  private final ClusterSettings settings;
  private final ExperimentConfig config;
  private final String configYaml;
  private final List<String> overrides;
  private final Path runDir;
  private final PrintStream log;

  public ClusterCells(
      ClusterSettings settings,
      ExperimentConfig config,
      String configYaml,
      List<String> overrides,
      Path runDir,
      PrintStream log) {
    this.settings = settings;
    this.config = config;
    this.configYaml = configYaml;
    this.overrides = List.copyOf(overrides);
    this.runDir = runDir;
    this.log = log;
  }

  @Override
  public Map<ExperimentCell, CellOutput> runAll(List<ExperimentCell> plan) {
    CompletableFuture<Map<ExperimentCell, CellOutput>> done = new CompletableFuture<>();
    var job = new CoordinatorActor.Job(config, configYaml, overrides, runDir, plan, done, log);
    ActorSystem<Void> system =
        ActorSystem.create(
            Behaviors.setup(
                ctx -> {
                  ctx.spawn(
                      CoordinatorActor.create(job),
                      "coordinator",
                      DispatcherSelector.fromConfig("tandem.cluster-dispatcher"));
                  return Behaviors.empty();
                }),
            ClusterSettings.SYSTEM,
            settings.config());
    log.println(
        "cluster: coordinator at "
            + settings.host()
            + ":"
            + settings.port()
            + "; start workers with: tandem worker --join "
            + settings.host()
            + ":"
            + settings.port());
    try {
      return done.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }
}
