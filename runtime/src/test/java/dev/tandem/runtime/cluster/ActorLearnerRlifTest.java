package dev.tandem.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.config.ConfigLoader;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.policy.checkpoint.StoredPolicy;
import dev.tandem.runtime.experiment.ActorRollouts;
import dev.tandem.runtime.experiment.CentralLearner;
import dev.tandem.runtime.experiment.ExperimentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learner and an actor of an actor/learner session in one JVM, with an RLIF method: version 1
 * is BC on the demos, version 2 the RLIF actor learnt from the actor's shipped episodes (imported
 * once however often they are shipped); the actor hot-swaps it and records its next episode with
 * it.
 */
class ActorLearnerRlifTest {
  @TempDir Path dir;

  static final String CONFIG =
      """
      type: experiment
      name: actors-rlif
      tasks:
        - type: Reach
          goalRangeMeters: 0.3
          distanceThresholdMeters: 0.05
      seeds: [3]
      demos: 2
      parallelEnvironments: 1
      operator: {rule: {type: stall, windowSteps: 4}}
      methods:
        - name: rlif
          learner: {type: rlif, critics: 2, targetSubset: 2, hiddenSizes: [32, 32], batchSize: 32,
                    updatesPerRound: 20, actorPretrainSteps: 20, criticWarmupUpdates: 5}
      training: {steps: 20, batchSize: 32, device: cpu}
      """;

  @Test
  void anRlifVersionIsLearntFromShippedEpisodesAndHotSwapped() throws Exception {
    Path cfgFile = Files.writeString(dir.resolve("rlif.yaml"), CONFIG);
    ExperimentConfig cfg = (ExperimentConfig) ConfigLoader.discover().load(cfgFile, List.of());
    try (CentralLearner learner = new CentralLearner(cfg, dir.resolve("learner"))) {
      PolicyVersion v1 = learner.initial();
      assertThat(v1.number()).isEqualTo(1);
      try (ActorRollouts actor =
          new ActorRollouts(cfg, dir.resolve("actor"), "arm1", learner.registry().load(v1))) {
        actor.runEpisode();
        actor.runEpisode();
        // shipped twice: imported once
        assertThat(EpisodeTransfer.copy(actor.store(), learner.store(), t -> true)).isEqualTo(2);
        assertThat(EpisodeTransfer.copy(actor.store(), learner.store(), t -> true)).isZero();
        assertThat(learner.actorEpisodes()).hasSize(2);

        PolicyVersion v2 = learner.retrain();
        StoredPolicy p2 = learner.registry().load(v2);
        assertThat(v2.number()).isEqualTo(2);
        assertThat(p2.checkpoint().info().get("experiment.what"))
            .isEqualTo("actor-learner rlif round 1");

        actor.swap(p2);
        assertThat(actor.version()).isEqualTo(v2);
        int third = actor.runEpisode();
        try (EpisodeStore s = EpisodeStore.openReadOnly(dir.resolve("actor/data/Reach-seed3"))) {
          var tags =
              s.episodes().stream()
                  .map(e -> e.meta().orElseThrow().tags())
                  .filter(t -> t.get("index").equals(Integer.toString(third)))
                  .findFirst()
                  .orElseThrow();
          assertThat(tags).containsEntry("round", "2").containsEntry("actor", "arm1");
        }
      }
    }
  }
}
