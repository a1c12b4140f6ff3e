package dev.tandem.runtime.experiment;

import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeSummary;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.checkpoint.StoredPolicy;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.infer.InferencePolicy;
import dev.tandem.runtime.actors.EpisodeRequest;
import dev.tandem.runtime.actors.RolloutPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;

/**
 * An actor of an actor/learner session: the experiment's first task with its own copy of the
 * policy, the config's simulated operator and a recorder into a store of its own under {@code
 * workDir} (reopened after a crash: what was durable is kept, the episode in flight is lost).
 * Episodes carry the actor's name and its own running index as tags, so the learner can import each
 * once. Not thread-safe: one thread runs episodes and swaps.
 */
public final class ActorRollouts implements AutoCloseable {
  private static final Duration EPISODE_TIMEOUT = Duration.ofMinutes(5);

  private final String actor;
  private final String method;
  private final ActorSystem<SpawnProtocol.Command> system;
  private final TaskSeed.Open open;
  private final InferencePolicy policy;
  private final RolloutPool pool;
  private int nextIndex;

  /** Opens the actor's store under {@code workDir} and starts {@code initial} in it. */
  public ActorRollouts(ExperimentConfig config, Path workDir, String actor, StoredPolicy initial) {
    this.actor = actor;
    this.method = CentralLearner.method(config).name();
    this.system = ActorSystem.create(SpawnProtocol.create(), "tandem-actor");
    DjlRuntime djl = DjlRuntime.start(Experiment.runtimeConfig(config));
    this.open = CentralLearner.openSession(config, workDir, djl, system);
    TaskSeed ts = open.ts();
    this.policy = InferencePolicy.start(djl, initial, ts.spec(), InferenceConfig.defaults());
    this.pool = ts.pool("actor", policy, Optional.of(config.operatorOf(null)));
    for (EpisodeSummary s : ts.store().episodes()) {
      String index = s.meta().map(m -> m.tags().get("index")).orElse(null);
      if (index != null) {
        nextIndex = Math.max(nextIndex, Integer.parseInt(index) + 1);
      }
    }
  }

  /** Hot-swaps the policy (between episodes: the next one runs {@code next}). */
  public void swap(StoredPolicy next) {
    policy.swap(next).join();
  }

  public PolicyVersion version() {
    return policy.version();
  }

  /**
   * Runs one episode under the operator with the current policy; returns its index once it is
   * durable in this actor's store.
   */
  public int runEpisode() {
    TaskSeed ts = open.ts();
    int index = nextIndex++;
    EpisodeKey key =
        ts.episode(
            new TaskSeed.Group(method, null),
            (int) policy.version().number(),
            EpisodeKey.Phase.DEPLOY,
            index);
    Map<String, String> tags = new TreeMap<>(key.tags());
    tags.put(CentralLearner.ACTOR_TAG, actor);
    // actors draw different resets: the actor's name moves its block of seeds
    long reset = key.resetSeed() + 100_000_000L * Math.floorMod(actor.hashCode(), 1000);
    pool.run(List.of(new EpisodeRequest(reset, tags)), EPISODE_TIMEOUT, i -> {});
    pool.flushRecorder(); // appended and synced: durable from here on
    return index;
  }

  /** This actor's store (shipped from between episodes). */
  public EpisodeStore store() {
    return open.ts().store();
  }

  @Override
  public void close() {
    try {
      open.close();
      policy.close();
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }
}
