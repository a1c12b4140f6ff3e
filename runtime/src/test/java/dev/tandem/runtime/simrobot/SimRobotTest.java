package dev.tandem.runtime.simrobot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.bridge.CommandInterface;
import dev.tandem.bridge.Ros2Robot;
import dev.tandem.bridge.Ros2RobotConfig;
import dev.tandem.core.config.ConfigLoader;
import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.data.Observation;
import dev.tandem.core.env.Transition;
import dev.tandem.core.scene.Pose;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.sim.SimEnvironment;
import dev.tandem.sim.config.TaskConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The bridge ({@link Ros2Robot}, configured by the example configs/ros2/panda.yaml) against the
 * simulation exposed as a ROS 2 robot, both in this JVM on 127.0.0.1 on a random domain id: the
 * whole deploy path without hardware.
 */
class SimRobotTest {

  static java.nio.file.Path configs() {
    java.nio.file.Path p = java.nio.file.Path.of("").toAbsolutePath();
    while (!java.nio.file.Files.isDirectory(p.resolve("configs"))) {
      p = p.getParent();
    }
    return p.resolve("configs");
  }

  @ParameterizedTest
  // TWIST is moveit_servo's: sim-robot speaks ros2_control only
  @EnumSource(value = CommandInterface.class, names = "TWIST", mode = EnumSource.Mode.EXCLUDE)
  void theBridgeDrivesTheSimulatedArmToTheReachGoalItReadsFromPoseStamped(CommandInterface command)
      throws Exception {
    int domain = ThreadLocalRandom.current().nextInt(1, 200);
    var loader = ConfigLoader.discover();
    TaskConfig reach = (TaskConfig) loader.load(configs().resolve("tasks/reach.yaml"), List.of());
    Ros2RobotConfig robot =
        loader.load(
            configs().resolve("ros2/panda.yaml"),
            Ros2RobotConfig.class,
            // a loaded test machine: a 25 Hz robot may be late by more than the 0.1 s default
            List.of(
                "domainId=" + domain,
                "commandInterface=" + command,
                "safety.staleAfterSeconds=0.5",
                "objects=[{name: goal}]"));
    List<String> events = new ArrayList<>();
    try (SimRobot sim =
            SimRobot.start(
                // one episode, seed 7, from the start: every goal pose published is its goal
                reach.withSim(reach.sim().withSeed(7)),
                new SimRobot.Options(
                    domain,
                    "127.0.0.1",
                    "/arm_controller",
                    command,
                    "/joint_states",
                    "/tandem/objects",
                    100_000,
                    null),
                events::add);
        Ros2Robot env = robot.create()) {
      assertThat(sim.rateHz()).isEqualTo(25.0);
      Observation o = env.reset(0);
      // the goal (a 30 cm cube above the table centre) is published in the robot base frame and
      // observed in the world frame after the robot part, where the sim's Reach observes it
      assertThat(robot.spec().feature(FeatureSpec.STATE).names().subList(14, 17))
          .containsExactly("goal.x", "goal.y", "goal.z");
      Pose goal = Pose.at(o.state()[14], o.state()[15], o.state()[16]);
      assertThat(goal.x()).isBetween(-0.15, 0.15);
      long period = Math.round(1e9 / robot.controlRateHz());
      long next = System.nanoTime();
      Transition t = null;
      for (int i = 0; i < 100 && !sim.episode().ended(); i++) {
        float[] s = o.state();
        float[] a = new float[3];
        double[] g = {goal.x(), goal.y(), goal.z()};
        for (int k = 0; k < 3; k++) {
          // ee.x is state[7]: 7 arm joints first
          a[k] = (float) ((g[k] - s[7 + k]) / robot.maxEeStepMeters());
        }
        t = env.step(new dev.tandem.core.data.Action(a));
        o = t.observation();
        next += period;
        java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
      }
      assertThat(sim.episode().success())
          .as("sim episode %s, events %s", sim.episode(), events)
          .isTrue();
      assertThat(sim.episode().seed()).as("%s %s", sim.episode(), events).isEqualTo(7);
      // the arm stands still once the sim's episode has ended: what the bridge measures a few
      // ticks later is where the sim found success
      for (int i = 0; i < 3; i++) {
        Thread.sleep(period / 1_000_000);
        o = env.step(new dev.tandem.core.data.Action(new float[3])).observation();
      }
      double[] ee = {o.state()[7], o.state()[8], o.state()[9]};
      double d =
          Math.sqrt(
              Math.pow(ee[0] - goal.x(), 2)
                  + Math.pow(ee[1] - goal.y(), 2)
                  + Math.pow(ee[2] - goal.z(), 2));
      assertThat(d).as("bridge-measured distance to the goal").isLessThan(0.0501);
      assertThat(env.safetyStats().commandsPublished()).isPositive();
      assertThat(sim.stats().commandsAccepted()).isPositive();
      assertThat(sim.stats().commandsRefused()).isZero();
    }
  }

