package dev.tandem.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.bridge.fake.FakeRobot;
import dev.tandem.core.data.Action;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.Observation;
import dev.tandem.core.env.Transition;
import dev.tandem.core.spec.ActionSpec.ActionMode;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The ROS 2 robot against the independent C fake robot (Cyclone DDS) on 127.0.0.1, each test on its
 * own random domain id so concurrent builds never meet.
 */
class Ros2RobotTest {

  static final double[] NEUTRAL = {0.0, 0.41, 0.0, -1.85, 0.0, 2.26, 0.79};
  static final String JOINTS =
      "joints=panda_joint1,panda_joint2,panda_joint3,panda_joint4,panda_joint5,panda_joint6,"
          + "panda_joint7";
  static final String INITIAL = "initial=0,0.41,0,-1.85,0,2.26,0.79";
  static final double RATE_HZ = 100;
  static final java.nio.file.Path FAKE_ROBOT_DIR = java.nio.file.Path.of("target", "fake-robot");

  static int domain() {
    return ThreadLocalRandom.current().nextInt(1, 200);
  }

  static Ros2RobotConfig config(
      int domain, CommandInterface command, ActionMode mode, BridgeSafetyConfig safety) {
    return config(domain, command, mode, safety, 10_000);
  }

  static Ros2RobotConfig config(
      int domain,
      CommandInterface command,
      ActionMode mode,
      BridgeSafetyConfig safety,
      int maxEpisodeSteps) {
    return new Ros2RobotConfig(
        "panda",
        "classpath:/robots/panda.urdf",
        "panda_hand_tcp",
        List.of(),
        domain,
        null,
        2.0,
        null,
        "/arm_controller",
        command,
        null,
        mode,
        RATE_HZ,
        maxEpisodeSteps,
        0.01,
        5.0,
        null,
        safety,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * A watchdog far above the gaps a loaded machine's scheduler makes: for the tests that are not
   * about staleness (a tripped watchdog holds until the operator resumes, which they never do).
   */
  static BridgeSafetyConfig patient() {
    return safety(1.0, 3.0);
  }

  static BridgeSafetyConfig safety(double stale, double dead) {
    return new BridgeSafetyConfig(
        0.05,
        new double[] {-0.9, -0.9, -0.2},
        new double[] {0.9, 0.9, 1.3},
        stale,
        dead,
        null,
        null);
  }

  static FakeRobot robot(int domain, String mode, String... extra) {
    String[] args = new String[5 + extra.length];
    args[0] = JOINTS;
    args[1] = INITIAL;
    args[2] = "domain=" + domain;
    args[3] = "mode=" + mode;
    args[4] = "rate_hz=200";
    System.arraycopy(extra, 0, args, 5, extra.length);
    return FakeRobot.start(FAKE_ROBOT_DIR, args);
  }

  /** Steps at the control rate for up to {@code seconds}, until {@code until} holds. */
  static Transition run(
      Ros2Robot env, Action a, double seconds, java.util.function.Predicate<Transition> until) {
    long period = Math.round(1e9 / RATE_HZ);
    long next = System.nanoTime();
    Transition t = null;
    for (int i = 0; i < seconds * RATE_HZ; i++) {
      t = env.step(a);
      if (until.test(t) || t.done()) {
        return t;
      }
      next += period;
      LockSupport.parkNanos(next - System.nanoTime());
    }
    return t;
  }

  static Action joints(double... q) {
    float[] f = new float[q.length];
    for (int i = 0; i < q.length; i++) {
      f[i] = (float) q[i];
    }
    return new Action(f);
  }

  @Test
  void closedLoopReachesAJointTargetAndAnEndEffectorGoal() throws Exception {
    int d = domain();
    try (FakeRobot fake = robot(d, "position");
        Ros2Robot env =
            config(d, CommandInterface.POSITION, ActionMode.JOINT_POSITION, patient()).create()) {
      env.reset(0);
      double[] goal = NEUTRAL.clone();
      goal[0] = 0.3;
      goal[3] = -1.6;
      Transition t =
          run(env, joints(goal), 5, tr -> Math.abs(tr.observation().state()[0] - 0.3) < 0.005);
      assertThat(t.observation().state()[0]).isCloseTo(0.3f, within(0.005f));
      assertThat(t.observation().state()[3]).isCloseTo(-1.6f, within(0.01f));
    }
    // EE deltas through the shared IK, commanded as a joint trajectory
    int d2 = domain();
    try (FakeRobot fake = robot(d2, "trajectory", "command_topic=arm_controller/joint_trajectory");
        Ros2Robot env =
            config(d2, CommandInterface.TRAJECTORY, ActionMode.EE_DELTA, patient()).create()) {
      Observation start = env.reset(0);
      float z0 = start.state()[9];
      float x0 = start.state()[7];
      Transition t = run(env, Action.of(0, 0, 1), 3, tr -> tr.observation().state()[9] > z0 + 0.1);
      assertThat(t.observation().state()[9]).isGreaterThan(z0 + 0.1f);
      assertThat(t.observation().state()[7]).as("x held").isCloseTo(x0, within(0.01f));
    }
  }

  @Test
  void outOfLimitAndTooFastCommandsAreClippedAndCounted() throws Exception {
    int d = domain();
    try (FakeRobot fake = robot(d, "position");
        Ros2Robot env =
            config(d, CommandInterface.POSITION, ActionMode.JOINT_POSITION, patient()).create()) {
      env.reset(0);
      fake.clearCommands();
      double[] far = NEUTRAL.clone();
      // 2 rad away: far more than a tick allows, min(0.05 rad, 2.175 rad/s x 10 ms) = 0.02175 rad
      far[0] = 2.0;
      far[3] = 1.0; // above panda_joint4's upper limit (-0.0698 rad)
      Transition t = env.step(joints(far));
      assertThat(t.detail()).contains("panda_joint1 step");
      double[] cmd = fake.nextCommand(2000);
      assertThat(cmd).isNotNull();
      assertThat(cmd[0]).isCloseTo(0.02175, within(1e-9));
      assertThat(cmd[3]).isLessThanOrEqualTo(-0.0698 + 1e-6);
      for (int i = 0; i < 5; i++) {
        env.step(joints(far));
      }
      Ros2Robot.SafetyStats s = env.safetyStats();
      assertThat(s.stepLimited()).isGreaterThanOrEqualTo(6);
      assertThat(s.actionsClipped()).isEqualTo(6);
      double previous = cmd[0];
      for (int i = 0; i < 5; i++) {
        double[] next = fake.nextCommand(2000);
        assertThat(Math.abs(next[0] - previous)).isLessThanOrEqualTo(0.02175 + 1e-9);
        assertThat(next[3]).isLessThanOrEqualTo(-0.0698 + 1e-6);
        previous = next[0];
      }
    }
  }

  /** The runtime records the detail of an episode's last transition as its outcome. */
  @Test
  void theEpisodeEndingTransitionSaysWhatTheSafetyLayerDidThatEpisode() throws Exception {
    int d = domain();
    try (FakeRobot fake = robot(d, "position");
        Ros2Robot env =
            config(d, CommandInterface.POSITION, ActionMode.JOINT_POSITION, safety(0.5, 2.0), 3)
                .create()) {
      env.reset(0);
      double[] far = NEUTRAL.clone();
      far[0] = 2.0; // too fast for a tick
      Transition t = null;
      for (int i = 0; i < 3; i++) {
        t = env.step(joints(far));
      }
      assertThat(t.endReason()).contains(EndReason.TIME_LIMIT);
      assertThat(t.detail())
          .contains("panda_joint1 step")
          .contains("; this episode safety: ")
          .contains("3 step-limited")
          // and at which steps (0-based, as recorded)
          .endsWith("; safety by step: step-limited 0-2");
      // the next episode counts afresh: holding the measured posture needs no intervention
      Observation o = env.reset(0);
      double[] here = new double[7];
      for (int k = 0; k < 7; k++) {
        here[k] = o.state()[k];
      }
      for (int i = 0; i < 3; i++) {
        t = env.step(joints(here));
      }
      assertThat(t.detail()).endsWith("; this episode safety: none");
    }
  }

  @Test
  void staleJointStatesHoldTheRobotUntilTheOperatorResumes() throws Exception {
    int d = domain();
    try (FakeRobot fake = robot(d, "position");
        Ros2Robot env =
            config(d, CommandInterface.POSITION, ActionMode.JOINT_POSITION, safety(0.1, 5.0))
                .create()) {
      env.reset(0);
      double[] goal = NEUTRAL.clone();
      goal[0] = 0.5;
      run(env, joints(goal), 0.2, tr -> false);
      fake.send("silent on");
      Transition t = run(env, joints(goal), 1, tr -> env.hold() == Ros2Robot.Hold.WATCHDOG);
      assertThat(env.hold()).isEqualTo(Ros2Robot.Hold.WATCHDOG);
      assertThat(t.detail()).contains("watchdog");
      fake.send("silent off");
      run(env, joints(goal), 0.5, tr -> false);
      assertThat(env.hold())
          .as("fresh states alone do not resume")
          .isEqualTo(Ros2Robot.Hold.WATCHDOG);
      fake.clearCommands();
      env.step(joints(goal));
      double[] held = fake.nextCommand(2000);
      env.step(joints(goal));
      assertThat(fake.nextCommand(2000)).as("the hold posture, unchanged").containsExactly(held);
      assertThat(held[0]).isLessThan(0.45);
      env.resume();
      Transition moved = run(env, joints(goal), 3, tr -> tr.observation().state()[0] > 0.49);
      assertThat(env.hold()).isEqualTo(Ros2Robot.Hold.NONE);
      assertThat(moved.observation().state()[0]).isGreaterThan(0.49f);
      assertThat(env.safetyStats().watchdogTrips()).isEqualTo(1);
    }
  }

  @Test
  void eStopStopsTheRobotWithinOneTick() throws Exception {
    int d = domain();
    try (FakeRobot fake = robot(d, "velocity");
        Ros2Robot env =
            config(d, CommandInterface.VELOCITY, ActionMode.JOINT_VELOCITY, patient()).create()) {
      env.reset(0);
      Action move = joints(0.5, 0, 0, 0, 0, 0, 0);
      run(env, move, 0.3, tr -> false);
      fake.send("estop on");
      long deadline = System.nanoTime() + 3_000_000_000L;
      while (env.hold() != Ros2Robot.Hold.ESTOP && System.nanoTime() < deadline) {
        env.step(move);
        LockSupport.parkNanos(10_000_000);
      }
      assertThat(env.hold()).isEqualTo(Ros2Robot.Hold.ESTOP);
      LockSupport.parkNanos(50_000_000); // commands sent before the e-stop arrive first
      fake.clearCommands();
      env.step(move);
      assertThat(fake.nextCommand(2000))
          .as("the first tick after the e-stop commands zero velocity")
          .containsOnly(0.0);
      env.resume(); // refused while the e-stop input is engaged
      env.step(move);
      assertThat(env.hold()).isEqualTo(Ros2Robot.Hold.ESTOP);
      fake.send("estop off");
      LockSupport.parkNanos(200_000_000);
      env.resume();
      env.step(move);
      assertThat(env.hold()).isEqualTo(Ros2Robot.Hold.NONE);
    }
  }

  @Test
  void aTrueOnTheReadyTopicIsTheOperatorsReadyTakenOnce() throws Exception {
    int d = domain();
    try (FakeRobot fake = robot(d, "position");
        Ros2Robot env =
            config(d, CommandInterface.POSITION, ActionMode.JOINT_POSITION, patient()).create()) {
      env.reset(0);
      assertThat(env.readyTopic()).isEqualTo("/tandem/ready");
      assertThat(env.takeReady()).as("nobody said ready yet").isFalse();
      // the button may be pressed before its writer and our reader have met: press until it counts
      boolean got = false;
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!got && System.nanoTime() < deadline) {
        fake.send("ready");
        for (int i = 0; i < 50 && !got; i++) {
          got = env.takeReady();
          LockSupport.parkNanos(10_000_000);
        }
      }
      assertThat(got).as("the C robot's std_msgs/Bool true on rt/tandem/ready").isTrue();
      LockSupport.parkNanos(300_000_000); // a second press in flight lands here
      env.takeReady();
      assertThat(env.takeReady()).as("taken once").isFalse();
    }
  }

  @Test
  void aKilledRobotEndsTheEpisodeWithinTheDeadRobotTimeout() throws Exception {
    int d = domain();
    FakeRobot fake = robot(d, "position");
    try (fake;
        Ros2Robot env =
            config(d, CommandInterface.POSITION, ActionMode.JOINT_POSITION, safety(0.05, 0.3))
                .create()) {
      env.reset(0);
      run(env, joints(NEUTRAL), 0.2, tr -> false);
      fake.kill();
      long killed = System.nanoTime();
      Transition t = run(env, joints(NEUTRAL), 3, Transition::done);
      double noticed = (System.nanoTime() - killed) / 1e9;
      assertThat(t.done()).isTrue();
      assertThat(t.endReason()).contains(EndReason.ABORTED);
      assertThat(t.detail()).startsWith("robot dead");
      assertThat(noticed).isLessThan(0.3 + 0.1);
    }
  }

  @Test
  void jointStatesWithWrongNamesAreRefusedNamingThem() {
    int d = domain();
    try (FakeRobot fake =
            FakeRobot.start(
                FAKE_ROBOT_DIR,
                "joints=panda_joint1,panda_joint2,panda_joint3,panda_joint4,panda_joint5,"
                    + "panda_joint6,wrist_x",
                "domain=" + d);
        Ros2Robot env =
            config(d, CommandInterface.POSITION, ActionMode.JOINT_POSITION, patient()).create()) {
      assertThatThrownBy(() -> env.reset(0))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("wrist_x")
          .hasMessageContaining("panda_joint7");
    }
  }

  @Test
  void malformedNanAndOutOfOrderMessagesNeverCrashTheLoop() throws Exception {
    int d = domain();
    try (FakeRobot fake = robot(d, "position");
        Ros2Robot env =
            config(d, CommandInterface.POSITION, ActionMode.JOINT_POSITION, patient()).create()) {
      env.reset(0);
      // one fault per published state: each is sent once the one before was counted (on a loaded
      // machine two lines sent 30 ms apart can land on the same state)
      List<java.util.Map.Entry<String, java.util.function.ToLongFunction<Ros2Robot.SafetyStats>>>
          faults =
              List.of(
                  java.util.Map.entry("malformed", Ros2Robot.SafetyStats::malformedStates),
                  java.util.Map.entry("nan", Ros2Robot.SafetyStats::malformedStates),
                  java.util.Map.entry("outoforder", Ros2Robot.SafetyStats::outOfOrderStates),
                  java.util.Map.entry("malformed", Ros2Robot.SafetyStats::malformedStates),
                  java.util.Map.entry("names a,b,c,d,e,f,g", Ros2Robot.SafetyStats::misnamedStates),
                  java.util.Map.entry(
                      "names " + JOINTS.substring("joints=".length()),
                      Ros2Robot.SafetyStats::acceptedStates));
      for (var fault : faults) {
        long before = fault.getValue().applyAsLong(env.safetyStats());
        fake.send(fault.getKey());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (fault.getValue().applyAsLong(env.safetyStats()) <= before
            && System.nanoTime() < deadline) {
          LockSupport.parkNanos(2_000_000);
        }
      }
      float[] nanAction = new float[7];
      nanAction[2] = Float.NaN;
      Action[] actions = {
        joints(NEUTRAL), new Action(nanAction), Action.of(1f, 2f), joints(NEUTRAL)
      };
      for (int i = 0; i < 40; i++) {
        Transition t = env.step(actions[i % actions.length]);
        float[] s = t.observation().state();
        for (float v : s) {
          assertThat(v).isFinite();
        }
        assertThat(s[0]).as("the out-of-order sample's +0.5 rad never shows").isLessThan(0.25f);
        LockSupport.parkNanos(10_000_000);
      }
      Ros2Robot.SafetyStats s = env.safetyStats();
      assertThat(s.malformedStates()).isGreaterThanOrEqualTo(3);
      assertThat(s.outOfOrderStates()).isGreaterThanOrEqualTo(1);
      assertThat(s.misnamedStates()).isGreaterThanOrEqualTo(1);
      assertThat(s.nonFiniteActions()).isGreaterThanOrEqualTo(20);
      assertThat(env.hold()).isEqualTo(Ros2Robot.Hold.NONE);
    }
  }
}
