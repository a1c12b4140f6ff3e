package dev.tandem.runtime.experiment;

import dev.tandem.core.env.EnvironmentConfig;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.config.RuntimeConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;

/**
 * Runs an {@link ExperimentConfig} into {@code runs/<id>/}: one episode store per task and seed
 * ({@code data/}), the policies of every round ({@code policies/}), {@code results.json}, {@code
 * report.md} and the plots ({@link ResultsFile}).
 *
 * <p>One actor system serves the run; each task and seed works in its own {@link TaskSeed} (its
 * store, actors and {@link ResumeIndex}): demos and round 0 per demo group, then a {@link
 * RoundRunner} per deployed method and operator-skill group.
 *
 * <p>Resumable: every episode is recorded with tags naming its task, seed, method, round, phase and
 * index ({@link EpisodeKey}), and every trained policy is kept in a registry per (task, seed,
 * method). A rerun of the same run directory reuses each complete episode and each published policy
 * instead of producing it again, so a run killed midway continues where it stopped with the same
 * numbers.
 */
public final class Experiment {
  private final ExperimentConfig config;
  private final Path runDir;
  private final ExperimentProgress progress;
  private final Clock clock;
  private final ResultsFile results;
  private final List<String> notes = new ArrayList<>();

  /** An experiment that shows its progress on {@code progress}. */
  public Experiment(
      ExperimentConfig config, Path runDir, ExperimentProgress progress, Clock clock) {
    this.config = config;
    this.runDir = runDir;
    this.progress = progress;
    this.clock = clock;
    this.results = new ResultsFile(config, runDir);
  }

  /**
   * An experiment that shows nothing while it runs ({@code quiet}), or a line per step on stderr.
   */
  public Experiment(ExperimentConfig config, Path runDir, boolean quiet, Clock clock) {
    this(
        config,
        runDir,
        quiet ? ExperimentProgress.NONE : ExperimentProgress.lines(System.err),
        clock);
  }

  /**
   * Runs (or, in a run directory that holds a run, resumes) the experiment.
   *
   * @throws IllegalStateException when the run directory recorded other settings (see {@link
   *     RunSettings}); nothing is written then
   */
  public ExperimentResults run() {
    return produce(this::runHere);
  }

  /**
   * Runs (or resumes) the experiment with its cells run by {@code cells} (a cluster's workers),
   * then writes the same results as a run in one JVM.
   *
   * @throws IllegalStateException when the run directory recorded other settings
   */
  public ExperimentResults run(CellExecutor cells) {
    return produce(writePartial -> assemble(cells.runAll(ExperimentCell.plan(config))));
  }

  /** What produces a run's rows; it may write partial results as it goes. */
  private interface Rows {
    List<RoundResult> produce(java.util.function.Consumer<List<RoundResult>> writePartial);
  }

  private ExperimentResults produce(Rows rows) {
    Map<String, String> settings = RunSettings.of(config);
    RunSettings.read(runDir)
        .map(recorded -> RunSettings.differences(recorded, settings))
        .filter(d -> !d.isEmpty())
        .ifPresent(
            d -> {
              throw new IllegalStateException(
                  RunSettings.refusal(runDir.getFileName().toString(), d));
            });
    RunSettings.write(runDir, settings);
    List<ExperimentResults.Segment> earlier = results.earlierSegments(notes);
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    if (config.demoSource() == DemoSource.DATASET) {
      notes.add("demos copied from " + config.demoDataset() + " (demoSource: dataset)");
    }
    if (config.operatorDemos()) {
      notes.add(
          "demos recorded by the simulated operator (demoSource: operator)"
              + (config.operatorSkills().isEmpty()
                  ? ""
                  : ", per skill group; round 0 is each group's BC on its operator's demos"));
    }
    List<RoundResult> all = rows.produce(partial -> write(earlier, started, t0, partial));
    return write(earlier, started, t0, all);
  }

