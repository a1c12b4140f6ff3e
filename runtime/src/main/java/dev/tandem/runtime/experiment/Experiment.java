package dev.tandem.runtime.experiment;

import dev.tandem.core.data.EpisodeOutcome;
import dev.tandem.core.env.Environment;
import dev.tandem.core.env.EnvironmentConfig;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.store.DatasetSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeSummary;
import dev.tandem.core.store.StoreOptions;
import dev.tandem.intervention.memory.Memory;
import dev.tandem.intervention.operator.SimulatedOperatorConfig;
import dev.tandem.intervention.weighting.PlainBc;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.config.RuntimeConfig;
import dev.tandem.policy.infer.InferencePolicy;
import dev.tandem.runtime.actors.ActorScope;
import dev.tandem.runtime.actors.RecorderActor;
import dev.tandem.runtime.actors.RolloutPool;
import dev.tandem.runtime.training.Demonstrations;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    List<RoundResult> rounds = new ArrayList<>();
    RuntimeConfig rc =
        new RuntimeConfig(
            RuntimeConfig.DeviceChoice.valueOf(config.training().device().toUpperCase()), 1, 1);
    DjlRuntime djl = DjlRuntime.start(rc);
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
    ActorSystem<SpawnProtocol.Command> system =
        ActorSystem.create(SpawnProtocol.create(), "tandem-experiment");
    try {
      for (EnvironmentConfig task : config.tasks()) {
        EnvironmentSpec spec = task.spec();
        for (long seed : config.seeds()) {
          rounds.addAll(runTaskSeed(djl, system, task, spec, seed));
          write(earlier, started, t0, rounds); // partial results survive a crash
        }
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
    return write(earlier, started, t0, rounds);
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
      EnvironmentSpec spec,
      long seed) {
    String key = TaskSeed.key(task, seed);
    Path dataDir = runDir.resolve("data").resolve(key);
    // the scope closes first: its recorder has appended everything before the store closes
    try (EpisodeStore store =
            EpisodeStore.openOrCreate(dataDir, DatasetSpec.of(spec), StoreOptions.defaults());
        ActorScope actors = ActorScope.open(system, key.replaceAll("[^A-Za-z0-9.-]", "_"))) {
      var recorder =
          actors.spawn(RecorderActor.create(store), "recorder", "tandem.recorder-dispatcher");
      var ts =
          new TaskSeed(
              config,
              task,
              seed,
              spec,
              runDir,
              djl,
              store,
              new ResumeIndex(store),
              actors,
              recorder,
              progress);
      // demonstrations and round 0: shared by every method (and, when the operator records the
      // demos, by every method of its skill group)
      List<Double> demoGroups =
          config.operatorDemos() ? config.groupsOrSingle() : Collections.singletonList(null);
      List<RoundResult> out = new ArrayList<>();
      for (Double demoGroup : demoGroups) {
        out.addAll(runDemoGroup(ts, demoGroup));
      }
      return out;
    }
  }

  /**
   * The demos of a group (recorded by its operator with {@code demoSource: operator}; the one group
   * {@code null} otherwise), round 0 trained on them, and the rounds of every method that starts
   * from that round 0.
   */
  private List<RoundResult> runDemoGroup(TaskSeed ts, Double demoGroup) {
    List<Double> skills =
        config.operatorDemos() ? Collections.singletonList(demoGroup) : config.groupsOrSingle();
    String demosLabel = demosLabel(demoGroup);
    List<Long> demoIds = collectDemos(ts, demoGroup);
    PolicyRegistry base = ts.registry(demosLabel);
    long tTrain = System.nanoTime();
    PolicyVersion v0 =
        ts.trainOrReuse(
            base, demoIds, new PlainBc(null), Memory.unlimited(), "round 0 (" + demosLabel + ")");
    double trainSeconds = (System.nanoTime() - tTrain) / 1e9;
    var trained = new TaskSeed.Trained(v0, ts.sampleCount(demoIds), trainSeconds);
    List<RoundResult> out = new ArrayList<>();
    List<RoundResult> round0 = roundZero(ts, demoGroup, skills, base, trained, out);
    for (MethodConfig m : config.methods()) {
      if (!m.deploy()) {
        RoundResult r0 =
            round0.stream().filter(r -> r.method().equals(m.name())).findFirst().orElseThrow();
        for (int round = 1; round <= config.rounds(); round++) {
          out.add(r0.atRound(round));
        }
        continue;
      }
      for (Double skill : skills) {
        out.addAll(new RoundRunner(ts, m, skill, demoIds).run(base.load(v0)));
      }
    }
    return out;
  }

  /**
   * Evaluates round 0's policy once for every method, adds those rows (and, with {@code
   * operatorBaseline}, the operator alone) to {@code out}, and returns round 0's rows.
   */
  private List<RoundResult> roundZero(
      TaskSeed ts,
      Double demoGroup,
      List<Double> skills,
      PolicyRegistry base,
      TaskSeed.Trained trained,
      List<RoundResult> out) {
    try (InferencePolicy p0 =
            InferencePolicy.start(
                ts.djl(), base.load(trained.version()), ts.spec(), InferenceConfig.defaults());
        RolloutPool eval = ts.pool("round0-" + demosLabel(demoGroup), p0, Optional.empty())) {
      Figures f0 =
          ts.episodes(
              eval,
              ts.evaluation(new TaskSeed.Group(demosMethod(), demoGroup), 0),
              "eval " + ts.key() + " round 0" + (demoGroup == null ? "" : " skill " + demoGroup));
      List<RoundResult> round0 = new ArrayList<>();
      for (MethodConfig m : config.methods()) {
        round0.add(
            ts.result(new TaskSeed.Group(m.name(), demoGroup), 0, f0, Figures.NONE, trained, 0));
      }
      out.addAll(round0);
      if (config.operatorBaseline()) {
        out.addAll(operatorAlone(ts, p0, skills));
      }
      return round0;
    }
  }

  /**
   * The operator of each skill group driving the evaluation episodes alone (from the first step to
   * the end; the policy only proposes): one row per round with the same figures, so the report and
   * plots show it as a level next to the learners.
   */
  private List<RoundResult> operatorAlone(
      TaskSeed ts, InferencePolicy proposer, List<Double> skills) {
    List<RoundResult> out = new ArrayList<>();
    for (Double skill : skills) {
      var group = new TaskSeed.Group(ExperimentResults.OPERATOR_ALONE, skill);
      String label = group.label();
      try (RolloutPool alone =
          ts.pool(label, proposer, Optional.of(config.operatorOf(skill).alone()))) {
        Figures f = ts.episodes(alone, ts.evaluation(group, 0), "eval " + ts.key() + " " + label);
        for (int round = 0; round <= config.rounds(); round++) {
          out.add(ts.result(group, round, f, Figures.NONE, TaskSeed.Trained.NONE, 0));
        }
      }
    }
    return out;
  }

  /** The registry folder and progress label of round 0 trained on the demos of a group. */
  private String demosLabel(Double demoGroup) {
    if (!config.operatorDemos()) {
      return demosMethod();
    }
    return demoGroup == null ? "operator-demos" : "operator-demos-skill" + demoGroup;
  }

  /**
   * The method tag of round 0's evaluation episodes ({@code demos}; {@code operator-demos} when the
   * operator recorded them, so a resumed run with another demo source does not reuse them).
   */
  private String demosMethod() {
    return switch (config.demoSource()) {
      case EXPERT -> "demos";
      case OPERATOR -> "operator-demos";
      case DATASET -> "dataset-demos";
    };
  }

  /**
   * The demos of a seed (reused when a resumed run recorded them): by the scripted expert, or by
   * the operator of {@code demoGroup} with {@code demoSource: operator}.
   */
  private List<Long> collectDemos(TaskSeed ts, Double demoGroup) {
    if (config.demoSource() == DemoSource.DATASET) {
      return copyDemos(ts);
    }
    SimulatedOperatorConfig operator = config.operatorDemos() ? config.operatorOf(demoGroup) : null;
    String who = operator == null ? "scripted expert" : Demonstrations.describe(operator);
    var group = new TaskSeed.Group(demosMethod(), demoGroup);
    List<Long> ids = new ArrayList<>();
    int failed = 0;
    String label =
        "demos "
            + ts.task().taskName()
            + " seed "
            + ts.seed()
            + (operator == null ? "" : " by " + who);
    try (Environment env = ts.task().create();
        ExperimentProgress.Bar bar = progress.start(label, config.demos())) {
      for (int i = 0; i < config.demos(); i++) {
        EpisodeKey key = ts.episode(group, 0, EpisodeKey.Phase.DEMO, i);
        Optional<Long> existing = ts.index().complete(key);
        long id;
        if (existing.isPresent()) {
          id = existing.get();
        } else {
          id = Demonstrations.record(env, ts.store(), key.resetSeed(), key.tags(), clock, operator);
          ts.index().add(id, key);
          failed += succeeded(ts.store(), id) ? 0 : 1;
        }
        ids.add(id);
        bar.step();
      }
    }
    if (failed > 0) {
      notes.add(
          ts.task().taskName()
              + " seed "
              + ts.seed()
              + ": "
              + failed
              + " of "
              + config.demos()
              + " demonstrations by the "
              + who
              + " failed (kept as data)");
    }
    return ids;
  }

  /**
   * The first {@code demos} readable episodes of {@code demoDataset}, copied into the seed's store.
   */
  private List<Long> copyDemos(TaskSeed ts) {
    var group = new TaskSeed.Group(demosMethod(), null);
    String where = "demoDataset " + config.demoDataset();
    List<Long> ids = new ArrayList<>();
    try (EpisodeStore source = EpisodeStore.openReadOnly(config.demoDataset());
        ExperimentProgress.Bar bar =
            progress.start(
                "demos " + ts.task().taskName() + " seed " + ts.seed() + " from " + where,
                config.demos())) {
      Demonstrations.checkFits(source.spec(), ts.store().spec(), where);
      List<Long> available = source.readableEpisodeIds();
      if (available.size() < config.demos()) {
        throw new IllegalArgumentException(
            where
                + ": "
                + available.size()
                + " readable episodes, demos asks for "
                + config.demos());
      }
      for (int i = 0; i < config.demos(); i++) {
        EpisodeKey key = ts.episode(group, 0, EpisodeKey.Phase.DEMO, i);
        Optional<Long> existing = ts.index().complete(key);
        long from = available.get(i);
        long id =
            existing.orElseGet(() -> Demonstrations.copy(source, from, ts.store(), key.tags()));
        if (existing.isEmpty()) {
          ts.index().add(id, key);
        }
        ids.add(id);
        bar.step();
      }
    }
    return ids;
  }

  private static boolean succeeded(EpisodeStore store, long id) {
    return store
        .episode(id)
        .flatMap(EpisodeSummary::outcome)
        .map(EpisodeOutcome::success)
        .orElse(false);
  }
}
