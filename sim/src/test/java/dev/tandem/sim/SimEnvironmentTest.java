package dev.tandem.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.env.EnvState;
import dev.tandem.core.env.TaskOracle;
import dev.tandem.core.env.Transition;
import dev.tandem.core.scene.SceneDescription;
import dev.tandem.core.scene.SceneObject;
import dev.tandem.core.spec.ActionSpec.ActionMode;
import dev.tandem.core.spec.JointSpec;
import dev.tandem.sim.config.PickAndPlaceConfig;
import dev.tandem.sim.config.PushConfig;
import dev.tandem.sim.config.ReachConfig;
import dev.tandem.sim.config.SimSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimEnvironmentTest {

  // observation.state layout: 7 joint positions, ee xyz, ee velocity, gripper width, task part
  static final int EE = 7;
  static final int WIDTH = 13;
  static final int OBJECT = 14;

  /** PickAndPlace with goals on the table, so lifting the cube never ends the episode. */
  static PickAndPlaceConfig tableGoals() {
    PickAndPlaceConfig d = PickAndPlaceConfig.defaults();
    return new PickAndPlaceConfig(d.sim(), 0.04, 1.0, 0.3, 0.3, 0.0, 1.0, 0.05);
  }

  /** The first seed from {@code from} whose goal is at least 15 cm from the cube. */
  static long farGoalSeed(SimEnvironment env, long from) {
    for (long seed = from; ; seed++) {
      float[] s = env.reset(seed).state();
      double d = 0;
      for (int i = 0; i < 3; i++) {
        double e = s[OBJECT + i] - s[OBJECT + 13 + i];
        d += e * e;
      }
      if (Math.sqrt(d) > 0.15) {
        return seed;
      }
    }
  }

  @Test
  void graspHoldsTheCubeWhileLiftingHoldingAndCarrying() {
    try (SimEnvironment env = SimEnvironment.create(tableGoals())) {
      TaskOracle oracle = env.oracle().orElseThrow();
      float[] s = env.reset(farGoalSeed(env, 2)).state();
      int steps = 0;
      // follow the expert until its fingers have closed on the cube
      while (!(s[WIDTH] < 0.042 && Math.abs(s[EE + 2] - s[OBJECT + 2]) < 0.01)) {
        Transition t = env.step(oracle.expertAction());
        assertThat(t.done()).as("the expert grasps before the episode ends").isFalse();
        s = t.observation().state();
        assertThat(++steps).as("the expert closes on the cube").isLessThan(40);
      }
      // squeeze for one more step, then lift, hold and carry with the gripper closed
      s = env.step(Action.of(0, 0, 0, -1)).observation().state();
      float[] start = s.clone();
      List<float[]> plan = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        plan.add(new float[] {0, 0, 1, -1});
      }
      for (int i = 0; i < 12; i++) {
        plan.add(new float[] {0, 0, 0, -1});
      }
      for (int i = 0; i < 3; i++) {
        plan.add(new float[] {0, 1, 0, -1});
      }
      for (float[] a : plan) {
        Transition t = env.step(new Action(a));
        assertThat(t.done()).isFalse();
        s = t.observation().state();
      }
      assertThat(s[OBJECT + 2] - start[OBJECT + 2]).as("lifted").isGreaterThan(0.12f);
      assertThat(s[OBJECT + 1] - start[OBJECT + 1]).as("carried").isGreaterThan(0.05f);
      for (int i = 0; i < 3; i++) {
        double slip = (s[OBJECT + i] - s[EE + i]) - (start[OBJECT + i] - start[EE + i]);
        assertThat(Math.abs(slip)).as("slip along axis %d (m)", i).isLessThan(0.003);
      }
    }
  }

  @Test
  void jointLimitsAreRespectedEvenWhenCommandedBeyondThem() {
    PushConfig c = PushConfig.defaults();
    c = c.withSim(c.sim().withActionMode(ActionMode.JOINT_POSITION).withMaxEpisodeSteps(60));
    try (SimEnvironment env = SimEnvironment.create(c)) {
      List<JointSpec> joints = env.spec().robot().joints();
      SplittableRandom rng = new SplittableRandom(9);
      env.reset(3);
      for (int step = 0; step < 60; step++) {
        float[] a = new float[joints.size()];
        for (int j = 0; j < a.length; j++) {
          JointSpec js = joints.get(j);
          a[j] = (float) (rng.nextBoolean() ? js.upperPosition() + 1 : js.lowerPosition() - 1);
        }
        Transition t = env.step(new Action(a));
        for (int j = 0; j < joints.size(); j++) {
          JointSpec js = joints.get(j);
          assertThat((double) t.applied().get(j)).isBetween(js.lowerPosition(), js.upperPosition());
          assertThat((double) t.observation().state()[j])
              .as("joint %s at step %d", js.name(), step)
              .isBetween(js.lowerPosition() - 0.01, js.upperPosition() + 0.01);
        }
        if (t.done()) {
          break;
        }
      }
    }
  }

  @Test
  void endEffectorDeltasMoveWhereCommandedAndStayInTheWorkspace() {
    try (SimEnvironment env = SimEnvironment.create(ReachConfig.defaults())) {
      float[] s0 = env.reset(4).state();
      float[] s = s0;
      for (int i = 0; i < 5; i++) {
        s = env.step(Action.of(1, 0, 0)).observation().state();
      }
      assertThat(s[EE] - s0[EE]).isGreaterThan(0.07f);
      assertThat(Math.abs(s[EE + 1] - s0[EE + 1])).isLessThan(0.005f);
      assertThat(Math.abs(s[EE + 2] - s0[EE + 2])).isLessThan(0.01f);
      for (int i = 0; i < 10; i++) {
        Transition t = env.step(Action.of(0, 0, -1));
        s = t.observation().state();
        if (t.done()) {
          break;
        }
      }
      assertThat(s[EE + 2]).as("the table stops the hand").isGreaterThan(0.0f);
    }
  }

  @Test
  void midEpisodeSnapshotInAnotherInstanceReplaysTheGraspExactly() {
    PickAndPlaceConfig config = tableGoals();
    List<Action> actions = new ArrayList<>();
    List<float[]> original = new ArrayList<>();
    EnvState snapshot;
    try (SimEnvironment env = SimEnvironment.create(config)) {
      TaskOracle oracle = env.oracle().orElseThrow();
      env.reset(farGoalSeed(env, 6));
      for (int i = 0; i < 12; i++) {
        env.step(oracle.expertAction());
      }
      snapshot = env.state();
      for (int i = 0; i < 15; i++) {
        Action a = oracle.expertAction();
        actions.add(a);
        Transition t = env.step(a);
        original.add(t.observation().state());
        if (t.done()) {
          break;
        }
      }
    }
    try (SimEnvironment other = SimEnvironment.create(config)) {
      other.reset(99);
      other.step(Action.of(1, 1, 1, 1));
      other.restore(snapshot);
      for (int i = 0; i < original.size(); i++) {
        float[] replay = other.step(actions.get(i)).observation().state();
        assertThat(replay).as("step %d", i).containsExactly(original.get(i));
      }
    }
  }

  @Test
  void twoInstancesGiveBitIdenticalTrajectories() {
    List<float[]> a = expertRollout(PushConfig.defaults(), 11);
    List<float[]> b = expertRollout(PushConfig.defaults(), 11);
    assertThat(b).hasSameSizeAs(a);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i)).as("step %d", i).containsExactly(a.get(i));
    }
  }

  static List<float[]> expertRollout(PushConfig config, long seed) {
    try (SimEnvironment env = SimEnvironment.create(config)) {
      TaskOracle oracle = env.oracle().orElseThrow();
      List<float[]> out = new ArrayList<>();
      out.add(env.reset(seed).state());
      Transition t;
      do {
        t = env.step(oracle.expertAction());
        out.add(t.observation().state());
      } while (!t.done());
      return out;
    }
  }

  @Test
  void anEnvironmentBelongsToTheThreadThatCreatedIt() throws Exception {
    List<float[]> here = expertRollout(PushConfig.defaults(), 12);
    List<List<float[]>> there = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    Thread t = new Thread(() -> there.add(expertRollout(PushConfig.defaults(), 12)));
    t.setUncaughtExceptionHandler((th, e) -> failures.add(e));
    t.start();
    t.join();
    assertThat(failures).isEmpty();
    for (int i = 0; i < here.size(); i++) {
      assertThat(there.get(0).get(i))
          .as("created and stepped on another thread")
          .containsExactly(here.get(i));
    }
    try (SimEnvironment env = SimEnvironment.create(ReachConfig.defaults())) {
      env.reset(2);
      Thread stepper = new Thread(() -> env.step(Action.of(1, 0, 0)), "stepper");
      stepper.setUncaughtExceptionHandler((th, e) -> failures.add(e));
      stepper.start();
      stepper.join();
      assertThat(failures).hasSize(1);
      assertThat(failures.get(0))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("step() called on thread 'stepper'")
          .hasMessageContaining("create each environment on the thread that steps it");
      assertThat(env.stepCount()).isZero();
    }
  }

  @Test
  void restoreRefusesStatesItCannotReproduce() {
    try (SimEnvironment push = SimEnvironment.create(PushConfig.defaults());
        SimEnvironment heavier =
            SimEnvironment.create(
                new PushConfig(SimSettings.defaults(), 0.04, 0.5, 0.3, 0.3, 0.05));
        SimEnvironment reach = SimEnvironment.create(ReachConfig.defaults())) {
      push.reset(1);
      heavier.reset(1);
      reach.reset(1);
      EnvState state = push.state();
      assertThatThrownBy(() -> reach.restore(state))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'sim/Push' into 'sim/Reach'");
      assertThatThrownBy(() -> heavier.restore(state))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("other task parameters")
          .hasMessageContaining("objectMassKg=1.0");
      byte[] cut = java.util.Arrays.copyOf(state.data(), state.data().length - 10);
      assertThatThrownBy(() -> push.restore(new EnvState("sim/Push", cut)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("truncated or corrupt");
    }
  }

  @Test
  void usingItBeforeResetIsAClearError() {
    try (SimEnvironment env = SimEnvironment.create(ReachConfig.defaults())) {
      assertThatThrownBy(() -> env.step(Action.zeros(3)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("reset");
      assertThatThrownBy(env::state).hasMessageContaining("reset");
    }
  }

  @Test
  void sceneHasTheRobotTheTableTheObjectAndAGhostGoal() {
    try (SimEnvironment env = SimEnvironment.create(PickAndPlaceConfig.defaults())) {
      float[] s = env.reset(3).state();
      SceneDescription scene = env.scene();
      List<String> names = scene.objects().stream().map(SceneObject::name).toList();
      assertThat(names)
          .contains(
              "panda_link1",
              "panda_link7",
              "panda_hand",
              "panda_leftfinger",
              "panda_rightfinger",
              "table",
              "object",
              "goal");
      SceneObject cube =
          scene.objects().stream().filter(o -> o.name().equals("object")).findFirst().orElseThrow();
      assertThat(cube.pose().x()).isCloseTo(s[OBJECT], offset(1e-6));
      assertThat(cube.pose().z()).isCloseTo(s[OBJECT + 2], offset(1e-6));
      assertThat(cube.ghost()).isFalse();
      assertThat(scene.objects().stream().filter(o -> o.name().equals("goal")))
          .allMatch(SceneObject::ghost);
      for (SceneObject o : scene.objects()) {
        assertThat(Double.isFinite(o.pose().x() + o.pose().qw())).as(o.name()).isTrue();
      }
    }
  }

  @Test
  void aBlowUpEndsTheEpisodeAndTheNextResetIsClean() {
    PickAndPlaceConfig config = tableGoals();
    List<float[]> reference = new ArrayList<>();
    List<Action> actions = new ArrayList<>();
    long seed;
    try (SimEnvironment fresh = SimEnvironment.create(config)) {
      TaskOracle oracle = fresh.oracle().orElseThrow();
      seed = farGoalSeed(fresh, 8);
      reference.add(fresh.reset(seed).state());
      for (int i = 0; i < 10; i++) {
        Action a = oracle.expertAction();
        actions.add(a);
        reference.add(fresh.step(a).observation().state());
      }
    }
    WorkcellProbe probe = new WorkcellProbe(config);
    try (SimEnvironment env = SimEnvironment.create(probe)) {
      TaskOracle oracle = env.oracle().orElseThrow();
      env.reset(farGoalSeed(env, 3));
      for (int i = 0; i < 8; i++) {
        env.step(oracle.expertAction());
      }
      probe.cell().arm().setJointVelocity(3, 1e4f); // a kick: the physics blows up on the next step
      Transition t = env.step(oracle.expertAction());
      assertThat(t.truncated()).isTrue();
      assertThat(t.endReason()).contains(EndReason.PHYSICS_BLOWUP);
      assertThat(t.detail()).contains("physics blow-up").contains("panda_joint4");
      for (float v : t.observation().state()) {
        assertThat(Float.isFinite(v)).isTrue();
      }
      assertThatThrownBy(() -> env.step(Action.zeros(4)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("ended");
      assertThat(env.reset(seed).state()).containsExactly(reference.get(0));
      for (int i = 0; i < actions.size(); i++) {
        assertThat(env.step(actions.get(i)).observation().state())
            .as("step %d after recovery", i)
            .containsExactly(reference.get(i + 1));
      }
    }
  }
}
