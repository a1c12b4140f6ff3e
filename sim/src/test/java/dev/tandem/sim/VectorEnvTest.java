package dev.tandem.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.env.Transition;
import dev.tandem.sim.config.PickAndPlaceConfig;
import dev.tandem.sim.config.TaskConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VectorEnvTest {

  static final int N = 3;
  static final int STEPS = 12;
  static final int KICK_STEP = 4;
  static final long BASE = 40;

  /** Fixed action sequences, one per environment, so solo and vector runs can be compared. */
  static List<List<Action>> actions() {
    List<List<Action>> out = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      List<Action> a = new ArrayList<>();
      for (int k = 0; k < STEPS; k++) {
        a.add(Action.of((float) Math.sin(k + i), (float) Math.cos(k * 0.7 + i), -0.3f, 1));
      }
      out.add(a);
    }
    return out;
  }

  @Test
  void aBlowUpInOneEnvironmentLeavesTheOthersUntouched() {
    TaskConfig config =
        PickAndPlaceConfig.defaults().withSim(PickAndPlaceConfig.defaults().sim().withSeed(BASE));
    List<List<Action>> actions = actions();
    // reference: each environment alone
    List<List<float[]>> solo = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      try (SimEnvironment env = SimEnvironment.create(config)) {
        List<float[]> states = new ArrayList<>();
        env.reset(BASE + i);
        for (Action a : actions.get(i)) {
          Transition t = env.step(a);
          states.add(t.observation().state());
          assertThat(t.done()).as("reference episode %d runs all steps", i).isFalse();
        }
        solo.add(states);
      }
    }
    try (VectorEnv vec = VectorEnv.create(config, N)) {
      assertThat(vec.reset()).hasSize(N);
      assertThat(vec.episodeSeed(1)).isEqualTo(BASE + 1);
      for (int k = 0; k < STEPS; k++) {
        if (k == KICK_STEP) {
          vec.env(1).kickJointForTest(1, 1e5);
        }
        List<Action> step = new ArrayList<>();
        for (int i = 0; i < N; i++) {
          step.add(actions.get(i).get(k));
        }
        List<Transition> ts = vec.step(step);
        for (int i = 0; i < N; i += 2) {
          assertThat(ts.get(i).observation().state())
              .as("env %d step %d", i, k)
              .containsExactly(solo.get(i).get(k));
        }
        if (k == KICK_STEP) {
          Transition blown = ts.get(1);
          assertThat(blown.endReason()).contains(EndReason.PHYSICS_BLOWUP);
          assertThat(blown.detail()).contains("panda_joint2");
          assertThat(vec.episodeSeed(1)).as("reset with its next seed").isEqualTo(BASE + 1 + N);
          try (SimEnvironment fresh = SimEnvironment.create(config)) {
            assertThat(vec.observations().get(1).state())
                .isEqualTo(fresh.reset(BASE + 1 + N).state());
          }
        }
      }
    }
  }

  @Test
  void wrongNumberOfActionsIsRefused() {
    try (VectorEnv vec = VectorEnv.create(PickAndPlaceConfig.defaults(), 2)) {
      vec.reset();
      assertThatThrownBy(() -> vec.step(List.of(Action.zeros(4))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("1 actions for 2 environments");
    }
  }
}
