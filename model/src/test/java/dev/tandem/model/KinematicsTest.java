package dev.tandem.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.tandem.model.urdf.UrdfLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KinematicsTest {

  static final RobotModel PANDA =
      RobotModel.of(
          UrdfLoader.load(Path.of("../configs/robots/panda.urdf")),
          "panda_hand_tcp",
          List.of("panda_finger_joint1", "panda_finger_joint2"));

  static double[] q(double... arm) {
    double[] q = new double[9];
    System.arraycopy(arm, 0, q, 0, arm.length);
    return q;
  }

  @Test
  void zeroPoseMatchesTheDhTable() {
    RobotKinematics k = new RobotKinematics(PANDA);
    k.forward(q(0, 0, 0, 0, 0, 0, 0));
    // x = a4 + a5 + a7 = 0.088; z = d1 + d3 + d5 - d_flange - tcp = 0.333+0.316+0.384-0.107-0.1034
    assertThat(k.eePosition()[0]).isCloseTo(0.088, offset(1e-9));
    assertThat(k.eePosition()[1]).isCloseTo(0.0, offset(1e-9));
    assertThat(k.eePosition()[2]).isCloseTo(0.8226, offset(1e-9));
    assertThat(k.eeRotation()[8]).as("tool z points down").isCloseTo(-1.0, offset(1e-9));
  }

  @Test
  void readyPoseMatchesFrankasPublishedEndEffectorPosition() {
    RobotKinematics k = new RobotKinematics(PANDA);
    // Franka's "ready" pose; O_T_EE translation documented as (0.307, 0, 0.487)
    k.forward(q(0, -Math.PI / 4, 0, -3 * Math.PI / 4, 0, Math.PI / 2, Math.PI / 4));
    assertThat(k.eePosition()[0]).isCloseTo(0.307, offset(5e-4));
    assertThat(k.eePosition()[1]).isCloseTo(0.0, offset(1e-9));
    assertThat(k.eePosition()[2]).isCloseTo(0.487, offset(5e-4));
    double[] r = k.eeRotation();
    assertThat(r[0]).isCloseTo(1, offset(1e-9));
    assertThat(r[4]).isCloseTo(-1, offset(1e-9));
    assertThat(r[8]).isCloseTo(-1, offset(1e-9));
  }

  @Test
  void basePoseShiftsEverything() {
    RobotKinematics k = new RobotKinematics(PANDA);
    k.setBasePose(Rot.identity(), new double[] {-0.6, 0, 0});
    k.forward(q(0, 0, 0, 0, 0, 0, 0));
    assertThat(k.eePosition()[0]).isCloseTo(-0.512, offset(1e-9));
  }

  @Test
  void jacobianMatchesFiniteDifferences() {
    RobotKinematics k = new RobotKinematics(PANDA);
    double[] q0 = q(0.3, -0.5, 0.2, -2.0, 0.4, 1.8, 0.6);
    k.forward(q0);
    double[] jac = new double[42];
    k.armJacobian(jac);
    double[] p0 = k.eePosition().clone();
    double h = 1e-6;
    for (int j = 0; j < 7; j++) {
      double[] q1 = q0.clone();
      q1[j] += h;
      k.forward(q1);
      for (int r = 0; r < 3; r++) {
        double fd = (k.eePosition()[r] - p0[r]) / h;
        assertThat(jac[r * 7 + j]).as("dp%d/dq%d", r, j).isCloseTo(fd, offset(1e-5));
      }
    }
  }

  @Test
  void gravityTorquesAreTheGradientOfPotentialEnergy() {
    RobotKinematics k = new RobotKinematics(PANDA);
    double[] g = {0, 0, -9.81};
    double[] q0 = q(0.3, -0.5, 0.2, -2.0, 0.4, 1.8, 0.6);
    q0[7] = 0.02;
    q0[8] = 0.02;
    k.forward(q0);
    double[] tau = new double[9];
    k.gravityTorques(g, tau);
    double v0 = potential(k, q0);
    double h = 1e-6;
    for (int j = 0; j < 9; j++) {
      double[] q1 = q0.clone();
      q1[j] += h;
      double dv = (potential(k, q1) - v0) / h;
      assertThat(tau[j]).as("joint %d", j).isCloseTo(dv, offset(1e-4));
    }
    assertThat(Math.abs(tau[1])).as("shoulder carries real load").isGreaterThan(5);
  }

  private static double potential(RobotKinematics k, double[] q) {
    k.forward(q);
    double v = 0;
    double[] c = new double[3];
    for (int b = 1; b < PANDA.bodies().size(); b++) {
      k.comWorld(b, c);
      v += PANDA.bodies().get(b).mass() * 9.81 * c[2];
    }
    return v;
  }

  @Test
  void ikReachesReachableTargetsWithinLimits() {
    RobotKinematics k = new RobotKinematics(PANDA);
    DlsIk ik = new DlsIk(PANDA, 0.01, 0.3, 0.3);
    double[] ready = q(0, -Math.PI / 4, 0, -3 * Math.PI / 4, 0, Math.PI / 2, Math.PI / 4);
    SplittableRandom rng = new SplittableRandom(5);
    double[] out = new double[9];
    int reached = 0;
    for (int trial = 0; trial < 30; trial++) {
      double[] goal = ready.clone();
      for (int j = 0; j < 7; j++) {
        goal[j] += rng.nextDouble(-0.4, 0.4);
        var lim = PANDA.joints().get(j).limit();
        goal[j] = Math.max(lim.lower(), Math.min(lim.upper(), goal[j]));
      }
      k.forward(goal);
      double[] target = k.eePosition().clone();
      double[] targetRot = k.eeRotation().clone();
      double err = ik.solve(ready, target, targetRot, ready, 0.0, 60, out);
      k.forward(out);
      double[] e = new double[3];
      Rot.rotationError(k.eeRotation(), targetRot, e, 0);
      if (err < 1e-4 && Math.sqrt(e[0] * e[0] + e[1] * e[1] + e[2] * e[2]) < 1e-3) {
        reached++;
      }
      for (int j = 0; j < 7; j++) {
        var lim = PANDA.joints().get(j).limit();
        assertThat(out[j]).isBetween(lim.lower(), lim.upper());
      }
    }
    assertThat(reached).isGreaterThanOrEqualTo(28);
  }

  @Test
  void ikWithARestPostureStillReachesAndKeepsTheTaskExact() {
    RobotKinematics k = new RobotKinematics(PANDA);
    DlsIk ik = new DlsIk(PANDA, 0.01, 0.3, 0.3);
    double[] ready = q(0, -Math.PI / 4, 0, -3 * Math.PI / 4, 0, Math.PI / 2, Math.PI / 4);
    double[] goal = q(0.2, -0.5, 0.3, -2.2, 0.1, 1.9, 0.6);
    k.forward(goal);
    double[] target = k.eePosition().clone();
    double[] rot = k.eeRotation().clone();
    double[] out = new double[9];
    double err = ik.solve(ready, target, rot, ready, 0.2, 80, out);
    assertThat(err).isLessThan(1e-3);
  }

  @Test
  void resolvedRateVelocityMovesTheHandAsAsked() {
    RobotKinematics k = new RobotKinematics(PANDA);
    DlsIk ik = new DlsIk(PANDA, 0.01, 0.3, 0.3);
    double[] q0 = q(0, -Math.PI / 4, 0, -3 * Math.PI / 4, 0, Math.PI / 2, Math.PI / 4);
    k.forward(q0);
    double[] p = k.eePosition().clone();
    double[] rot = k.eeRotation().clone();
    ik.prepare(q0, q0, 1.0);
    double[] qd = new double[9];
    double[] v = {0.1, -0.05, 0.2};
    ik.velocity(q0, v, p, rot, 10, 10, qd);
    double[] jac = new double[42];
    k.armJacobian(jac);
    for (int r = 0; r < 3; r++) {
      double achieved = 0;
      for (int c = 0; c < 7; c++) {
        achieved += jac[r * 7 + c] * qd[c];
      }
      assertThat(achieved).as("ee velocity %d", r).isCloseTo(v[r], offset(2e-3));
    }
    for (int r = 3; r < 6; r++) {
      double w = 0;
      for (int c = 0; c < 7; c++) {
        w += jac[r * 7 + c] * qd[c];
      }
      assertThat(w).as("no rotation").isCloseTo(0, offset(2e-3));
    }
  }

  @Test
  void ikClampsUnreachableTargetsToJointLimits() {
    DlsIk ik = new DlsIk(PANDA, 0.01, 0.3, 0.3);
    double[] ready = q(0, -Math.PI / 4, 0, -3 * Math.PI / 4, 0, Math.PI / 2, Math.PI / 4);
    double[] out = new double[9];
    double[] down = {1, 0, 0, 0, -1, 0, 0, 0, -1};
    double err = ik.solve(ready, new double[] {3.0, 0, 0.2}, down, ready, 0.0, 50, out);
    assertThat(err).isGreaterThan(1.0);
    for (int j = 0; j < 7; j++) {
      var lim = PANDA.joints().get(j).limit();
      assertThat(out[j]).isBetween(lim.lower(), lim.upper());
    }
  }

  @Test
  void quaternionRoundTrip() {
    double[] m = new double[9];
    Rot.axisAngle(new double[] {0, 0.6, 0.8}, 2.5, m);
    double[] quat = new double[4];
    Rot.toQuaternion(m, quat);
    double[] back = new double[9];
    Rot.fromQuaternion(quat[0], quat[1], quat[2], quat[3], back);
    for (int i = 0; i < 9; i++) {
      assertThat(back[i]).isCloseTo(m[i], offset(1e-12));
    }
  }
}
