package dev.tandem.bridge;

import static dev.tandem.bridge.Ros2RobotTest.NEUTRAL;
import static dev.tandem.bridge.Ros2RobotTest.domain;
import static dev.tandem.bridge.Ros2RobotTest.robot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.bridge.dds.DdsParticipant;
import dev.tandem.bridge.fake.FakeRobot;
import dev.tandem.core.data.Action;
import dev.tandem.core.spec.ActionSpec.ActionMode;
import dev.tandem.model.RobotKinematics;
import dev.tandem.model.RobotModel;
import dev.tandem.model.urdf.UrdfLoader;
import geometry_msgs.msg.dds.TwistStamped;
import geometry_msgs.msg.dds.TwistStampedPubSubType;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * moveit_servo's interface: EE-delta actions as {@code geometry_msgs/TwistStamped} on {@code
 * /servo_node/delta_twist_cmds}, read by a subscriber as moveit_servo subscribes, with the C fake
 * robot giving the joint states, on 127.0.0.1 and a random domain.
 */
class Ros2RobotTwistTest {

  /** The tool's height (m, base frame) at the fake robot's start posture. */
  static double startHeight() {
    RobotModel model =
        RobotModel.of(UrdfLoader.loadResource("/robots/panda.urdf"), "panda_hand_tcp", List.of());
    RobotKinematics k = new RobotKinematics(model);
    double[] q = new double[model.dof()];
    System.arraycopy(NEUTRAL, 0, q, 0, 7);
    k.forward(q);
    return k.eePosition()[2];
  }

  static Ros2RobotConfig twist(int domain, double boxTop) {
    Ros2RobotConfig c =
        Ros2RobotTest.config(
            domain, CommandInterface.POSITION, ActionMode.EE_DELTA, Ros2RobotTest.patient());
    BridgeSafetyConfig safety =
        new BridgeSafetyConfig(
            0.05,
            new double[] {-0.9, -0.9, -0.2},
            new double[] {0.9, 0.9, boxTop},
            1.0,
            3.0,
            null,
            null);
    return new Ros2RobotConfig(
        c.name(),
        c.urdf(),
        c.endEffectorLink(),
        c.gripperJoints(),
        c.domainId(),
        c.interfaceAddress(),
        c.participantLeaseSeconds(),
        c.jointStatesTopic(),
        "/servo_node",
        CommandInterface.TWIST,
        c.qos(),
        c.actionMode(),
        c.controlRateHz(),
        c.maxEpisodeSteps(),
        c.maxEeStepMeters(),
        c.connectTimeoutSeconds(),
        c.baseInWorld(),
        safety,
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void eeDeltasBecomeBaseFrameTwistsClampedIntoTheBoxAndZeroWhileHeld() throws Exception {
    int d = domain();
    double top = startHeight() + 0.003;
    Ros2RobotConfig config = twist(d, top);
    assertThat(config.commandInterface().topic(config.controller()))
        .isEqualTo("/servo_node/delta_twist_cmds");
    LinkedBlockingQueue<double[]> got = new LinkedBlockingQueue<>();
    String[] frame = new String[1];
    try (FakeRobot fake = robot(d, "position");
        DdsParticipant servo = new DdsParticipant("test_servo", d, "127.0.0.1", 2.0);
        Ros2Robot env = config.create()) {
      servo.reader(
          new TwistStampedPubSubType(),
          "/servo_node/delta_twist_cmds",
          DdsParticipant.Qos.rosDefault(),
          (TwistStamped m) -> {
            frame[0] = m.getHeader().getFrameIdAsString();
            var l = m.getTwist().getLinear();
            var a = m.getTwist().getAngular();
            got.add(new double[] {l.getX(), l.getY(), l.getZ(), a.getX(), a.getY(), a.getZ()});
          });
      env.reset(0);
      // 1 = maxEeStepMeters (0.01 m) per tick at 100 Hz: 1 m/s along x
      env.step(Action.of(1, 0, 0));
      assertThat(got.poll(2, TimeUnit.SECONDS))
          .containsExactly(new double[] {1, 0, 0, 0, 0, 0}, within(1e-9));
      assertThat(frame[0]).isEqualTo("panda_link0");
      // up by 1 cm, but the box's top is 3 mm above the tool: 3 mm in 10 ms
      env.step(Action.of(0, 0, 1));
      double[] up = got.poll(2, TimeUnit.SECONDS);
      assertThat(up[2]).isCloseTo(0.3, within(0.02));
      env.estop();
      env.step(Action.of(1, 1, 1));
      assertThat(got.poll(2, TimeUnit.SECONDS)).as("held").containsOnly(0.0);
    }
  }

  @Test
  void twistWithJointActionsIsRefusedNamingBothFields() {
    Ros2RobotConfig c =
        Ros2RobotTest.config(
            1, CommandInterface.POSITION, ActionMode.JOINT_POSITION, Ros2RobotTest.patient());
    assertThatThrownBy(
            () ->
                new Ros2RobotConfig(
                    c.name(),
                    c.urdf(),
                    c.endEffectorLink(),
                    c.gripperJoints(),
                    c.domainId(),
                    c.interfaceAddress(),
                    c.participantLeaseSeconds(),
                    c.jointStatesTopic(),
                    c.controller(),
                    CommandInterface.TWIST,
                    c.qos(),
                    c.actionMode(),
                    c.controlRateHz(),
                    c.maxEpisodeSteps(),
                    c.maxEeStepMeters(),
                    c.connectTimeoutSeconds(),
                    c.baseInWorld(),
                    Ros2RobotTest.patient(),
                    null,
                    null,
                    null,
                    null,
                    null))
        .hasMessageContaining("commandInterface: TWIST")
        .hasMessageContaining("expected EE_DELTA");
  }
}
