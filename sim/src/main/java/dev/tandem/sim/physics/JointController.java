package dev.tandem.sim.physics;

import dev.tandem.model.RobotKinematics;
import dev.tandem.model.RobotModel;

/**
 * Joint-space control of an arm with a parallel gripper, computed in Java every physics step
 * (Bullet has no joint motors here): computed-torque PD on the arm towards a position and velocity
 * setpoint, with gravity compensation, within the joints' effort limits (see {@link Gains}); the
 * fingers are driven together to a width target that moves at most at the fingers' speed limit,
 * with a grip-force limit, a stiff coupling on the difference of the two fingers (so a squeezed
 * object does not drift along the finger axis) and end stops. No allocation per call.
 */
public final class JointController {

  /**
   * Gains and limits. The arm uses computed-torque PD: τ = M(q)·(ω²·e + 2ζω·ė) + g(q), with M the
   * joint-space mass matrix (refreshed by {@link #updateModel}), so every joint and every coupled
   * mode behaves as a second-order system with natural frequency {@code bandwidth[c]} (rad/s, per
   * arm joint) and damping ratio {@code dampingRatio}. Explicit PD with gains that ignore the
   * coupling goes unstable at 500 Hz where two joint axes nearly align (joints 1 and 3). The
   * fingers use fixed gains (N/m, N·s/m).
   */
  public record Gains(
      double[] bandwidth,
      double dampingRatio,
      double fingerKp,
      double fingerKd,
      double fingerCouplingNPerM,
      double gripForceNewtons,
      double fingerSpeedMps) {
    public Gains {
      bandwidth = bandwidth.clone();
      for (double w : bandwidth) {
        if (!(w > 0)) {
          throw new IllegalArgumentException("gains: bandwidth must be positive, found " + w);
        }
      }
      if (!(dampingRatio > 0)) {
        throw new IllegalArgumentException(
            "gains: damping ratio must be positive, found " + dampingRatio);
      }
    }
  }

  /** Damping (N·s/m) of the coupling between the two fingers. */
  static final double COUPLING_DAMPING = 20;

  /** Stiffness of the fingers' end stops (N/m). */
  static final double FINGER_STOP_N_PER_M = 20000;

  private final RobotKinematics kin;
  private final int dof;
  private final int[] arm;
  private final int[] fingers;
  private final double[] effort;
  private final double[] lower;
  private final double[] upper;
  private final Gains gains;
  private final double[] bandwidth;
  private final double[] gravityTau;
  private final double[] massMatrix;
  private final double[] armAccel;
  private final double[] inertial;

  /** Position targets for every joint (arm joints used; finger entries unused). */
  private final double[] qTarget;

  /** Velocity feed-forward for every joint. */
  private final double[] qdTarget;

  private double fingerTarget;
  private double fingerCommand;
  private final double maxFinger;

  /**
   * @param bodyMasses the masses (kg) the physics simulates per body, for exact gravity
   *     compensation (see {@link ArmBody#bodyMasses()})
   */
  public JointController(
      RobotModel model, double[] basePosition, Gains gains, double[] bodyMasses) {
    this.kin = new RobotKinematics(model);
    for (int b = 1; b < bodyMasses.length; b++) {
      kin.setBodyMass(b, bodyMasses[b]);
    }
    kin.setBasePose(dev.tandem.model.Rot.identity(), basePosition);
    this.dof = model.dof();
    this.arm = model.armJoints();
    this.fingers = model.gripperJoints();
    if (gains.bandwidth().length != arm.length) {
      throw new IllegalArgumentException(
          "gains: " + gains.bandwidth().length + " bandwidths for " + arm.length + " arm joints");
    }
    this.gains = gains;
    this.bandwidth = gains.bandwidth();
    this.effort = new double[dof];
    this.lower = new double[dof];
    this.upper = new double[dof];
    for (int i = 0; i < dof; i++) {
      var limit = model.joints().get(i).limit();
      effort[i] = limit.effort();
      lower[i] = limit.lower();
      upper[i] = limit.upper();
    }
    double mf = Double.POSITIVE_INFINITY;
    for (int f : fingers) {
      mf = Math.min(mf, upper[f]);
    }
    this.maxFinger = fingers.length == 0 ? 0 : mf;
    this.gravityTau = new double[dof];
    this.massMatrix = new double[dof * dof];
    this.armAccel = new double[dof];
    this.inertial = new double[dof];
    this.qTarget = new double[dof];
    this.qdTarget = new double[dof];
  }

  /**
   * Recomputes the gravity torques used by {@link #torques} for posture {@code q} and gravity
   * {@code gravity} (m/s²), and the mass matrix too when {@code withMassMatrix}. Every few physics
   * steps is enough: the posture changes little in a few milliseconds.
   */
  public void updateModel(double[] q, double[] gravity, boolean withMassMatrix) {
    kin.forward(q);
    kin.gravityTorques(gravity, gravityTau);
    if (withMassMatrix) {
      kin.massMatrix(massMatrix);
    }
  }

