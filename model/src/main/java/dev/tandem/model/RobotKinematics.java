package dev.tandem.model;

import dev.tandem.model.RobotModel.Body;
import dev.tandem.model.RobotModel.MovableJoint;
import java.util.List;

/**
 * Forward kinematics, the end-effector Jacobian and gravity torques of a {@link RobotModel}, on
 * preallocated arrays (no allocation after construction). Not thread-safe: one instance per user.
 *
 * <p>Call {@link #forward(double[])} with all joint positions (arm and gripper, in model order);
 * afterwards the world frame of every body, the end-effector pose, the Jacobian and the gravity
 * torques refer to that configuration.
 */
public final class RobotKinematics {

  private final RobotModel model;
  private final int dof;
  private final int[] arm;
  private final int[] parentBody;
  private final boolean[] prismatic;
  private final double[][] fixedRot;
  private final double[][] fixedPos;
  private final double[][] axis;
  private final double[] mass;
  private final double[][] com;
  private final double[][] inertia;
  private final double[] armature;
  private final double[] iw = new double[9];
  private final double[][] jv;
  private final double[][] jw;
  private final double[][] iwTimesW;

  /** ancestors[b] = movable joints whose motion moves body b. */
  private final int[][] ancestors;

  private final double[] baseRot = Rot.identity();
  private final double[] basePos = new double[3];
  private final double[][] rot;
  private final double[][] pos;
  private final double[][] axisWorld;
  private final double[] tipRot;
  private final double[] tipPos;
  private final double[] eeRot = new double[9];
  private final double[] eePos = new double[3];

  private final double[] tmpRot = new double[9];
  private final double[] tmpRot2 = new double[9];
  private final double[][] comWorld;

  public RobotKinematics(RobotModel model) {
    this.model = model;
    List<MovableJoint> joints = model.joints();
    List<Body> bodies = model.bodies();
    dof = joints.size();
    arm = model.armJoints();
    parentBody = new int[dof];
    prismatic = new boolean[dof];
    fixedRot = new double[dof][];
    fixedPos = new double[dof][];
    axis = new double[dof][];
    for (int i = 0; i < dof; i++) {
      MovableJoint j = joints.get(i);
      parentBody[i] = j.parentBody();
      prismatic[i] = j.prismatic();
      fixedRot[i] = j.fixedRot().clone();
      fixedPos[i] = j.fixedPos().clone();
      axis[i] = j.axis().clone();
    }
    int nb = bodies.size();
    mass = new double[nb];
    com = new double[nb][];
    ancestors = new int[nb][];
    inertia = new double[nb][];
    armature = new double[dof];
    jv = new double[dof][3];
    jw = new double[dof][3];
    iwTimesW = new double[dof][3];
    for (int b = 0; b < nb; b++) {
      mass[b] = bodies.get(b).mass();
      com[b] = bodies.get(b).com().clone();
      inertia[b] = bodies.get(b).inertia().clone();
      int count = 0;
      for (int x = b; x > 0; x = parentBody[x - 1]) {
        count++;
      }
      ancestors[b] = new int[count];
      int k = count;
      for (int x = b; x > 0; x = parentBody[x - 1]) {
        ancestors[b][--k] = x - 1;
      }
    }
    rot = new double[nb][9];
    pos = new double[nb][3];
    comWorld = new double[nb][3];
    axisWorld = new double[dof][3];
    tipRot = model.tipRot();
    tipPos = model.tipPos();
  }

  public RobotModel model() {
    return model;
  }

  /**
   * Overrides the mass (kg) used for body {@code b} in {@link #gravityTorques} (e.g. the simulator
   * adds rotor mass to light links).
   */
  public void setBodyMass(int b, double kg) {
    mass[b] = kg;
  }

  /** Sets the rotor inertia (kg·m² or kg) added to joint {@code j}'s own mass-matrix entry. */
  public void setArmature(int j, double value) {
    armature[j] = value;
  }