  /**
   * A policy trained in sim reads the bridge's observation unchanged: for the joint positions the
   * sim-robot publishes, the bridge (example config, default {@code baseInWorld}) observes the same
   * state the sim does for those positions, tool position and velocity in the sim's world frame,
   * the goal pose read from PoseStamped (stamped in the base link) is the sim's goal, and the front
   * camera's image (sensor_msgs/Image, rgb8) is the sim's image.
   */
  @org.junit.jupiter.api.Test
  void theBridgesObservationOfTheSimRobotIsTheSimsObservation() throws Exception {
    int domain = ThreadLocalRandom.current().nextInt(1, 200);
    var loader = ConfigLoader.discover();
    TaskConfig reach = (TaskConfig) loader.load(configs().resolve("tasks/reach.yaml"), List.of());
    Ros2RobotConfig robot =
        loader.load(
            configs().resolve("ros2/panda.yaml"),
            Ros2RobotConfig.class,
            List.of(
                "domainId=" + domain,
                "safety.staleAfterSeconds=0.5",
                "objects=[{name: goal}]",
                "cameras=[{name: front, width: 32, height: 32}]"));
    TaskConfig task =
        reach.withSim(
            reach
                .sim()
                .withSeed(7)
                .withCameras(List.of(dev.tandem.sim.config.CameraConfig.front(32, 32))));
    // one sim step, then the arm stands still: every joint state after that is this posture
    SimRobot.Options options =
        new SimRobot.Options(
            domain,
            "127.0.0.1",
            "/arm_controller",
            CommandInterface.POSITION,
            "/joint_states",
            "/tandem/objects",
            1,
            null);
    try (SimRobot sim = SimRobot.start(task, options, line -> {});
        Ros2Robot env = robot.create();
        // the same sim, seed and one step holding the start posture (the sim is deterministic):
        // the posture sim-robot stands in
        SimEnvironment same =
            SimEnvironment.create(
                task.withSim(
                    task.sim()
                        .withActionMode(dev.tandem.core.spec.ActionSpec.ActionMode.JOINT_POSITION)
                        .withMaxEpisodeSteps(1)))) {
      env.reset(0);
      same.reset(7);
      float[] hold = new float[same.spec().action().dim()];
      double[] q0 = same.jointPositions();
      for (int c = 0; c < 7; c++) {
        hold[c] = (float) q0[c];
      }
      Observation simSees = same.step(new dev.tandem.core.data.Action(hold)).observation();
      float[] expected = simSees.state();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!sim.episode().ended() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(sim.episode().ended()).isTrue();
      Observation o = env.awaitObservation(System.nanoTime(), TimeUnit.SECONDS.toNanos(5));
      assertThat(o).isNotNull();
      float[] seen = o.state();
      // 7 joints, tool position (7-9) and velocity (10-12), gripper width (13), Reach's goal
      assertThat(robot.spec().feature(FeatureSpec.STATE).names())
          .isEqualTo(same.spec().feature(FeatureSpec.STATE).names());
      assertThat(seen).hasSize(17);
      for (int k = 0; k < 7; k++) {
        assertThat(seen[k]).as("joint %d", k).isEqualTo(expected[k]);
      }
      for (int k = 7; k < 13; k++) {
        assertThat((double) seen[k]).as("state[%d]", k).isCloseTo(expected[k], within(1e-4));
      }
      for (int k = 14; k < 17; k++) {
        assertThat((double) seen[k]).as("goal, state[%d]", k).isCloseTo(expected[k], within(1e-4));
      }
      // the camera image sim-robot rendered and published as rgb8, observed at the same size
      String front = FeatureSpec.IMAGES_PREFIX + "front";
      assertThat(robot.spec().feature(front)).isEqualTo(same.spec().feature(front));
      ImageFrame image = o.images().get("front");
      while (!simSees.image("front").equals(image) && System.nanoTime() < deadline) {
        Observation next = env.awaitObservation(System.nanoTime(), TimeUnit.SECONDS.toNanos(1));
        image = next == null ? image : next.images().get("front");
      }
      assertThat(image).isEqualTo(simSees.image("front"));
      assertThat(env.safetyStats().ignoredInputs()).isZero();
    }
  }

