package dev.tandem.sim.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.jme3.math.Transform;
import dev.tandem.model.RobotKinematics;
import dev.tandem.model.RobotModel;
import dev.tandem.model.Rot;
import dev.tandem.model.urdf.UrdfLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArmPhysicsTest {

  static final RobotModel PANDA =
      RobotModel.of(
          UrdfLoader.load(Path.of("../configs/robots/panda.urdf")),
          "panda_hand_tcp",
          List.of("panda_finger_joint1", "panda_finger_joint2"));
  static final double[] BASE = {-0.6, 0, 0};
  static final float[] READY = {0, -0.785f, 0, -2.356f, 0, 1.571f, 0.785f, 0.02f, 0.02f};

  static JointController.Gains gains() {
    return new JointController.Gains(
        new double[] {50, 50, 50, 50, 50, 50, 50}, 1.0, 2000, 20, 500, 20, 0.2);
  }

  @Test
  void bulletLinkFramesMatchForwardKinematics() {
    try (PhysicsWorld w = new PhysicsWorld(500, 10)) {
      ArmBody arm = w.addArm(PANDA, BASE, 0.05, 0.05, 6, 0.5, 1.0);
      arm.setJointState(READY, new float[9]);
      w.step(); // Bullet updates its cached link frames when it steps
      RobotKinematics k = new RobotKinematics(PANDA);
      k.setBasePose(Rot.identity(), BASE);
      double[] q = new double[9];
      arm.readState(q, new double[9]);
      assertThat(q[3]).isCloseTo(READY[3], offset(1e-3));
      k.forward(q);
      double[] c = new double[3];
      for (int b = 1; b < PANDA.bodies().size(); b++) {
        Transform t = arm.linkTransform(b);
        k.comWorld(b, c);
        assertThat((double) t.getTranslation().x).as("body %d x", b).isCloseTo(c[0], offset(3e-4));
        assertThat((double) t.getTranslation().y).as("body %d y", b).isCloseTo(c[1], offset(3e-4));
        assertThat((double) t.getTranslation().z).as("body %d z", b).isCloseTo(c[2], offset(3e-4));
        double[] r = new double[9];
        var m = t.getRotation().toRotationMatrix();
        double[] expected = k.bodyRotation(b);
        for (int i = 0; i < 3; i++) {
          for (int j = 0; j < 3; j++) {
            assertThat((double) m.get(i, j))
                .as("body %d R%d%d", b, i, j)
                .isCloseTo(expected[3 * i + j], offset(3e-4));
          }
        }
      }
    }
  }

  @Test
  void pdWithGravityCompensationHoldsThePose() {
    try (PhysicsWorld w = new PhysicsWorld(500, 10)) {
      w.addStaticBox(
          "table",
          new double[] {1.1, 0.7, 0.4},
          new double[] {-0.3, 0, -0.2},
          0.5,
          PhysicsWorld.GROUP_TABLE);
      ArmBody arm = w.addArm(PANDA, BASE, 0.05, 0.05, 6, 0.5, 1.0);
      arm.setJointState(READY, new float[9]);
      JointController ctl = new JointController(PANDA, BASE, gains(), arm.bodyMasses());
      double[] q = new double[9];
      double[] qd = new double[9];
      double[] tau = new double[9];
      arm.readState(q, qd);
      ctl.setPositionTargets(q);
      ctl.updateModel(q, w.gravity(), true);
      ctl.setFingerTarget(0.02);
      ctl.setFingerCommand(0.02);
      long t0 = System.nanoTime();
      int steps = 20000;
      for (int s = 0; s < steps; s++) {
        arm.readState(q, qd);
        ctl.advance(w.timeStepSeconds());
        ctl.updateModel(q, w.gravity(), false);
        ctl.torques(q, qd, tau);
        arm.applyTorques(tau);
        w.step();
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.printf("arm hold: %.0f physics steps/s%n", steps / secs);
      arm.readState(q, qd);
      for (int i = 0; i < 9; i++) {
        assertThat(q[i]).as("joint %d", i).isCloseTo(READY[i], offset(2e-3));
        assertThat(qd[i]).as("joint %d velocity", i).isCloseTo(0, offset(1e-2));
      }
    }
  }

  @Test
  void flushKeepsEveryCollider() {
    try (PhysicsWorld w = new PhysicsWorld(500, 10)) {
      w.addStaticBox(
          "table",
          new double[] {1.1, 0.7, 0.4},
          new double[] {-0.3, 0, -0.2},
          0.5,
          PhysicsWorld.GROUP_TABLE);
      w.addArm(PANDA, BASE, 0.05, 0.05, 6, 0.5, 1.0);
      int before = w.countCollisionObjects();
      w.flushContacts();
      assertThat(w.countCollisionObjects()).isEqualTo(before).isEqualTo(11);
      assertThat(PhysicsWorld.hasFrictionAnchor(w.arm().collider(8))).isTrue();
    }
  }
}