  /**
   * The DJL settings of an experiment (its training device; one inference and one intra-op thread).
   */
  static RuntimeConfig runtimeConfig(ExperimentConfig config) {
    return new RuntimeConfig(
        RuntimeConfig.DeviceChoice.valueOf(config.training().device().toUpperCase()), 1, 1);
  }

  /** Every task and seed in this JVM, one after the other; results written after each. */
  private List<RoundResult> runHere(java.util.function.Consumer<List<RoundResult>> writePartial) {
    List<RoundResult> rounds = new ArrayList<>();
    DjlRuntime djl = DjlRuntime.start(runtimeConfig(config));
    ActorSystem<SpawnProtocol.Command> system =
        ActorSystem.create(SpawnProtocol.create(), "tandem-experiment");
    try {
      for (EnvironmentConfig task : config.tasks()) {
        for (long seed : config.seeds()) {
          rounds.addAll(runTaskSeed(djl, system, task, seed));
          writePartial.accept(rounds); // partial results survive a crash
        }
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
    return rounds;
  }

  /** The rows of every cell in report order, and the notes of the round-0 cells. */
  private List<RoundResult> assemble(Map<ExperimentCell, CellOutput> outputs) {
    List<RoundResult> rows = new ArrayList<>();
    for (ExperimentCell zero : ExperimentCell.plan(config)) {
      if (zero.kind() != ExperimentCell.Kind.ROUND_ZERO) {
        continue;
      }
      CellOutput z = outputs.get(zero);
      notes.addAll(z.notes());
      Map<String, List<RoundResult>> methodRows = new HashMap<>();
      for (MethodConfig m : config.methods()) {
        if (m.deploy()) {
          var cell =
              new ExperimentCell(
                  ExperimentCell.Kind.METHOD, zero.task(), zero.seed(), zero.demoGroup(), m.name());
          methodRows.put(m.name(), outputs.get(cell).rows());
        }
      }
      rows.addAll(CellWork.demoGroupRows(config, z.rows(), methodRows));
    }
    return rows;
  }

  private ExperimentResults write(
      List<ExperimentResults.Segment> earlier, Instant started, long t0, List<RoundResult> rounds) {
    List<String> baselines =
        config.methods().stream().filter(m -> !m.deploy()).map(MethodConfig::name).toList();
    List<ExperimentResults.Segment> segments = new ArrayList<>(earlier);
    segments.add(
        new ExperimentResults.Segment(started, clock.instant(), (System.nanoTime() - t0) / 1e9));
    ExperimentResults r =
        new ExperimentResults(
            config.name(),
            runDir.getFileName().toString(),
            segments,
            config.seeds(),
            baselines,
            notes,
            rounds);
    results.write(r);
    return r;
  }

  // ------------------------------------------------------------------ one task, one seed

  private List<RoundResult> runTaskSeed(
      DjlRuntime djl,
      ActorSystem<SpawnProtocol.Command> system,
      EnvironmentConfig task,
      long seed) {
    CellWork work = new CellWork(config, progress, clock, notes);
    try (TaskSeed.Open open = TaskSeed.open(config, task, seed, runDir, djl, system, progress)) {
      TaskSeed ts = open.ts();
      List<RoundResult> out = new ArrayList<>();
      // demonstrations and round 0: shared by every method (and, when the operator records the
      // demos, by every method of its skill group)
      for (Double demoGroup : CellWork.demoGroups(config)) {
        CellWork.RoundZero zero = work.roundZero(ts, demoGroup);
        Map<String, List<RoundResult>> methodRows = new HashMap<>();
        for (MethodConfig m : config.methods()) {
          if (m.deploy()) {
            methodRows.put(
                m.name(), work.methodRounds(ts, m, demoGroup, zero.demoIds(), zero.version()));
          }
        }
        out.addAll(CellWork.demoGroupRows(config, zero.rows(), methodRows));
      }
      return out;
    }
  }
}