  /**
   * The joint-space mass matrix (dof x dof, row-major, kg·m² / kg) in the current configuration,
   * into {@code out}, plus each joint's armature on its diagonal. Valid after {@link #forward}.
   * Built from each body's centre-of-mass and angular Jacobians: M = Σ m Jvᵀ Jv + Jwᵀ I Jw.
   */
  public void massMatrix(double[] out) {
    java.util.Arrays.fill(out, 0, dof * dof, 0.0);
    for (int b = 1; b < mass.length; b++) {
      double m = mass[b];
      double[] c = comWorld[b];
      comWorld(b, c);
      double[] r = rot[b];
      double[] in = inertia[b];
      // world inertia tensor R diag(in) Rᵀ
      for (int i = 0; i < 3; i++) {
        for (int k = 0; k < 3; k++) {
          iw[3 * i + k] =
              r[3 * i] * in[0] * r[3 * k]
                  + r[3 * i + 1] * in[1] * r[3 * k + 1]
                  + r[3 * i + 2] * in[2] * r[3 * k + 2];
        }
      }
      int[] anc = ancestors[b];
      for (int j : anc) {
        double[] a = axisWorld[j];
        double[] v = jv[j];
        double[] w = jw[j];
        if (prismatic[j]) {
          v[0] = a[0];
          v[1] = a[1];
          v[2] = a[2];
          w[0] = 0;
          w[1] = 0;
          w[2] = 0;
        } else {
          double[] p = pos[j + 1];
          double rx = c[0] - p[0];
          double ry = c[1] - p[1];
          double rz = c[2] - p[2];
          v[0] = a[1] * rz - a[2] * ry;
          v[1] = a[2] * rx - a[0] * rz;
          v[2] = a[0] * ry - a[1] * rx;
          // I w, stored for the products below
          w[0] = a[0];
          w[1] = a[1];
          w[2] = a[2];
        }
        double[] iwj = iwTimesW[j];
        iwj[0] = iw[0] * w[0] + iw[1] * w[1] + iw[2] * w[2];
        iwj[1] = iw[3] * w[0] + iw[4] * w[1] + iw[5] * w[2];
        iwj[2] = iw[6] * w[0] + iw[7] * w[1] + iw[8] * w[2];
      }
      for (int i : anc) {
        double[] vi = jv[i];
        double[] wi = jw[i];
        for (int j : anc) {
          double[] vj = jv[j];
          double[] iwj = iwTimesW[j];
          out[i * dof + j] +=
              m * (vi[0] * vj[0] + vi[1] * vj[1] + vi[2] * vj[2])
                  + wi[0] * iwj[0]
                  + wi[1] * iwj[1]
                  + wi[2] * iwj[2];
        }
      }
    }
    for (int j = 0; j < dof; j++) {
      out[j * dof + j] += armature[j];
    }
  }

  /** Places the robot base in the world (rotation row-major 3x3, position in m). */
  public void setBasePose(double[] rotation, double[] position) {
    System.arraycopy(rotation, 0, baseRot, 0, 9);
    System.arraycopy(position, 0, basePos, 0, 3);
  }

  public double[] basePosition() {
    return basePos.clone();
  }

  /** Computes all body frames and the end-effector pose for joint positions {@code q}. */
  public void forward(double[] q) {
    System.arraycopy(baseRot, 0, rot[0], 0, 9);
    System.arraycopy(basePos, 0, pos[0], 0, 3);
    for (int i = 0; i < dof; i++) {
      int p = parentBody[i];
      double[] r = rot[i + 1];
      double[] x = pos[i + 1];
      Rot.mul(rot[p], fixedRot[i], tmpRot);
      Rot.apply(rot[p], fixedPos[i], x);
      x[0] += pos[p][0];
      x[1] += pos[p][1];
      x[2] += pos[p][2];
      Rot.apply(tmpRot, axis[i], axisWorld[i]);
      if (prismatic[i]) {
        System.arraycopy(tmpRot, 0, r, 0, 9);
        double[] a = axisWorld[i];
        x[0] += a[0] * q[i];
        x[1] += a[1] * q[i];
        x[2] += a[2] * q[i];
      } else {
        Rot.axisAngle(axis[i], q[i], tmpRot2);
        Rot.mul(tmpRot, tmpRot2, r);
      }
    }
    int t = model.tipBody();
    Rot.mul(rot[t], tipRot, eeRot);
    Rot.apply(rot[t], tipPos, eePos);
    eePos[0] += pos[t][0];
    eePos[1] += pos[t][1];
    eePos[2] += pos[t][2];
  }

