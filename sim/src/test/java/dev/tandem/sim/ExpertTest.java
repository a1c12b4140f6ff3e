package dev.tandem.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.Action;
import dev.tandem.core.env.TaskOracle;
import dev.tandem.core.env.Transition;
import dev.tandem.core.spec.ActionSpec.ActionMode;
import dev.tandem.sim.config.ExpertConfig;
import dev.tandem.sim.config.PickAndPlaceConfig;
import dev.tandem.sim.config.ReachConfig;
import dev.tandem.sim.config.TaskConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The scripted experts solve their tasks, and the imperfect-human knobs do what they say. */
class ExpertTest {

  /** Runs one episode with {@code expert}; returns {steps, success ? 1 : 0}. */
  static int[] episode(SimEnvironment env, ScriptedExpert expert, long seed) {
    env.reset(seed);
    expert.reset();
    Transition t;
    int steps = 0;
    do {
      t = env.step(expert.act(env.observation()));
      steps++;
    } while (!t.done());
    return new int[] {steps, t.success() ? 1 : 0};
  }

  @ParameterizedTest
  @ValueSource(strings = {"Reach", "Push", "PickAndPlace", "PegInsertion"})
  void perfectExpertSucceedsAtLeast95PercentOf20SeededEpisodes(String task) {
    TaskConfig config = SimBenchmark.config(task);
    try (SimEnvironment env = SimEnvironment.create(config)) {
      ScriptedExpert expert = ScriptedExpert.of(env);
      int successes = 0;
      for (long seed = 0; seed < 20; seed++) {
        successes += episode(env, expert, seed)[1];
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
      ScriptedExpert expert = ScriptedExpert.of(env);
      int successes = 0;
      for (long seed = 0; seed < 10; seed++) {
        successes += episode(env, expert, seed)[1];
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

  @Test
  void knobsAreSeededAndMakeTheExpertWorse() {
    ExpertConfig clumsy = new ExpertConfig(0.2, 0.1, 2, 0.3);
    try (SimEnvironment env = SimEnvironment.create(PickAndPlaceConfig.defaults())) {
      List<Action> first = actions(env, ScriptedExpert.of(env, clumsy, 7), 4);
      List<Action> second = actions(env, ScriptedExpert.of(env, clumsy, 7), 4);
      List<Action> other = actions(env, ScriptedExpert.of(env, clumsy, 8), 4);
      assertThat(second).isEqualTo(first);
      assertThat(other).isNotEqualTo(first);

      int perfectSteps = 0;
      int clumsySteps = 0;
      int perfectSuccess = 0;
      int clumsySuccess = 0;
      ScriptedExpert perfect = ScriptedExpert.of(env, ExpertConfig.perfect(), 0);
      ScriptedExpert human = ScriptedExpert.of(env, clumsy, 0);
      for (long seed = 0; seed < 10; seed++) {
        int[] p = episode(env, perfect, seed);
        int[] h = episode(env, human, seed);
        perfectSteps += p[0];
        perfectSuccess += p[1];
        clumsySteps += h[0];
        clumsySuccess += h[1];
      }
      assertThat(clumsySteps > perfectSteps || clumsySuccess < perfectSuccess)
          .as(
              "clumsy: %d steps, %d successes; perfect: %d steps, %d successes",
              clumsySteps, clumsySuccess, perfectSteps, perfectSuccess)
          .isTrue();
    }
  }

  @Test
  void reactionDelayHoldsStillFirst() {
    try (SimEnvironment env = SimEnvironment.create(ReachConfig.defaults())) {
      env.reset(1);
      ScriptedExpert delayed = ScriptedExpert.of(env, new ExpertConfig(0, 0, 3, 1), 0);
      TaskOracle oracle = env.oracle().orElseThrow();
      Action firstSeen = oracle.expertAction();
      List<Action> out = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        out.add(delayed.act(env.observation()));
      }
      assertThat(out.subList(0, 3)).allMatch(a -> a.equals(Action.zeros(3)));
      assertThat(out.get(3)).isEqualTo(firstSeen);
    }
  }

  private static List<Action> actions(SimEnvironment env, ScriptedExpert expert, int episodes) {
    List<Action> out = new ArrayList<>();
    for (long seed = 0; seed < episodes; seed++) {
      env.reset(seed);
      expert.reset();
      Transition t;
      do {
        Action a = expert.act(env.observation());
        out.add(a);
        t = env.step(a);
      } while (!t.done());
    }
    return out;
  }
}