  /**
   * A gripper policy over sim-robot: the bridge's gripper value (configured {@code
   * gripperController}) reaches PickAndPlace's simulated fingers through the finger controller, and
   * the width the bridge observes opens and closes.
   */
  @org.junit.jupiter.api.Test
  void theBridgesGripperActionOpensAndClosesTheSimulatedFingers() throws Exception {
    int domain = ThreadLocalRandom.current().nextInt(1, 200);
    var loader = ConfigLoader.discover();
    TaskConfig pick =
        (TaskConfig) loader.load(configs().resolve("tasks/pick_and_place.yaml"), List.of());
    Ros2RobotConfig robot =
        loader.load(
            configs().resolve("ros2/panda.yaml"),
            Ros2RobotConfig.class,
            List.of(
                "domainId=" + domain,
                "safety.staleAfterSeconds=0.5",
                "gripperController=/gripper_controller"));
    try (SimEnvironment same = SimEnvironment.create(pick)) {
      assertThat(robot.spec().action().names()).isEqualTo(same.spec().action().names());
    }
    try (SimRobot sim = SimRobot.start(pick, SimRobot.Options.defaults(domain), line -> {});
        Ros2Robot env = robot.create()) {
      Observation o = env.reset(0);
      int w = robot.spec().feature(FeatureSpec.STATE).names().indexOf("gripper.width");
      float start = o.state()[w];
      float open = drive(env, robot, dev.tandem.core.data.Action.of(0, 0, 0, 1), 1.5)[w];
      assertThat(open).as("opened from %s", start).isGreaterThan(Math.min(start + 0.02f, 0.07f));
      float closed = drive(env, robot, dev.tandem.core.data.Action.of(0, 0, 0, -1), 1.5)[w];
      assertThat(closed).as("closed from %s", open).isLessThan(open - 0.03f);
      assertThat(sim.stats().commandsRefused()).isZero();
    }
  }

  /** Steps at the control rate for {@code seconds}; the last observed state. */
  static float[] drive(
      Ros2Robot env, Ros2RobotConfig robot, dev.tandem.core.data.Action a, double seconds) {
    long period = Math.round(1e9 / robot.controlRateHz());
    long next = System.nanoTime();
    float[] s = null;
    for (int i = 0; i < seconds * robot.controlRateHz(); i++) {
      s = env.step(a).observation().state();
      next += period;
      java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
    }
    return s;
  }

  /**
   * The object layout a Push policy was trained on, configured on the bridge: the same names in the
   * same order as the sim's Push observation.
   */
  @org.junit.jupiter.api.Test
  void aBridgeConfiguredWithPushsObjectsObservesPushsStateNames() {
    var loader = ConfigLoader.discover();
    TaskConfig push = (TaskConfig) loader.load(configs().resolve("tasks/push.yaml"), List.of());
    Ros2RobotConfig robot =
        loader.load(
            configs().resolve("ros2/panda.yaml"),
            Ros2RobotConfig.class,
            List.of(
                "objects=[{name: object, part: POSE_AND_VELOCITY}, {name: goal}]",
                "differences=[{name: ee_to_object, from: ee, to: object},"
                    + " {name: object_to_goal, from: object, to: goal}]"));
    assertThat(robot.spec().feature(FeatureSpec.STATE).names())
        .isEqualTo(push.spec().feature(FeatureSpec.STATE).names());
  }
}
