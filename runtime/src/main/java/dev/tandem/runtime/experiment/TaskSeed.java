package dev.tandem.runtime.experiment;

import dev.tandem.core.env.EnvironmentConfig;
import dev.tandem.core.policy.Policy;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.store.DatasetSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeSummary;
import dev.tandem.core.store.StoreOptions;
import dev.tandem.intervention.memory.Memory;
import dev.tandem.intervention.operator.SimulatedOperatorConfig;
import dev.tandem.intervention.weighting.WeightingScheme;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.runtime.actors.ActorScope;
import dev.tandem.runtime.actors.EpisodeRequest;
import dev.tandem.runtime.actors.LearnerActor;
import dev.tandem.runtime.actors.RecorderActor;
import dev.tandem.runtime.actors.RolloutPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Everything the work on one task and one seed shares: its store and the index of what a resumed
 * run already holds there, the actors recording into it, and where its policies go; with the steps
 * every phase of it uses (running or reusing episodes, training or reusing a policy, a result row).
 *
 * @param actors the scope of this task and seed's actors (closed when it is done)
 */
record TaskSeed(
    ExperimentConfig config,
    EnvironmentConfig task,
    long seed,
    EnvironmentSpec spec,
    Path runDir,
    DjlRuntime djl,
    EpisodeStore store,
    ResumeIndex index,
    ActorScope actors,
    ActorRef<RecorderActor.Command> recorder,
    ExperimentProgress progress) {

  private static final Duration EPISODE_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration TRAINING_TIMEOUT = Duration.ofHours(6);

  /** A method (or round 0, or the operator alone) under one operator-skill group. */
  record Group(String method, Double skill) {
    /** Its registry folder and progress label: the method, and the skill when there are groups. */
    String label() {
      return skill == null ? method : method + "-skill" + skill;
    }
  }

  /** A version trained for a round, on how many samples, in how long. */
  record Trained(PolicyVersion version, long samples, double seconds) {
    static final Trained NONE = new Trained(PolicyVersion.NONE, 0, 0);
  }

  /**
   * Opens the task and seed's store in {@code runDir} (created when new) and a scope for its actors
   * with a recorder into the store.
   */
  static Open open(
      ExperimentConfig config,
      EnvironmentConfig task,
      long seed,
      Path runDir,
      DjlRuntime djl,
      ActorSystem<SpawnProtocol.Command> system,
      ExperimentProgress progress) {
    String key = key(task, seed);
    EnvironmentSpec spec = task.spec();
    EpisodeStore store =
        EpisodeStore.openOrCreate(
            runDir.resolve("data").resolve(key), DatasetSpec.of(spec), StoreOptions.defaults());
    ActorScope actors;
    try {
      actors = ActorScope.open(system, key.replaceAll("[^A-Za-z0-9.-]", "_"));
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
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
    return new Open(ts);
  }

  /** An opened task and seed: closing stops its actors (the recorder appends everything) first. */
  record Open(TaskSeed ts) implements AutoCloseable {
    @Override
    public void close() {
      try {
        ts.actors().close();
      } finally {
        ts.store().close();
      }
    }
  }

  /** {@code <task>-seed<seed>}: the folder of its data and policies, and its progress label. */
  String key() {
    return key(task, seed);
  }

  static String key(EnvironmentConfig task, long seed) {
    return task.taskName() + "-seed" + seed;
  }

  EpisodeKey episode(Group group, int round, EpisodeKey.Phase phase, int index) {
    return new EpisodeKey(
        task.taskName(), seed, group.method(), round, phase, index, group.skill());
  }

  /** The evaluation episodes of a round (the same reset seeds for every method and round). */
  List<EpisodeKey> evaluation(Group group, int round) {
    List<EpisodeKey> keys = new ArrayList<>();
    for (int i = 0; i < config.evalEpisodes(); i++) {
      keys.add(episode(group, round, EpisodeKey.Phase.EVAL, i));
    }
    return keys;
  }

  PolicyRegistry registry(String label) {
    return new PolicyRegistry(runDir.resolve("policies").resolve(key()).resolve(label));
  }

  /** {@code size} environments of this task driven by {@code policy}, recording here. */
  RolloutPool pool(String name, Policy policy, Optional<SimulatedOperatorConfig> operator) {
    return new RolloutPool(
        actors,
        name,
        spec,
        task::create,
        config.parallelEnvironments(),
        policy,
        operator,
        recorder);
  }

  /** Runs the episodes not recorded yet, reuses the others, and sums their figures. */
  Figures episodes(RolloutPool pool, List<EpisodeKey> keys, String label) {
    List<EpisodeRequest> missing =
        keys.stream().filter(k -> index.complete(k).isEmpty()).map(EpisodeKey::request).toList();
    if (!missing.isEmpty()) {
      try (ExperimentProgress.Bar bar = progress.start(label, missing.size())) {
        pool.run(missing, EPISODE_TIMEOUT, i -> bar.step());
      }
      pool.flushRecorder(); // every step sent is appended before the store is read
    }
    List<Long> ids = new ArrayList<>();
    for (EpisodeKey k : keys) {
      ids.add(
          index
              .complete(k)
              .orElseThrow(
                  () -> new IllegalStateException("episode " + k.tags() + " was not recorded")));
    }
    return Figures.of(store, ids);
  }

  /**
   * The version trained on {@code episodeIds} with {@code weighting}: the one already in the
   * registry when a resumed run trained it before, else a {@link LearnerActor} trains and publishes
   * it.
   */
  PolicyVersion trainOrReuse(
      PolicyRegistry registry,
      List<Long> episodeIds,
      WeightingScheme weighting,
      Memory memory,
      String what) {
    Optional<PolicyVersion> done = ResumeIndex.trained(registry, episodeIds);
    if (done.isPresent()) {
      return done.get(); // resumed: this round was trained before the interruption
    }
    var setup =
        new LearnerActor.Setup(
            djl, store, registry, spec, config.segmenter(), weighting, memory, config.training());
    ActorRef<LearnerActor.Command> learner =
        actors.spawn(
            LearnerActor.create(setup),
            "learner-" + what.replaceAll("[^A-Za-z0-9.-]", "_"),
            "tandem.learner-dispatcher");
    try {
      LearnerActor.Trained t =
          AskPattern.<LearnerActor.Command, LearnerActor.Trained>ask(
                  learner,
                  replyTo ->
                      new LearnerActor.Retrain(
                          episodeIds, seed, ResumeIndex.checkpointInfo(episodeIds, what), replyTo),
                  TRAINING_TIMEOUT,
                  actors.scheduler())
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

  long sampleCount(List<Long> ids) {
    long n = 0;
    for (long id : ids) {
      n += store.episode(id).map(EpisodeSummary::steps).orElse(0);
    }
    return n;
  }

  RoundResult result(
      Group group, int round, Figures eval, Figures deploy, Trained trained, double roundSeconds) {
    return new RoundResult(
        task.taskName(),
        group.method(),
        seed,
        round,
        eval.successRate(),
        eval.episodes(),
        deploy.successRate(),
        deploy.episodes(),
        deploy.interventionsPerEpisode(),
        deploy.humanStepsPerEpisode(),
        deploy.humanShare(),
        trained.samples(),
        trained.seconds(),
        roundSeconds,
        trained.version().toString(),
        group.skill());
  }
}
