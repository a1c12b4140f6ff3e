package dev.tandem.runtime.actors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.EpisodeMeta;
import dev.tandem.core.data.Observation;
import dev.tandem.core.env.Environment;
import dev.tandem.core.policy.Policy;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.store.DatasetSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeSummary;
import dev.tandem.sim.config.ReachConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every episode a rollout pool records carries the version of the policy that drove it: also the
 * first episode of each environment (no proposal seen yet) and the first after a swap (the previous
 * version seen last). Real Reach environments, the real recorder and store; the policy is a fixed
 * action with a version.
 */
class RolloutPoolVersionTest {
  @TempDir Path dir;

  /** Holds still; only its version matters here. */
  private record Still(PolicyVersion version, int dim) implements Policy {
    @Override
    public Action act(Observation observation) {
      return Action.zeros(dim);
    }
  }

  @Test
  void everyEpisodeRecordsTheVersionDeployedInItsPhase() {
    ReachConfig task = ReachConfig.defaults();
    EnvironmentSpec spec;
    try (Environment probe = task.create()) {
      spec = probe.spec();
    }
    PolicyVersion v1 = new PolicyVersion(1, "aaaa1111");
    PolicyVersion v2 = new PolicyVersion(2, "bbbb2222");
    int dim = spec.action().dim();
    ActorSystem<SpawnProtocol.Command> system =
        ActorSystem.create(SpawnProtocol.create(), "versions");
    try (EpisodeStore store = EpisodeStore.create(dir.resolve("ds"), DatasetSpec.of(spec));
        ActorScope scope = ActorScope.open(system, "run")) {
      var recorder =
          scope.spawn(RecorderActor.create(store), "recorder", "tandem.recorder-dispatcher");
      try (RolloutPool pool =
          new RolloutPool(
              scope,
              "versions",
              spec,
              task::create,
              3,
              new Still(v1, dim),
              Optional.empty(),
              recorder)) {
        pool.run(requests("1", 5), Duration.ofMinutes(1), i -> {});
        pool.swapPolicy(new Still(v2, dim));
        pool.run(requests("2", 5), Duration.ofMinutes(1), i -> {});
        pool.flushRecorder();
      }
      List<EpisodeMeta> metas =
          store.episodes().stream().map(EpisodeSummary::meta).map(Optional::orElseThrow).toList();
      assertThat(metas).hasSize(10);
      for (EpisodeMeta m : metas) {
        PolicyVersion deployed = m.tags().get("phase").equals("1") ? v1 : v2;
        assertThat(m.policyVersion())
            .as("episode %s of phase %s", m.tags().get("index"), m.tags().get("phase"))
            .isEqualTo(deployed.toString());
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }

  private static List<EpisodeRequest> requests(String phase, int n) {
    List<EpisodeRequest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new EpisodeRequest(i, Map.of("phase", phase, "index", Integer.toString(i))));
    }
    return out;
  }
}
