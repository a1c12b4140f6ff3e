package dev.tandem.runtime.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.env.EnvironmentConfig;
import dev.tandem.core.store.DatasetSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.intervention.Segmenter;
import dev.tandem.intervention.memory.Memory;
import dev.tandem.intervention.weighting.PlainBc;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.PolicyEvaluation;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.config.RuntimeConfig;
import dev.tandem.policy.infer.InferencePolicy;
import dev.tandem.sim.config.PushConfig;
import dev.tandem.sim.config.ReachConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's learning check on the real simulator: behavior cloning on 50 scripted-expert
 * demonstrations, recorded in a real episode store and trained with DJL, reaches at least 90% on
 * Reach and 60% on Push on 50 unseen seeds (fixed seeds throughout: demos from 10,000, evaluation
 * from 50,000, training seed 7).
 *
 * <p>The Push policy reads the translation-invariant part of the state (the hand's height, the cube
 * relative to the hand, the goal relative to the cube; all in the observation): with the whole
 * state (joint angles, absolute positions, cube orientation and velocities) 50 demonstrations cover
 * too little of the input space and BC reached 0.6-0.75 (measured over four seed sets), with these
 * inputs 0.82-0.92.
 */
class BehaviorCloningOnSimTest {
  @TempDir Path dir;

  /** The Push policy's inputs: names from the Push {@code observation.state}. */
  static final List<String> PUSH_INPUTS =
      List.of(
          "ee.z",
          "ee_to_object.x",
          "ee_to_object.y",
          "ee_to_object.z",
          "object_to_goal.x",
          "object_to_goal.y");

  private double successAfterBc(
      EnvironmentConfig task, int demos, int steps, int evalEpisodes, List<String> stateInputs) {
    DjlRuntime djl = DjlRuntime.start(RuntimeConfig.cpu());
    try (var probe = task.create();
        EpisodeStore store =
            EpisodeStore.create(dir.resolve(task.taskName()), DatasetSpec.of(probe.spec()))) {
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < demos; i++) {
        ids.add(
            Demonstrations.record(
                probe, store, 10_000 + i, Map.of("i", "" + i), Clock.systemUTC()));
      }
      var data =
          Training.dataset(store, ids, Segmenter.defaults(), new PlainBc(null), Memory.unlimited());
      var bc =
          Training.config(
              new TrainingSettings(steps, null, null, null, null, null, null, "cpu", null),
              new PlainBc(null),
              7);
      bc = bc.withNetwork(bc.network().withStateInputs(stateInputs));
      var result = Training.train(djl, data, probe.spec(), bc, Map.of());
      PolicyRegistry registry = new PolicyRegistry(dir.resolve("policies-" + task.taskName()));
      var v = registry.publish(result.checkpoint());
      try (InferencePolicy p =
          InferencePolicy.start(djl, registry.load(v), probe.spec(), InferenceConfig.defaults())) {
        return PolicyEvaluation.evaluate(
                p, task::create, PolicyEvaluation.seeds(50_000, evalEpisodes))
            .successRate();
      }
    }
  }

  @Test
  void reachReachesNinetyPercent() {
    assertThat(successAfterBc(ReachConfig.defaults(), 50, 3000, 50, List.of()))
        .isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void pushReachesSixtyPercent() {
    assertThat(successAfterBc(PushConfig.defaults(), 50, 3000, 50, PUSH_INPUTS))
        .isGreaterThanOrEqualTo(0.6);
  }
}
