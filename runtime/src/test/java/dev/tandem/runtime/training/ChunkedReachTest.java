package dev.tandem.runtime.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.store.DatasetSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.intervention.Segmenter;
import dev.tandem.intervention.memory.Memory;
import dev.tandem.intervention.weighting.PlainBc;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.PolicyEvaluation;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.config.ChunkingConfig;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.config.RuntimeConfig;
import dev.tandem.policy.infer.InferencePolicy;
import dev.tandem.sim.config.ReachConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Action chunking learns on the real simulator: behavior cloning of 5-step chunks (2x128 MLP, 600
 * steps, training seed 7) on 50 scripted-expert Reach demonstrations recorded in a real episode
 * store (seeds from 10,000), published to a registry and served from it, reaches at least 90% on 40
 * unseen seeds (from 50,000) with temporal ensembling, and the same weights executed open loop at
 * least 80%. The checkpoint records the chunking it was trained with.
 */
class ChunkedReachTest {
  @TempDir Path dir;

  @Test
  void chunkedBcReachesTheGoalWithTemporalEnsemblingAndOpenLoop() {
    DjlRuntime djl = DjlRuntime.start(RuntimeConfig.cpu());
    ReachConfig task = ReachConfig.defaults();
    ChunkingConfig ensemble =
        new ChunkingConfig(5, ChunkingConfig.Execution.TEMPORAL_ENSEMBLE, 0.1);
    try (var probe = task.create();
        EpisodeStore store =
            EpisodeStore.create(dir.resolve("reach"), DatasetSpec.of(probe.spec()))) {
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        ids.add(Demonstrations.record(probe, store, 10_000 + i, Map.of(), Clock.systemUTC()));
      }
      var data =
          Training.dataset(store, ids, Segmenter.defaults(), new PlainBc(null), Memory.unlimited());
      var settings =
          new TrainingSettings(600, null, null, List.of(128, 128), null, null, null, "cpu", null)
              .withChunking(ensemble);
      var bc = Training.config(settings, new PlainBc(null), 7);
      var result = Training.train(djl, data, probe.spec(), bc, Map.of());
      PolicyRegistry registry = new PolicyRegistry(dir.resolve("policies"));
      var v = registry.publish(result.checkpoint());
      assertThat(registry.load(v).checkpoint().config().network().chunking()).isEqualTo(ensemble);

      ChunkingConfig openLoop = new ChunkingConfig(5, ChunkingConfig.Execution.OPEN_LOOP, 0);
      var checkpoint = result.checkpoint();
      var open =
          registry.publish(
              checkpoint.withConfig(
                  checkpoint
                      .config()
                      .withNetwork(checkpoint.config().network().withChunking(openLoop))));
      assertThat(registry.load(open).checkpoint().config().network().chunking())
          .isEqualTo(openLoop);

      assertThat(success(djl, registry, v, probe.spec(), task)).isGreaterThanOrEqualTo(0.9);
      assertThat(success(djl, registry, open, probe.spec(), task)).isGreaterThanOrEqualTo(0.8);
    }
  }

  private static double success(
      DjlRuntime djl,
      PolicyRegistry registry,
      PolicyVersion v,
      EnvironmentSpec spec,
      ReachConfig task) {
    try (InferencePolicy p =
        InferencePolicy.start(djl, registry.load(v), spec, InferenceConfig.defaults())) {
      return PolicyEvaluation.evaluate(p, task::create, PolicyEvaluation.seeds(50_000, 40))
          .successRate();
    }
  }
}