  /** World rotation of body {@code b} (its joint frame); valid after {@link #forward}. */
  public double[] bodyRotation(int b) {
    return rot[b];
  }

  /** World position of body {@code b}'s frame origin; valid after {@link #forward}. */
  public double[] bodyPosition(int b) {
    return pos[b];
  }

  /** End-effector rotation (row-major); the array is reused. */
  public double[] eeRotation() {
    return eeRot;
  }

  /** End-effector position (m); the array is reused. */
  public double[] eePosition() {
    return eePos;
  }

  /** World position of body b's centre of mass into {@code out}. */
  public void comWorld(int b, double[] out) {
    Rot.apply(rot[b], com[b], out);
    out[0] += pos[b][0];
    out[1] += pos[b][1];
    out[2] += pos[b][2];
  }

  /**
   * The 6 x n geometric Jacobian of the end effector over the arm joints, row-major into {@code
   * out} (rows: vx, vy, vz, wx, wy, wz; world frame).
   */
  public void armJacobian(double[] out) {
    int n = arm.length;
    for (int c = 0; c < n; c++) {
      int j = arm[c];
      double[] a = axisWorld[j];
      if (prismatic[j]) {
        out[c] = a[0];
        out[n + c] = a[1];
        out[2 * n + c] = a[2];
        out[3 * n + c] = 0;
        out[4 * n + c] = 0;
        out[5 * n + c] = 0;
      } else {
        double[] p = pos[j + 1];
        double dx = eePos[0] - p[0];
        double dy = eePos[1] - p[1];
        double dz = eePos[2] - p[2];
        out[c] = a[1] * dz - a[2] * dy;
        out[n + c] = a[2] * dx - a[0] * dz;
        out[2 * n + c] = a[0] * dy - a[1] * dx;
        out[3 * n + c] = a[0];
        out[4 * n + c] = a[1];
        out[5 * n + c] = a[2];
      }
    }
  }

  /**
   * Joint torques (N·m or N, all joints) that hold the robot against gravity {@code gravity} (m/s²,
   * world frame) in the current configuration, into {@code tau}.
   */
  public void gravityTorques(double[] gravity, double[] tau) {
    java.util.Arrays.fill(tau, 0, dof, 0.0);
    for (int b = 1; b < mass.length; b++) {
      double m = mass[b];
      double[] c = comWorld[b];
      comWorld(b, c);
      double fx = -m * gravity[0];
      double fy = -m * gravity[1];
      double fz = -m * gravity[2];
      for (int j : ancestors[b]) {
        double[] a = axisWorld[j];
        if (prismatic[j]) {
          tau[j] += a[0] * fx + a[1] * fy + a[2] * fz;
        } else {
          double[] p = pos[j + 1];
          double rx = c[0] - p[0];
          double ry = c[1] - p[1];
          double rz = c[2] - p[2];
          // torque about the axis of force f applied at r: a . (r x f)
          tau[j] +=
              a[0] * (ry * fz - rz * fy) + a[1] * (rz * fx - rx * fz) + a[2] * (rx * fy - ry * fx);
        }
      }
    }
  }

  public int dof() {
    return dof;
  }

  /** Joint axis of joint {@code j} in the world frame; valid after {@link #forward}. */
  public double[] axisWorld(int j) {
    return axisWorld[j];
  }
}
