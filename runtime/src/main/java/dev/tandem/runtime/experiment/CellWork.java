package dev.tandem.runtime.experiment;

import dev.tandem.core.data.EpisodeOutcome;
import dev.tandem.core.env.Environment;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeSummary;
import dev.tandem.intervention.memory.Memory;
import dev.tandem.intervention.operator.SimulatedOperatorConfig;
import dev.tandem.intervention.weighting.PlainBc;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.infer.InferencePolicy;
import dev.tandem.runtime.actors.RolloutPool;
import dev.tandem.runtime.training.Demonstrations;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The two kinds of work an experiment's task and seed is made of, each independent of where it runs
 * (seeded by its episode keys and the seed alone): {@linkplain #roundZero round 0} of a demo group
 * (its demos, the policy trained on them, that policy's evaluation, the operator alone) and
 * {@linkplain #methodRounds the rounds of one deployed method} starting from that round 0. A
 * single-JVM run does them one after the other in one {@link TaskSeed}; a cluster run hands each to
 * a worker as an {@link ExperimentCell}.
 */
final class CellWork {
  private final ExperimentConfig config;
  private final ExperimentProgress progress;
  private final Clock clock;
  private final List<String> notes;

  /** Work that reports notes (failed demos) into {@code notes}. */
  CellWork(ExperimentConfig config, ExperimentProgress progress, Clock clock, List<String> notes) {
    this.config = config;
    this.progress = progress;
    this.clock = clock;
    this.notes = notes;
  }

  /**
   * Round 0 of a demo group: its rows (round 0 of every method, then the operator alone when asked
   * for), the demos it trained on and the version it trained.
   */
  record RoundZero(List<RoundResult> rows, List<Long> demoIds, PolicyVersion version) {}

  RoundZero roundZero(TaskSeed ts, Double demoGroup) {
    List<Double> skills = skills(demoGroup);
    String demosLabel = demosLabel(config, demoGroup);
    List<Long> demoIds = collectDemos(ts, demoGroup);
    PolicyRegistry base = ts.registry(demosLabel);
    long tTrain = System.nanoTime();
    PolicyVersion v0 =
        ts.trainOrReuse(
            base, demoIds, new PlainBc(null), Memory.unlimited(), "round 0 (" + demosLabel + ")");
    double trainSeconds = (System.nanoTime() - tTrain) / 1e9;
    var trained = new TaskSeed.Trained(v0, ts.sampleCount(demoIds), trainSeconds);
    List<RoundResult> rows = new ArrayList<>();
    try (InferencePolicy p0 =
            InferencePolicy.start(ts.djl(), base.load(v0), ts.spec(), InferenceConfig.defaults());
        RolloutPool eval = ts.pool("round0-" + demosLabel, p0, Optional.empty())) {
      Figures f0 =
          ts.episodes(
              eval,
              ts.evaluation(new TaskSeed.Group(demosMethod(config), demoGroup), 0),
              "eval " + ts.key() + " round 0" + (demoGroup == null ? "" : " skill " + demoGroup));
      for (MethodConfig m : config.methods()) {
        rows.add(
            ts.result(new TaskSeed.Group(m.name(), demoGroup), 0, f0, Figures.NONE, trained, 0));
      }
      if (config.operatorBaseline()) {
        rows.addAll(operatorAlone(ts, p0, skills));
      }
    }
    return new RoundZero(rows, demoIds, v0);
  }

  /**
   * The rounds of the deployed method {@code m} under every skill of the demo group, starting from
   * round 0's version {@code v0} trained on {@code demoIds}.
   */
  List<RoundResult> methodRounds(
      TaskSeed ts, MethodConfig m, Double demoGroup, List<Long> demoIds, PolicyVersion v0) {
    PolicyRegistry base = ts.registry(demosLabel(config, demoGroup));
    List<RoundResult> out = new ArrayList<>();
    for (Double skill : skills(demoGroup)) {
      out.addAll(new RoundRunner(ts, m, skill, demoIds).run(base.load(v0)));
    }
    return out;
  }

  /**
   * A demo group's rows in the order of the report: round 0's rows, then each method's (a baseline
   * that is not deployed repeats its round 0 figures for every round).
   */
  static List<RoundResult> demoGroupRows(
      ExperimentConfig config,
      List<RoundResult> roundZeroRows,
      Map<String, List<RoundResult>> methodRows) {
    List<RoundResult> out = new ArrayList<>(roundZeroRows);
    for (MethodConfig m : config.methods()) {
      if (m.deploy()) {
        out.addAll(methodRows.get(m.name()));
        continue;
      }
      RoundResult r0 =
          roundZeroRows.stream()
              .filter(r -> r.method().equals(m.name()) && r.round() == 0)
              .findFirst()
              .orElseThrow();
      for (int round = 1; round <= config.rounds(); round++) {
        out.add(r0.atRound(round));
      }
    }
    return out;
  }

  /** The demo groups of a task and seed: one per skill with operator demos, else one. */
  static List<Double> demoGroups(ExperimentConfig config) {
    return config.operatorDemos() ? config.groupsOrSingle() : Collections.singletonList(null);
  }

  private List<Double> skills(Double demoGroup) {
    return config.operatorDemos() ? Collections.singletonList(demoGroup) : config.groupsOrSingle();
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
  static String demosLabel(ExperimentConfig config, Double demoGroup) {
    if (!config.operatorDemos()) {
      return demosMethod(config);
    }
    return demoGroup == null ? "operator-demos" : "operator-demos-skill" + demoGroup;
  }

  /**
   * The method tag of round 0's evaluation episodes and of the demos ({@code demos}; {@code
   * operator-demos} when the operator recorded them, {@code dataset-demos} when copied from a
   * dataset, so a resumed run with another demo source does not reuse them).
   */
  static String demosMethod(ExperimentConfig config) {
    return switch (config.demoSource()) {
      case EXPERT -> "demos";
      case OPERATOR -> "operator-demos";
      case DATASET -> "dataset-demos";
    };
  }

  /** The keys of a demo group's demos, in the order they are recorded and trained on. */
  static List<EpisodeKey> demoKeys(TaskSeed ts, Double demoGroup) {
    var group = new TaskSeed.Group(demosMethod(ts.config()), demoGroup);
    List<EpisodeKey> keys = new ArrayList<>();
    for (int i = 0; i < ts.config().demos(); i++) {
      keys.add(ts.episode(group, 0, EpisodeKey.Phase.DEMO, i));
    }
    return keys;
  }

  /**
   * The demos of a seed (reused when a resumed run recorded them): by the scripted expert, or by
   * the operator of {@code demoGroup} with {@code demoSource: operator}.
   */
  List<Long> collectDemos(TaskSeed ts, Double demoGroup) {
    if (config.demoSource() == DemoSource.DATASET) {
      return copyDemos(ts);
    }
    SimulatedOperatorConfig operator = config.operatorDemos() ? config.operatorOf(demoGroup) : null;
    String who = operator == null ? "scripted expert" : Demonstrations.describe(operator);
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
      for (EpisodeKey key : demoKeys(ts, demoGroup)) {
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
   * The first {@code demos} readable episodes of {@code demoDataset} (a path on the machine that
   * runs the cell), copied into the seed's store.
   */
  private List<Long> copyDemos(TaskSeed ts) {
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
      List<EpisodeKey> keys = demoKeys(ts, null);
      for (int i = 0; i < keys.size(); i++) {
        EpisodeKey key = keys.get(i);
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
