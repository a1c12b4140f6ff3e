package dev.tandem.runtime.experiment;

import dev.tandem.core.data.Episode;
import dev.tandem.core.data.EpisodeOutcome;
import dev.tandem.core.env.Environment;
import dev.tandem.core.env.EnvironmentConfig;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.store.DatasetSpec;
import dev.tandem.core.store.EpisodeStatus;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeSummary;
import dev.tandem.core.store.StoreOptions;
import dev.tandem.intervention.memory.Memory;
import dev.tandem.intervention.operator.SimulatedOperatorConfig;
import dev.tandem.intervention.weighting.PlainBc;
import dev.tandem.intervention.weighting.WeightingScheme;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.config.RuntimeConfig;
import dev.tandem.policy.infer.InferencePolicy;
import dev.tandem.runtime.actors.LearnerActor;
import dev.tandem.runtime.actors.RecorderActor;
import dev.tandem.runtime.cli.Progress;
import dev.tandem.runtime.training.Demonstrations;
import dev.tandem.runtime.training.RlifLearning;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Runs an {@link ExperimentConfig} into {@code runs/<id>/}: one episode store per task and seed
 * ({@code data/}), the policies of every round ({@code policies/}), {@code results.json}, {@code
 * report.md} and the plots.
 *
 * <p>Resumable: every episode is recorded with tags naming its task, seed, method, round, phase and
 * index, and every trained policy is kept in a registry per (task, seed, method). A rerun of the
 * same run directory reuses each complete episode and each published policy instead of producing it
 * again, so a run killed midway continues where it stopped with the same numbers.
 */
public final class Experiment {
  private static final Duration EPISODE_TIMEOUT = Duration.ofMinutes(5);
  private static final String RESULTS_FILE = "results.json";

  private final ExperimentConfig config;
  private final Path runDir;
  private final boolean quiet;
  private final Clock clock;
  private final List<String> notes = new ArrayList<>();
  private int learners;

  public Experiment(ExperimentConfig config, Path runDir, boolean quiet, Clock clock) {
    this.config = config;
    this.runDir = runDir;
    this.quiet = quiet;
    this.clock = clock;
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
    List<ExperimentResults.Segment> earlier = earlierSegments();
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    List<RoundResult> results = new ArrayList<>();
    RuntimeConfig rc =
        new RuntimeConfig(
            RuntimeConfig.DeviceChoice.valueOf(config.training().device().toUpperCase()), 1, 1);
    DjlRuntime djl = DjlRuntime.start(rc);
    if (config.operatorDemos()) {
      notes.add(
          "demos recorded by the simulated operator (demoSource: operator)"
              + (config.operatorSkills().isEmpty()
                  ? ""
                  : ", per skill group; round 0 is each group's BC on its operator's demos"));
    }
    for (EnvironmentConfig task : config.tasks()) {
      for (long seed : config.seeds()) {
        results.addAll(runTaskSeed(djl, task, seed));
        write(earlier, started, t0, results); // partial results survive a crash
      }
    }
    return write(earlier, started, t0, results);
  }

