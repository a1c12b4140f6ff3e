package dev.tandem.runtime.experiment;

import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.policy.DjlRuntime;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;

/**
 * Runs {@link ExperimentCell}s of one experiment into a run directory of their own (a cluster
 * worker's scratch folder), with the same code a single-JVM run uses. A method cell needs its round
 * 0 in that directory first: the demos in the task and seed's store (found by their tags) and round
 * 0's registry.
 */
public final class CellRunner implements AutoCloseable {
  private final ExperimentConfig config;
  private final ExperimentProgress progress;
  private final Clock clock;
  private final DjlRuntime djl;
  private final ActorSystem<SpawnProtocol.Command> system;

  public CellRunner(ExperimentConfig config, ExperimentProgress progress, Clock clock) {
    this.config = config;
    this.progress = progress;
    this.clock = clock;
    this.djl = DjlRuntime.start(Experiment.runtimeConfig(config));
    this.system = ActorSystem.create(SpawnProtocol.create(), "tandem-cells");
  }

  /** Runs {@code cell} into {@code runDir}; returns its rows and notes. */
  public CellOutput run(ExperimentCell cell, Path runDir) {
    List<String> notes = new ArrayList<>();
    CellWork work = new CellWork(config, progress, clock, notes);
    try (TaskSeed.Open open =
        TaskSeed.open(
            config, config.tasks().get(cell.task()), cell.seed(), runDir, djl, system, progress)) {
      TaskSeed ts = open.ts();
      List<RoundResult> rows =
          switch (cell.kind()) {
            case ROUND_ZERO -> work.roundZero(ts, cell.demoGroup()).rows();
            case METHOD -> methodRows(work, ts, cell);
          };
      return new CellOutput(rows, notes);
    }
  }

  private List<RoundResult> methodRows(CellWork work, TaskSeed ts, ExperimentCell cell) {
    List<Long> demoIds = new ArrayList<>();
    for (EpisodeKey key : CellWork.demoKeys(ts, cell.demoGroup())) {
      demoIds.add(
          ts.index()
              .complete(key)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          cell.name(config) + ": its round 0 lacks the demo " + key.tags())));
    }
    String label = CellWork.demosLabel(config, cell.demoGroup());
    PolicyVersion v0 =
        ts.registry(label)
            .latest()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        cell.name(config) + ": its round 0 has no policy in " + label));
    MethodConfig m =
        config.methods().stream()
            .filter(x -> x.name().equals(cell.method()))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no method '" + cell.method() + "'"));
    return work.methodRounds(ts, m, cell.demoGroup(), demoIds, v0);
  }

  @Override
  public void close() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
