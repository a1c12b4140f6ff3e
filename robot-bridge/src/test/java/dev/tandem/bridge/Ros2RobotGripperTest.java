package dev.tandem.bridge;

import static dev.tandem.bridge.Ros2RobotTest.domain;
import static dev.tandem.bridge.Ros2RobotTest.patient;
import static dev.tandem.bridge.Ros2RobotTest.robot;
import static dev.tandem.bridge.Ros2RobotTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.bridge.fake.FakeRobot;
import dev.tandem.core.data.Action;
import dev.tandem.core.env.Transition;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.ActionSpec.ActionMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gripper commanded as the sim reads a gripper action (the finger width moves by {@link
 * ActionSpec#GRIPPER_STEP_METERS} per unit from the measured width), through a
 * forward_command_controller over the fingers, against the C fake robot (Cyclone DDS) whose joint
 * states carry the fingers after the arm.
 */
class Ros2RobotGripperTest {

  static final String FINGERS = "gripper_joints=panda_finger_joint1,panda_finger_joint2";

  static Ros2RobotConfig config(int domain, String gripperController) {
    Ros2RobotConfig b =
        Ros2RobotTest.config(domain, CommandInterface.POSITION, ActionMode.EE_DELTA, patient());
    return new Ros2RobotConfig(
        b.name(),
        b.urdf(),
        b.endEffectorLink(),
        List.of("panda_finger_joint1", "panda_finger_joint2"),
        b.domainId(),
        b.interfaceAddress(),
        b.participantLeaseSeconds(),
        b.jointStatesTopic(),
        b.controller(),
        b.commandInterface(),
        b.qos(),
        b.actionMode(),
        b.controlRateHz(),
        b.maxEpisodeSteps(),
        b.maxEeStepMeters(),
        b.connectTimeoutSeconds(),
        b.baseInWorld(),
        b.safety(),
        null,
        null,
        null,
        gripperController,
        null);
  }

  static float width(Transition t) {
    return t.observation().state()[13];
  }

  @Test
  void theGripperActionOpensAndClosesTheFingersWithinTheirLimitsAndHoldsWhenStopped()
      throws Exception {
    int d = domain();
    Ros2RobotConfig config = config(d, "/gripper_controller");
    assertThat(config.spec().action().names())
        .containsExactly("ee.dx", "ee.dy", "ee.dz", "gripper");
    try (FakeRobot fake = robot(d, "position", FINGERS, "gripper_initial=0.02");
        Ros2Robot env = config.create()) {
      env.reset(0);
      // fully open: 0.04 + 0.2 m asked, each finger kept at its URDF upper limit 0.04 m
      Transition open = run(env, Action.of(0, 0, 0, 1), 2, tr -> width(tr) > 0.079f);
      assertThat(width(open)).isCloseTo(0.08f, within(0.001f));
      assertThat(fake.nextGripperCommand(1000)).containsExactly(0.04, 0.04);
      // a small close: 0.05 x 0.2 m = 1 cm narrower than the measured width, 5 mm per finger
      Transition before = env.step(Action.of(0, 0, 0, 0));
      env.step(Action.of(0, 0, 0, -0.05f));
      double[] c = null; // the last command received (earlier ticks' may still be arriving)
      for (double[] g = fake.nextGripperCommand(1000);
          g != null;
          g = fake.nextGripperCommand(300)) {
        c = g;
      }
      assertThat(c).hasSize(2);
      assertThat(c[0]).isCloseTo((width(before) - 0.01) / 2, within(0.001));
      assertThat(c[1]).isEqualTo(c[0]);
      // closed: each finger at its lower limit 0
      Transition closed = run(env, Action.of(0, 0, 0, -1), 2, tr -> width(tr) < 0.001f);
      assertThat(width(closed)).isLessThan(0.001f);
      // stopped: the arm holds and the gripper gets no command, so it stays as it was
      env.estop();
      env.step(Action.of(0, 0, 0, 1));
      Thread.sleep(300); // commands of the ticks before the stop may still be arriving
      fake.clearCommands();
      run(env, Action.of(0, 0, 0, 1), 0.2, tr -> false);
      assertThat(fake.nextGripperCommand(200)).isNull();
      assertThat(fake.nextCommand(1000)).as("the arm's hold command still flows").isNotNull();
    }
  }

  @Test
  void aGripperControllerWithoutGripperJointsIsRefusedAndNoControllerMeansNoGripperAction() {
    Ros2RobotConfig b =
        Ros2RobotTest.config(1, CommandInterface.POSITION, ActionMode.EE_DELTA, patient());
    assertThat(b.spec().action().names()).doesNotContain("gripper");
    assertThatThrownBy(
            () ->
                new Ros2RobotConfig(
                    b.name(),
                    b.urdf(),
                    b.endEffectorLink(),
                    List.of(),
                    b.domainId(),
                    b.interfaceAddress(),
                    b.participantLeaseSeconds(),
                    b.jointStatesTopic(),
                    b.controller(),
                    b.commandInterface(),
                    b.qos(),
                    b.actionMode(),
                    b.controlRateHz(),
                    b.maxEpisodeSteps(),
                    b.maxEeStepMeters(),
                    b.connectTimeoutSeconds(),
                    b.baseInWorld(),
                    b.safety(),
                    null,
                    null,
                    null,
                    "/gripper_controller",
                    null))
        .hasMessageContaining("gripperController")
        .hasMessageContaining("expected gripperJoints");
  }
}