  /**
   * The segments an earlier, interrupted or finished, run in this directory reported in its
   * results.json (none for a new run; a segment killed before its first task and seed finished left
   * no results and is not known).
   */
  private List<ExperimentResults.Segment> earlierSegments() {
    Path file = runDir.resolve(RESULTS_FILE);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      com.fasterxml.jackson.databind.JsonNode json =
          dev.tandem.runtime.cli.Json.mapper().readTree(file.toFile());
      List<ExperimentResults.Segment> out = new ArrayList<>();
      com.fasterxml.jackson.databind.JsonNode segments = json.get("segments");
      if (segments != null && segments.isArray()) {
        segments.forEach(n -> out.add(segment(n)));
      } else {
        out.add(segment(json)); // written before runs listed their segments
      }
      return out;
    } catch (IOException | RuntimeException e) {
      notes.add(
          "earlier segments of this resumed run are not known: "
              + file
              + " could not be read ("
              + e.getMessage()
              + ")");
      return List.of();
    }
  }

  private static ExperimentResults.Segment segment(com.fasterxml.jackson.databind.JsonNode n) {
    return new ExperimentResults.Segment(
        Instant.parse(n.get("started_at").asText()),
        Instant.parse(n.get("finished_at").asText()),
        n.get("wall_seconds").asDouble());
  }

  private ExperimentResults write(
      List<ExperimentResults.Segment> earlier,
      Instant started,
      long t0,
      List<RoundResult> results) {
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
            results);
    Path file = runDir.resolve(RESULTS_FILE);
    Path tmp = runDir.resolve(RESULTS_FILE + ".partial");
    try {
      Files.createDirectories(runDir);
      dev.tandem.runtime.cli.Json.mapper()
          .writerWithDefaultPrettyPrinter()
          .writeValue(tmp.toFile(), resultsJson(r));
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    ExperimentReport.write(r, runDir);
    return r;
  }

  private Map<String, Object> resultsJson(ExperimentResults r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.name());
    m.put("run_id", r.runId());
    m.put("started_at", r.startedAt().toString());
    m.put("finished_at", r.finishedAt().toString());
    m.put("wall_seconds", r.wallSeconds());
    m.put("resumed", r.resumed());
    m.put(
        "segments",
        r.segments().stream()
            .map(
                g -> {
                  Map<String, Object> e = new LinkedHashMap<>();
                  e.put("started_at", g.startedAt().toString());
                  e.put("finished_at", g.finishedAt().toString());
                  e.put("wall_seconds", g.wallSeconds());
                  return e;
                })
            .toList());
    m.put("seeds", r.seeds());
    m.put("baseline_methods", r.baselineMethods());
    m.put(
        "operator_skills",
        r.rounds().stream()
            .map(RoundResult::operatorSkill)
            .filter(java.util.Objects::nonNull)
            .distinct()
            .sorted()
            .toList());
    m.put("methods", methodsJson());
    m.put("notes", r.notes());
    m.put("rounds", r.rounds());
    return m;
  }

  /** How each method learns, for the reader of results.json. */
  private List<Map<String, Object>> methodsJson() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (MethodConfig m : config.methods()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", m.name());
      e.put("deploy", m.deploy());
      if (m.learner() instanceof RlifSettings rs) {
        e.put("learner", "rlif");
        e.put("rlif", rs);
      } else {
        e.put("weighting", m.weighting().getClass().getSimpleName());
      }
      out.add(e);
    }
    return out;
  }

  // ------------------------------------------------------------------ one task, one seed

  private List<RoundResult> runTaskSeed(DjlRuntime djl, EnvironmentConfig task, long seed) {
    String key = task.taskName() + "-seed" + seed;
    EnvironmentSpec spec;
    try (Environment probe = task.create()) {
      spec = probe.spec();
    }
    Path dataDir = runDir.resolve("data").resolve(key);
    List<RoundResult> out = new ArrayList<>();
    ActorSystem<SpawnProtocol.Command> system =
        ActorSystem.create(
            SpawnProtocol.create(),
            "tandem-" + task.taskName().replaceAll("[^A-Za-z0-9]", "") + seed);
    try (EpisodeStore store =
        EpisodeStore.openOrCreate(dataDir, DatasetSpec.of(spec), StoreOptions.defaults())) {
      ActorRef<RecorderActor.Command> recorder =
          RolloutPool.spawnIn(
              system, RecorderActor.create(store), "recorder", "tandem.recorder-dispatcher");
      Tagged tagged = new Tagged(store);

      // demonstrations and round 0: shared by every method (and, when the operator records the
      // demos, by every method of its skill group)
      List<Double> demoGroups =
          config.operatorDemos() ? config.groupsOrSingle() : Collections.singletonList(null);
      for (Double demoGroup : demoGroups) {
        List<Double> skills =
            config.operatorDemos() ? Collections.singletonList(demoGroup) : config.groupsOrSingle();
        String demosLabel = demosLabel(demoGroup);
        List<Long> demoIds = collectDemos(task, seed, store, tagged, demoGroup);
        PolicyRegistry base =
            new PolicyRegistry(runDir.resolve("policies").resolve(key).resolve(demosLabel));
        long tTrain = System.nanoTime();
        PolicyVersion v0 =
            trainOrReuse(
                system,
                djl,
                base,
                store,
                spec,
                demoIds,
                new PlainBc(null),
                Memory.unlimited(),
                seed,
                "round 0 (" + demosLabel + ")");
        double trainSeconds0 = (System.nanoTime() - tTrain) / 1e9;
        List<RoundResult> round0 = new ArrayList<>();
        try (InferencePolicy p0 =
                InferencePolicy.start(djl, base.load(v0), spec, InferenceConfig.defaults());
            RolloutPool eval =
                new RolloutPool(
                    system,
                    "round0-" + demosLabel,
                    spec,
                    task::create,
                    config.parallelEnvironments(),
                    p0,
                    Optional.empty(),
                    recorder)) {
          Figures f0 =
              episodes(
                  eval,
                  store,
                  tagged,
                  evalRequests(task, seed, demosMethod(), 0, demoGroup),
                  "eval " + key + " round 0" + (demoGroup == null ? "" : " skill " + demoGroup));
          for (MethodConfig m : config.methods()) {
            round0.add(
                result(
                    task,
                    m.name(),
                    seed,
                    0,
                    f0,
                    Figures.NONE,
                    sampleCount(store, demoIds),
                    trainSeconds0,
                    0,
                    v0,
                    demoGroup));
          }
          out.addAll(round0);
          if (config.operatorBaseline()) {
            out.addAll(
                operatorAlone(system, recorder, task, spec, seed, key, store, tagged, p0, skills));
          }
        }

        for (MethodConfig m : config.methods()) {
          if (!m.deploy()) {
            RoundResult r0 =
                round0.stream().filter(r -> r.method().equals(m.name())).findFirst().orElseThrow();
            for (int round = 1; round <= config.rounds(); round++) {
              out.add(copyRound(r0, round));
            }
            continue;
          }
          for (Double skill : skills) {
            out.addAll(
                runMethod(
                    djl,
                    system,
                    recorder,
                    task,
                    spec,
                    seed,
                    key,
                    store,
                    tagged,
                    demoIds,
                    base.load(v0),
                    m,
                    skill));
          }
        }
      }
      terminate(system); // the recorder flushes on stop, before the store closes
    } finally {
      terminate(system);
    }
    return out;
  }

  private static void terminate(ActorSystem<?> system) {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }

  private List<RoundResult> runMethod(
      DjlRuntime djl,
      ActorSystem<SpawnProtocol.Command> system,
      ActorRef<RecorderActor.Command> recorder,
      EnvironmentConfig task,
      EnvironmentSpec spec,
      long seed,
      String key,
      EpisodeStore store,
      Tagged tagged,
      List<Long> demoIds,
      dev.tandem.policy.checkpoint.StoredPolicy initial,
      MethodConfig m,
      Double skill) {
    List<RoundResult> out = new ArrayList<>();
    String label = skill == null ? m.name() : m.name() + "-skill" + skill;
    PolicyRegistry registry =
        new PolicyRegistry(runDir.resolve("policies").resolve(key).resolve(label));
    List<Long> trainingIds = new ArrayList<>(demoIds);
    List<Long> deployedIds = new ArrayList<>();
    SimulatedOperatorConfig operator = config.operatorOf(skill);
    try (RlifLearning rlif =
            m.learner() instanceof RlifSettings rs
                ? new RlifLearning(
                    djl, rs, spec, runDir.resolve("learners").resolve(key).resolve(label), seed)
                : null;
        InferencePolicy policy =
            InferencePolicy.start(djl, initial, spec, InferenceConfig.defaults());
        RolloutPool deploy =
            new RolloutPool(
                system,
                "deploy-" + label,
                spec,
                task::create,
                config.parallelEnvironments(),
                policy,
                Optional.of(operator),
                recorder);
        RolloutPool eval =
            new RolloutPool(
                system,
                "eval-" + label,
                spec,
                task::create,
                config.parallelEnvironments(),
                policy,
                Optional.empty(),
                recorder)) {
      for (int round = 1; round <= config.rounds(); round++) {
        long tRound = System.nanoTime();
        List<EpisodeRequest> reqs = new ArrayList<>();
        for (int i = 0; i < config.deployEpisodes(); i++) {
          reqs.add(
              new EpisodeRequest(
                  episodeSeed(seed, 1 + round, i),
                  withSkill(tags(task, seed, m.name(), round, "deploy", i), skill)));
        }
        Figures deployed =
            episodes(
                deploy, store, tagged, reqs, "deploy " + key + " " + label + " round " + round);
        trainingIds.addAll(deployed.episodeIds());
        deployedIds.addAll(deployed.episodeIds());
        long tTrain = System.nanoTime();
        PolicyVersion v =
            rlif != null
                ? rlifOrReuse(
                    rlif, registry, store, demoIds, deployedIds, trainingIds, round, label)
                : trainOrReuse(
                    system,
                    djl,
                    registry,
                    store,
                    spec,
                    trainingIds,
                    m.weighting(),
                    m.memory(),
                    seed,
                    label + " round " + round);
        double trainSeconds = (System.nanoTime() - tTrain) / 1e9;
        policy.swap(registry.load(v)).join();
        Figures evaluated =
            episodes(
                eval,
                store,
                tagged,
                evalRequests(task, seed, m.name(), round, skill),
                "eval " + key + " " + label + " round " + round);
        out.add(
            result(
                task,
                m.name(),
                seed,
                round,
                evaluated,
                deployed,
                sampleCount(store, trainingIds),
                trainSeconds,
                (System.nanoTime() - tRound) / 1e9,
                v,
                skill));
      }
    }
    return out;
  }

  /**
   * The operator of each skill group driving the evaluation episodes alone (from the first step to
   * the end; the policy only proposes): one row per round with the same figures, so the report and
   * plots show it as a level next to the learners.
   */
  private List<RoundResult> operatorAlone(
      ActorSystem<SpawnProtocol.Command> system,
      ActorRef<RecorderActor.Command> recorder,
      EnvironmentConfig task,
      EnvironmentSpec spec,
      long seed,
      String key,
      EpisodeStore store,
      Tagged tagged,
      InferencePolicy proposer,
      List<Double> skills) {
    String method = ExperimentResults.OPERATOR_ALONE;
    List<RoundResult> out = new ArrayList<>();
    for (Double skill : skills) {
      String label = skill == null ? method : method + "-skill" + skill;
      try (RolloutPool alone =
          new RolloutPool(
              system,
              label,
              spec,
              task::create,
              config.parallelEnvironments(),
              proposer,
              Optional.of(config.operatorOf(skill).alone()),
              recorder)) {
        Figures f =
            episodes(
                alone,
                store,
                tagged,
                evalRequests(task, seed, method, 0, skill),
                "eval " + key + " " + label);
        for (int round = 0; round <= config.rounds(); round++) {
          out.add(
              result(
                  task, method, seed, round, f, Figures.NONE, 0, 0, 0, PolicyVersion.NONE, skill));
        }
      }
    }
    return out;
  }

  /**
   * RLIF's round: reuses a published actor whose data matches and whose learner state was saved (a
   * resumed run), otherwise continues the learner (from memory or from the previous round's saved
   * state) on this round's data and publishes the actor.
   */
  private PolicyVersion rlifOrReuse(
      RlifLearning rlif,
      PolicyRegistry registry,
      EpisodeStore store,
      List<Long> demoIds,
      List<Long> deployedIds,
      List<Long> trainingIds,
      int round,
      String label) {
    String dataKey = trainingIds.size() + ":" + trainingIds.hashCode();
    if (Files.isRegularFile(rlif.statePath(round))) {
      for (PolicyVersion v : registry.list()) {
        if (dataKey.equals(registry.load(v).checkpoint().info().get("experiment.data"))) {
          return v; // resumed: this round was learnt before the interruption
        }
      }
    }
    Map<String, String> info = new TreeMap<>();
    info.put("experiment.data", dataKey);
    info.put("experiment.what", label + " round " + round + " (rlif)");
    return registry.publish(
        rlif.learnRound(store, demoIds, deployedIds, config.segmenter(), round, info).checkpoint());
  }

  /**
   * The version trained on {@code episodeIds} with {@code weighting}: the one already in the
   * registry when a resumed run trained it before, else a {@link LearnerActor} trains and publishes
   * it.
   */
  private PolicyVersion trainOrReuse(
      ActorSystem<SpawnProtocol.Command> system,
      DjlRuntime djl,
      PolicyRegistry registry,
      EpisodeStore store,
      EnvironmentSpec spec,
      List<Long> episodeIds,
      WeightingScheme weighting,
      Memory memory,
      long seed,
      String what) {
    List<PolicyVersion> published = registry.list();
    String dataKey = episodeIds.size() + ":" + episodeIds.hashCode();
    for (PolicyVersion v : published) {
      if (dataKey.equals(registry.load(v).checkpoint().info().get("experiment.data"))) {
        return v; // resumed: this round was trained before the interruption
      }
    }
    Map<String, String> info = new TreeMap<>();
    info.put("experiment.data", dataKey);
    info.put("experiment.what", what);
    ActorRef<LearnerActor.Command> learner =
        RolloutPool.spawnIn(
            system,
            LearnerActor.create(
                new LearnerActor.Setup(
                    djl,
                    store,
                    registry,
                    spec,
                    config.segmenter(),
                    weighting,
                    memory,
                    config.training())),
            "learner-" + learners++,
            "tandem.learner-dispatcher");
    try {
      LearnerActor.Trained t =
          AskPattern.<LearnerActor.Command, LearnerActor.Trained>ask(
                  learner,
                  replyTo -> new LearnerActor.Retrain(episodeIds, seed, info, replyTo),
                  Duration.ofHours(6),
                  system.scheduler())
              .toCompletableFuture()
              .join();
      if (!t.ok()) {
        throw new IllegalStateException(what + ": training failed: " + t.error());
      }
      return t.version();
    } finally {
      learner.tell(new LearnerActor.Stop());
    }
  }

  // ------------------------------------------------------------------ episodes

  private List<EpisodeRequest> evalRequests(
      EnvironmentConfig task, long seed, String method, int round) {
    return evalRequests(task, seed, method, round, null);
  }

  private List<EpisodeRequest> evalRequests(
      EnvironmentConfig task, long seed, String method, int round, Double skill) {
    List<EpisodeRequest> reqs = new ArrayList<>();
    for (int i = 0; i < config.evalEpisodes(); i++) {
      reqs.add(
          new EpisodeRequest(
              episodeSeed(seed, 0, i),
              withSkill(tags(task, seed, method, round, "eval", i), skill)));
    }
    return reqs;
  }

  /** Tags of an episode of a skill group carry the skill (none without groups: old runs resume). */
  private static Map<String, String> withSkill(Map<String, String> tags, Double skill) {
    if (skill != null) {
      tags.put("operatorSkill", Double.toString(skill));
    }
    return tags;
  }

  /** Seeds: phase 0 evaluation (the same for every method and round), 1 demos, 2+ deploy rounds. */
  static long episodeSeed(long seed, int phase, int index) {
    return seed * 1_000_003L + phase * 10_000L + index;
  }

  private static Map<String, String> tags(
      EnvironmentConfig task, long seed, String method, int round, String phase, int index) {
    Map<String, String> t = new TreeMap<>();
    t.put("task", task.taskName());
    t.put("seed", Long.toString(seed));
    t.put("method", method);
    t.put("round", Integer.toString(round));
    t.put("phase", phase);
    t.put("index", Integer.toString(index));
    return t;
  }

  /** Runs (or reuses) the episodes and sums their figures. */
  private Figures episodes(
      RolloutPool pool,
      EpisodeStore store,
      Tagged tagged,
      List<EpisodeRequest> reqs,
      String label) {
    List<EpisodeRequest> missing = new ArrayList<>();
    Map<Integer, Long> reused = new HashMap<>();
    for (int i = 0; i < reqs.size(); i++) {
      Optional<Long> id = tagged.complete(reqs.get(i).tags());
      if (id.isPresent()) {
        reused.put(i, id.get());
      } else {
        missing.add(reqs.get(i));
      }
    }
    if (!missing.isEmpty()) {
      try (Progress bar = Progress.start(label, missing.size(), quiet)) {
        pool.run(missing, EPISODE_TIMEOUT, i -> bar.step());
      }
      pool.flushRecorder(); // every step sent is appended before the store is read
    }
    List<Long> ids = new ArrayList<>();
    for (EpisodeRequest r : reqs) {
      ids.add(
          tagged
              .complete(r.tags())
              .orElseThrow(
                  () -> new IllegalStateException("episode " + r.tags() + " was not recorded")));
    }
    return Figures.of(store, ids);
  }

  /** The registry folder and progress label of round 0 trained on the demos of a group. */
  private String demosLabel(Double demoGroup) {
    if (!config.operatorDemos()) {
      return "demos";
    }
    return demoGroup == null ? "operator-demos" : "operator-demos-skill" + demoGroup;
  }

  /**
   * The method tag of round 0's evaluation episodes ({@code demos}; {@code operator-demos} when the
   * operator recorded them, so a resumed run with another demo source does not reuse them).
   */
  private String demosMethod() {
    return config.operatorDemos() ? "operator-demos" : "demos";
  }

  /**
   * The demos of a seed (reused when a resumed run recorded them): by the scripted expert, or by
   * the operator of {@code demoGroup} with {@code demoSource: operator}.
   */
  private List<Long> collectDemos(
      EnvironmentConfig task, long seed, EpisodeStore store, Tagged tagged, Double demoGroup) {
    SimulatedOperatorConfig operator = config.operatorDemos() ? config.operatorOf(demoGroup) : null;
    String who = operator == null ? "scripted expert" : Demonstrations.describe(operator);
    List<Long> ids = new ArrayList<>();
    int failed = 0;
    try (Environment env = task.create();
        Progress bar =
            Progress.start(
                "demos "
                    + task.taskName()
                    + " seed "
                    + seed
                    + (operator == null ? "" : " by " + who),
                config.demos(),
                quiet)) {
      for (int i = 0; i < config.demos(); i++) {
        Map<String, String> t = withSkill(tags(task, seed, demosMethod(), 0, "demo", i), demoGroup);
        Optional<Long> existing = tagged.complete(t);
        if (existing.isPresent()) {
          ids.add(existing.get());
          bar.step();
          continue;
        }
        long id = Demonstrations.record(env, store, episodeSeed(seed, 1, i), t, clock, operator);
        tagged.add(id, t);
        ids.add(id);
        if (!store
            .episode(id)
            .flatMap(EpisodeSummary::outcome)
            .map(EpisodeOutcome::success)
            .orElse(false)) {
          failed++;
        }
        bar.step();
      }
    }
    if (failed > 0) {
      notes.add(
          task.taskName()
              + " seed "
              + seed
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

  private static long sampleCount(EpisodeStore store, List<Long> ids) {
    long n = 0;
    for (long id : ids) {
      n += store.episode(id).map(EpisodeSummary::steps).orElse(0);
    }
    return n;
  }

  private static RoundResult result(
      EnvironmentConfig task,
      String method,
      long seed,
      int round,
      Figures eval,
      Figures deploy,
      long samples,
      double trainSeconds,
      double roundSeconds,
      PolicyVersion v,
      Double skill) {
    return new RoundResult(
        task.taskName(),
        method,
        seed,
        round,
        eval.successRate(),
        eval.episodes(),
        deploy.successRate(),
        deploy.episodes(),
        deploy.interventionsPerEpisode(),
        deploy.humanStepsPerEpisode(),
        deploy.humanShare(),
        samples,
        trainSeconds,
        roundSeconds,
        v.toString(),
        skill);
  }

  private static RoundResult copyRound(RoundResult r, int round) {
    return new RoundResult(
        r.task(),
        r.method(),
        r.seed(),
        round,
        r.evalSuccessRate(),
        r.evalEpisodes(),
        r.deploySuccessRate(),
        r.deployEpisodes(),
        r.interventionsPerEpisode(),
        r.humanStepsPerEpisode(),
        r.humanStepShare(),
        r.trainSamples(),
        r.trainSeconds(),
        r.roundSeconds(),
        r.policyVersion(),
        r.operatorSkill());
  }

  /** Sums over recorded episodes. */
  record Figures(
      List<Long> episodeIds,
      int episodes,
      double successRate,
      double interventionsPerEpisode,
      double humanStepsPerEpisode,
      double humanShare) {
    static final Figures NONE = new Figures(List.of(), 0, 0, 0, 0, 0);

    static Figures of(EpisodeStore store, List<Long> ids) {
      int success = 0;
      long interventions = 0;
      long human = 0;
      long steps = 0;
      for (long id : ids) {
        Episode e = store.readEpisode(id);
        success += e.outcome().success() ? 1 : 0;
        interventions += e.interventionCount();
        human += e.humanSteps();
        steps += e.length();
      }
      int n = ids.size();
      return new Figures(
          List.copyOf(ids),
          n,
          n == 0 ? 0 : (double) success / n,
          n == 0 ? 0 : (double) interventions / n,
          n == 0 ? 0 : (double) human / n,
          steps == 0 ? 0 : (double) human / steps);
    }
  }

  /** Finds complete episodes by their tags. */
  static final class Tagged {
    private final EpisodeStore store;
    private final Map<Map<String, String>, Long> byTags = new HashMap<>();

    Tagged(EpisodeStore store) {
      this.store = store;
      refresh();
    }

    void refresh() {
      for (EpisodeSummary s : store.episodes()) {
        if (s.status() == EpisodeStatus.COMPLETE && s.meta().isPresent()) {
          byTags.putIfAbsent(s.meta().get().tags(), s.id());
        }
      }
    }

    void add(long id, Map<String, String> tags) {
      byTags.put(Map.copyOf(tags), id);
    }

    Optional<Long> complete(Map<String, String> tags) {
      Long id = byTags.get(tags);
      if (id == null) {
        refresh();
        id = byTags.get(tags);
      }
      return Optional.ofNullable(id);
    }
  }
}
