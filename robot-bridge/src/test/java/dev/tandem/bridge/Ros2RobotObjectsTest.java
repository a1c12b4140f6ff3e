package dev.tandem.bridge;

import static dev.tandem.bridge.Ros2RobotTest.domain;
import static dev.tandem.bridge.Ros2RobotTest.patient;
import static dev.tandem.bridge.Ros2RobotTest.robot;
import static dev.tandem.bridge.Ros2RobotTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.bridge.ObjectPoseConfig.Part;
import dev.tandem.bridge.dds.DdsParticipant;
import dev.tandem.bridge.fake.FakeRobot;
import dev.tandem.core.data.Action;
import dev.tandem.core.env.Transition;
import dev.tandem.core.scene.Pose;
import dev.tandem.core.spec.ActionSpec.ActionMode;
import dev.tandem.core.spec.FeatureSpec;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Object poses from {@code geometry_msgs/PoseStamped} in the bridge's observation: the C fake robot
 * (Cyclone DDS) gives the joint states, a tracker (a {@link Ros2RobotServer} on its own thread,
 * Fast-DDS, stamping poses in the robot's base link) publishes a moving object and a still goal, on
 * 127.0.0.1 and a random domain.
 */
class Ros2RobotObjectsTest {

  /** The object moves 0.1 m/s along base x and turns 0.5 rad/s about z. */
  static final double SPEED = 0.1;

  static final double TURN = 0.5;

  /** Publishes poses at 100 Hz until paused or closed. */
  static final class Tracker implements AutoCloseable {
    final Ros2RobotServer server;
    final Thread thread;
    final long t0 = System.nanoTime();
    volatile boolean paused;
    volatile boolean closed;

    Tracker(int domain) {
      server =
          new Ros2RobotServer(
              new Ros2RobotServer.Settings(
                  "test_tracker",
                  domain,
                  "127.0.0.1",
                  3,
                  "/tracker_joint_states",
                  "/tracker_controller",
                  CommandInterface.POSITION,
                  "/tandem/objects",
                  "panda_link0",
                  DdsParticipant.Qos.rosDefault(),
                  null),
              List.of("j"),
              List.of("j"),
              System::nanoTime);
      thread = new Thread(this::loop, "tracker");
      thread.setDaemon(true);
      thread.start();
    }

    private void loop() {
      while (!closed) {
        if (!paused) {
          long now = System.nanoTime();
          double t = (now - t0) / 1e9;
          double half = TURN * t / 2;
          server.publishPose(
              "object",
              new Pose(0.5 + SPEED * t, 0.1, 0.02, 0, 0, Math.sin(half), Math.cos(half)),
              now);
          server.publishPose("goal", Pose.at(0.4, -0.1, 0.3), now);
        }
        LockSupport.parkNanos(10_000_000);
      }
    }

    @Override
    public void close() throws InterruptedException {
      closed = true;
      thread.join(2000);
      server.close();
    }
  }

  static Ros2RobotConfig config(int domain, OnStale onStale) {
    Ros2RobotConfig base =
        Ros2RobotTest.config(domain, CommandInterface.POSITION, ActionMode.EE_DELTA, patient());
    return new Ros2RobotConfig(
        base.name(),
        base.urdf(),
        base.endEffectorLink(),
        base.gripperJoints(),
        base.domainId(),
        base.interfaceAddress(),
        base.participantLeaseSeconds(),
        base.jointStatesTopic(),
        base.controller(),
        base.commandInterface(),
        base.qos(),
        base.actionMode(),
        base.controlRateHz(),
        base.maxEpisodeSteps(),
        base.maxEeStepMeters(),
        // the default connect timeout (10 s): cross-DDS discovery of the fake robot's topics took
        // over 2 s once on a quiet machine, and reset refused the missing image
        null,
        base.baseInWorld(),
        base.safety(),
        List.of(
            new ObjectPoseConfig("object", null, Part.POSE_AND_VELOCITY, 0.3, onStale),
            new ObjectPoseConfig("goal", null, null, 0.3, onStale)),
        List.of(
            new PoseDifference("ee_to_object", "ee", "object"),
            new PoseDifference("object_to_goal", "object", "goal")),
        null,
        null,
        null);
  }

  @Test
  void theObservationCarriesTheObjectsInTheSimsLayoutInTheWorldFrame() throws Exception {
    int d = domain();
    Ros2RobotConfig config = config(d, OnStale.HOLD);
    List<String> names = config.spec().feature(FeatureSpec.STATE).names();
    // after the 7 joints, ee (6) and gripper width: the object as the sim's Push observes it
    assertThat(names.subList(14, names.size()))
        .containsExactly(
            "object.x",
            "object.y",
            "object.z",
            "object.qx",
            "object.qy",
            "object.qz",
            "object.qw",
            "object.vx",
            "object.vy",
            "object.vz",
            "object.wx",
            "object.wy",
            "object.wz",
            "goal.x",
            "goal.y",
            "goal.z",
            "ee_to_object.x",
            "ee_to_object.y",
            "ee_to_object.z",
            "object_to_goal.x",
            "object_to_goal.y",
            "object_to_goal.z");
    try (FakeRobot fake = robot(d, "position");
        Tracker tracker = new Tracker(d);
        Ros2Robot env = config.create()) {
      env.reset(0);
      Transition t = run(env, Action.of(0, 0, 0), 0.5, tr -> false);
      float[] s = t.observation().state();
      int o = names.indexOf("object.x");
      // base link (0.5 + 0.1 t, 0.1, 0.02) placed by baseInWorld (-0.6, 0, 0)
      double elapsed = (System.nanoTime() - tracker.t0) / 1e9;
      assertThat((double) s[o]).isCloseTo(-0.1 + SPEED * elapsed, within(0.03));
      assertThat(s[o + 1]).isCloseTo(0.1f, within(1e-6f));
      assertThat(s[o + 2]).isCloseTo(0.02f, within(1e-6f));
      double qz = s[o + 5];
      double qw = s[o + 6];
      assertThat(qz * qz + qw * qw).isCloseTo(1.0, within(1e-5));
      assertThat(s[o + 7]).as("vx by finite differences").isCloseTo((float) SPEED, within(0.02f));
      assertThat(s[o + 8]).isCloseTo(0f, within(1e-4f));
      assertThat(s[o + 12]).as("wz").isCloseTo((float) TURN, within(0.05f));
      int g = names.indexOf("goal.x");
      assertThat(new float[] {s[g], s[g + 1], s[g + 2]})
          .containsExactly(new float[] {-0.2f, -0.1f, 0.3f}, within(1e-6f));
      int ee = names.indexOf("ee.x");
      int eo = names.indexOf("ee_to_object.x");
      int og = names.indexOf("object_to_goal.x");
      for (int k = 0; k < 3; k++) {
        assertThat(s[eo + k]).isCloseTo(s[o + k] - s[ee + k], within(1e-5f));
        assertThat(s[og + k]).isCloseTo(s[g + k] - s[o + k], within(1e-5f));
      }
      assertThat(t.detail()).doesNotContain("stale");
    }
  }

  @Test
  void aStalePoseHoldsTheRobotUntilItIsFreshAgain() throws Exception {
    int d = domain();
    try (FakeRobot fake = robot(d, "position");
        Tracker tracker = new Tracker(d);
        Ros2Robot env = config(d, OnStale.HOLD).create()) {
      env.reset(0);
      Action up = Action.of(0, 0, 1);
      run(env, up, 0.1, tr -> false);
      tracker.paused = true;
      Transition held = run(env, up, 2, tr -> tr.detail().contains("stale input"));
      assertThat(held.detail()).contains("object").contains("goal").contains("holding");
      fake.clearCommands();
      env.step(up);
      double[] first = fake.nextCommand(2000);
      run(env, up, 0.2, tr -> false);
      double[] later = null;
      for (double[] c; (c = fake.nextCommand(200)) != null; ) {
        later = c;
      }
      assertThat(later).as("the hold posture, unchanged while stale").containsExactly(first);
      long staleTicks = env.safetyStats().staleInputTicks();
      assertThat(staleTicks).isPositive();
      tracker.paused = false;
      float z0 = held.observation().state()[9];
      Transition moved =
          run(env, up, 3, tr -> tr.observation().state()[9] > z0 + 0.02f && tr.detail().isEmpty());
      assertThat(moved.observation().state()[9])
          .as("moves again without the operator's resume")
          .isGreaterThan(z0 + 0.02f);
      assertThat(env.hold()).isEqualTo(Ros2Robot.Hold.NONE);
      assertThat(env.safetyStats().summary()).contains("stale-input ticks");
    }
  }

  @Test
  void keepLastObservesTheLastPoseWithZeroVelocityAndKeepsMoving() throws Exception {
    int d = domain();
    try (FakeRobot fake = robot(d, "position");
        Tracker tracker = new Tracker(d);
        Ros2Robot env = config(d, OnStale.KEEP_LAST).create()) {
      env.reset(0);
      Action up = Action.of(0, 0, 1);
      run(env, up, 0.1, tr -> false);
      tracker.paused = true;
      Transition stale = run(env, up, 2, tr -> tr.detail().contains("stale input"));
      assertThat(stale.detail()).contains("last kept");
      float z0 = stale.observation().state()[9];
      Transition later = run(env, up, 0.3, tr -> false);
      assertThat(later.observation().state()[9]).as("still moving").isGreaterThan(z0 + 0.01f);
      List<String> names = env.spec().feature(FeatureSpec.STATE).names();
      int o = names.indexOf("object.x");
      assertThat(later.observation().state()[o]).isEqualTo(stale.observation().state()[o]);
      assertThat(later.observation().state()[o + 7]).as("velocity of a stale pose").isZero();
    }
  }

  @Test
  void resetWithoutAPoseNamesTheObjectAndTopic() throws Exception {
    int d = domain();
    try (FakeRobot fake = robot(d, "position");
        Ros2Robot env = config(d, OnStale.HOLD).create()) {
      assertThatThrownBy(() -> env.reset(0))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("object (/tandem/objects/object)")
          .hasMessageContaining("goal (/tandem/objects/goal)")
          .hasMessageContaining("PoseStamped");
    }
  }
}
