package dev.tandem.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.Action;
import dev.tandem.core.env.TaskOracle;
import dev.tandem.core.env.Transition;
import dev.tandem.core.spec.ActionSpec.ActionMode;
import dev.tandem.sim.config.PickAndPlaceConfig;
import dev.tandem.sim.config.ReachConfig;
import dev.tandem.sim.config.TaskConfig;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The scripted experts (each task's oracle) solve their tasks in every action mode. */
class ExpertTest {

  /** Runs one episode driven by the oracle's expert action; returns {steps, success ? 1 : 0}. */
  static int[] episode(SimEnvironment env, long seed) {
    TaskOracle expert = env.oracle().orElseThrow();
    env.reset(seed);
    Transition t;
    int steps = 0;
    do {
      t = env.step(expert.expertAction());
      steps++;
    } while (!t.done());
    return new int[] {steps, t.success() ? 1 : 0};
  }

  @ParameterizedTest
  @ValueSource(strings = {"Reach", "Push", "PickAndPlace", "PegInsertion"})
  void perfectExpertSucceedsAtLeast95PercentOf20SeededEpisodes(String task) {
    TaskConfig config = SimBenchmark.config(task);
    try (SimEnvironment env = SimEnvironment.create(config)) {
      int successes = 0;
      for (long seed = 0; seed < 20; seed++) {
        successes += episode(env, seed)[1];
      }
      assertThat(successes).as(task + " successes of 20").isGreaterThanOrEqualTo(19);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = ActionMode.class,
      names = {"JOINT_POSITION", "JOINT_VELOCITY"})
  void oracleSpeaksEveryActionMode(ActionMode mode) {
    ReachConfig config = ReachConfig.defaults();
    config = config.withSim(config.sim().withActionMode(mode));
    try (SimEnvironment env = SimEnvironment.create(config)) {
      int successes = 0;
      for (long seed = 0; seed < 10; seed++) {
        successes += episode(env, seed)[1];
      }
      assertThat(successes).isGreaterThanOrEqualTo(9);
    }
  }

  @Test
  void progressRisesToOneAndTheExpertsActionIsValuedAboveRandomOnes() {
    try (SimEnvironment env = SimEnvironment.create(PickAndPlaceConfig.defaults())) {
      TaskOracle oracle = env.oracle().orElseThrow();
      SplittableRandom rng = new SplittableRandom(3);
      env.reset(5);
      assertThat(oracle.progress()).isLessThan(0.1);
      int better = 0;
      int compared = 0;
      Transition t;
      double maxProgress = 0;
      do {
        Action expert = oracle.expertAction();
        double ve = oracle.actionValue(expert);
        for (int k = 0; k < 5; k++) {
          float[] r = new float[expert.dim()];
          for (int i = 0; i < r.length; i++) {
            r[i] = (float) rng.nextDouble(-1, 1);
          }
          compared++;
          better += ve >= oracle.actionValue(new Action(r)) ? 1 : 0;
        }
        t = env.step(expert);
        maxProgress = Math.max(maxProgress, oracle.progress());
        assertThat(oracle.progress()).isBetween(0.0, 1.0);
      } while (!t.done());
      assertThat(t.success()).isTrue();
      assertThat(oracle.progress()).isEqualTo(1.0);
      assertThat(better)
          .as("expert >= random in %d comparisons", compared)
          .isGreaterThanOrEqualTo((int) (0.95 * compared));
    }
  }
}