  /** Rotor inertia added to the mass-matrix diagonal of every revolute arm joint (kg·m²). */
  public void setArmature(double kgM2) {
    for (int j : arm) {
      kin.setArmature(j, kgM2);
    }
  }

  /** Sets the arm position targets (all joints; clamped to limits) and zero feed-forward. */
  public void setPositionTargets(double[] q) {
    for (int j : arm) {
      qTarget[j] = Math.max(lower[j], Math.min(upper[j], q[j]));
      qdTarget[j] = 0;
    }
  }

  /** Clamps the arm position targets (written through {@link #positionTargets()}) to limits. */
  public void clampTargets() {
    for (int j : arm) {
      qTarget[j] = Math.max(lower[j], Math.min(upper[j], qTarget[j]));
    }
  }

  /** The arm position targets (all joints; the array is live). */
  public double[] positionTargets() {
    return qTarget;
  }

  /** The velocity feed-forward (all joints; the array is live). */
  public double[] velocityTargets() {
    return qdTarget;
  }

  /**
   * Commands each finger's position (m from closed), clamped to the range; the internal target
   * moves there at the finger speed limit.
   */
  public void setFingerCommand(double perFingerMeters) {
    fingerCommand = Math.max(0, Math.min(maxFinger, perFingerMeters));
  }

  public double fingerCommand() {
    return fingerCommand;
  }

  public double fingerTarget() {
    return fingerTarget;
  }

  /** Jumps the internal finger target (reset / restore). */
  public void setFingerTarget(double perFingerMeters) {
    fingerTarget = perFingerMeters;
  }

  /** Advances the finger target by one physics step of {@code dt} seconds. */
  public void advance(double dt) {
    double maxMove = gains.fingerSpeedMps() * dt;
    double d = fingerCommand - fingerTarget;
    fingerTarget += Math.max(-maxMove, Math.min(maxMove, d));
  }

  /**
   * Torques (and finger forces) for the current joint state into {@code tau}, with the gravity
   * compensation and mass matrix of the last {@link #updateModel}.
   */
  public void torques(double[] q, double[] qd, double[] tau) {
    double zeta2 = 2 * gains.dampingRatio();
    for (int c = 0; c < arm.length; c++) {
      int j = arm[c];
      double w = bandwidth[c];
      armAccel[j] = w * w * (qTarget[j] - q[j]) + zeta2 * w * (qdTarget[j] - qd[j]);
    }
    // τ = g + s·M·a; the largest s ≤ 1 that keeps every joint within its effort limit keeps the
    // motion's direction when the arm cannot deliver the full acceleration (clipping each joint
    // on its own would bend the path)
    double s = 1;
    for (int c = 0; c < arm.length; c++) {
      int i = arm[c];
      double ma = 0;
      int row = i * dof;
      for (int j : arm) {
        ma += massMatrix[row + j] * armAccel[j];
      }
      inertial[i] = ma;
      double g = gravityTau[i];
      double e = effort[i];
      if (Math.abs(g + ma) > e && Math.abs(ma) > 1e-12) {
        double room = ma > 0 ? e - g : -e - g;
        s = Math.min(s, Math.max(0, room / ma));
      }
    }
    for (int c = 0; c < arm.length; c++) {
      int i = arm[c];
      double t = gravityTau[i] + s * inertial[i];
      tau[i] = Math.max(-effort[i], Math.min(effort[i], t));
    }
    if (fingers.length > 0) {
      double mean = 0;
      double meanVel = 0;
      for (int f : fingers) {
        mean += q[f];
        meanVel += qd[f];
      }
      mean /= fingers.length;
      meanVel /= fingers.length;
      for (int f : fingers) {
        double t = gains.fingerKp() * (fingerTarget - q[f]) - gains.fingerKd() * qd[f];
        double grip = gains.gripForceNewtons();
        t = Math.max(-grip, Math.min(grip, t));
        // the real fingers are geared together: a stiff, damped spring on their difference
        t +=
            -gains.fingerCouplingNPerM() * (q[f] - mean)
                - COUPLING_DAMPING * (qd[f] - meanVel)
                + gravityTau[f];
        // the finger's travel ends (Bullet has no joint limits here): a stiff stop
        if (q[f] < lower[f]) {
          t += FINGER_STOP_N_PER_M * (lower[f] - q[f]) - gains.fingerKd() * qd[f];
        } else if (q[f] > upper[f]) {
          t += FINGER_STOP_N_PER_M * (upper[f] - q[f]) - gains.fingerKd() * qd[f];
        }
        tau[f] = Math.max(-effort[f], Math.min(effort[f], t));
      }
    }
  }
}
