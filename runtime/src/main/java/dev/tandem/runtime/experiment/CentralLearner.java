package dev.tandem.runtime.experiment;

import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.store.EpisodeStatus;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeSummary;
import dev.tandem.intervention.memory.Memory;
import dev.tandem.intervention.weighting.PlainBc;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.runtime.training.RlifLearning;
import dev.tandem.runtime.training.RlifSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;

/**
 * The learner of an actor/learner session: the store of the experiment's first task and seed in
 * {@code runDir}, where the actors' episodes are imported, and a registry of the versions it trains
 * for them. Version 1 is BC on the demos (as round 0 of an experiment); each later version is the
 * config's first deployed method trained on the demos and every actor episode imported so far: a
 * BC-family method retrains, RLIF continues its learner (one round per version). Not thread-safe:
 * import and train from one thread at a time.
 */
public final class CentralLearner implements AutoCloseable {
  /** The tag naming the actor that recorded an episode. */
  public static final String ACTOR_TAG = "actor";

  private final ExperimentConfig config;
  private final MethodConfig method;
  private final ActorSystem<SpawnProtocol.Command> system;
  private final TaskSeed.Open open;
  private final PolicyRegistry registry;
  private final RlifLearning rlif;
  private List<Long> demoIds = List.of();
  private int rlifRounds;

  /** Opens the learner's store and registry in {@code runDir}. */
  public CentralLearner(ExperimentConfig config, Path runDir) {
    this.config = config;
    this.method = method(config);
    this.system = ActorSystem.create(SpawnProtocol.create(), "tandem-learner");
    DjlRuntime djl = DjlRuntime.start(Experiment.runtimeConfig(config));
    this.open = openSession(config, runDir, djl, system);
    String label = "actor-learner-" + method.name();
    this.registry = open.ts().registry(label);
    this.rlif =
        method.learner() instanceof RlifSettings rs
            ? new RlifLearning(
                djl,
                rs,
                open.ts().spec(),
                runDir.resolve("learners").resolve(open.ts().key()).resolve(label),
                open.ts().seed())
            : null;
  }

  /**
   * The session's task and seed, the config's first of each, opened under {@code dir}: the
   * learner's and every actor's (each in its own folder).
   */
  static TaskSeed.Open openSession(
      ExperimentConfig config,
      Path dir,
      DjlRuntime djl,
      ActorSystem<SpawnProtocol.Command> system) {
    return TaskSeed.open(
        config,
        config.tasks().get(0),
        config.seeds().get(0),
        dir,
        djl,
        system,
        ExperimentProgress.NONE);
  }

  /**
   * The method actors are retrained with: the first deployed one with a weighting or the RLIF
   * learner.
   *
   * @throws IllegalArgumentException when the config has none
   */
  public static MethodConfig method(ExperimentConfig config) {
    return config.methods().stream()
        .filter(m -> m.deploy() && (m.weighting() != null || m.learner() instanceof RlifSettings))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "methods: the actor/learner split trains a deployed method (a weighting, or"
                        + " learner: rlif); the config has none"));
  }

  /**
   * Records (or finds) the demos and trains (or finds) version 1 on them. A learner started again
   * on the folder of one that stopped (a crash, a kill) resumes at the latest version it published:
   * that one is returned, and the next is trained on what the store holds then.
   */
  public PolicyVersion initial() {
    TaskSeed ts = open.ts();
    demoIds =
        new CellWork(config, ExperimentProgress.NONE, Clock.systemUTC(), new ArrayList<>())
            .collectDemos(ts, null);
    Optional<PolicyVersion> latest = registry.latest();
    if (latest.isPresent() && latest.get().number() > 1) {
      rlifRounds = (int) latest.get().number() - 1;
      return latest.get();
    }
    return ts.trainOrReuse(
        registry, demoIds, new PlainBc(null), Memory.unlimited(), "actor-learner version 1");
  }

  /** Trains the next version on the demos and every actor episode in the store; publishes it. */
  public PolicyVersion retrain() {
    List<Long> deployed = actorEpisodes();
    List<Long> ids = new ArrayList<>(demoIds);
    ids.addAll(deployed);
    if (rlif != null) {
      int round = ++rlifRounds;
      var info = ResumeIndex.checkpointInfo(ids, "actor-learner rlif round " + round);
      return registry.publish(
          rlif.learnRound(open.ts().store(), demoIds, deployed, config.segmenter(), round, info)
              .checkpoint());
    }
    return open.ts()
        .trainOrReuse(
            registry,
            ids,
            method.weighting(),
            method.memory(),
            "actor-learner " + method.name() + " " + ids.size() + " episodes");
  }

  /** The complete actor episodes in the store, in id order. */
  public List<Long> actorEpisodes() {
    List<Long> ids = new ArrayList<>();
    for (EpisodeSummary s : store().episodes()) {
      if (s.status() == EpisodeStatus.COMPLETE
          && s.meta().map(m -> m.tags().containsKey(ACTOR_TAG)).orElse(false)) {
        ids.add(s.id());
      }
    }
    return ids;
  }

  /** The store actors' episodes are imported into. */
  public EpisodeStore store() {
    return open.ts().store();
  }

  /** Where the versions are stored (served to the actors file by file). */
  public PolicyRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    try {
      if (rlif != null) {
        rlif.close();
      }
      open.close();
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }
}
