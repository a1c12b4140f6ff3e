package dev.tandem.model;

/**
 * Damped-least-squares inverse kinematics for the arm of a {@link RobotModel}: joint motion {@code
 * Jᵀ (J Jᵀ + λ² I)⁻¹ e} for the 6-D pose error or task velocity {@code e} (position in m,
 * orientation as a rotation vector weighted by {@code orientationWeight} m/rad), plus a pull
 * towards a rest posture projected into the Jacobian's null space. Used two ways: {@link #solve}
 * iterates to a pose (the oracle's joint-space actions), {@link #velocity} is the resolved-rate
 * step of the end-effector controller, run every physics step from a linearization {@link
 * #prepare}d every few steps.
 *
 * <p>Plain arrays and a hand-written 6x6 Cholesky factorization: this runs thousands of times per
 * simulated second, and a general-purpose matrix library's per-call overhead dominated it. No
 * allocation after construction; one instance per user thread.
 */
public final class DlsIk {

  private final RobotKinematics kin;
  private final int n;
  private final int[] arm;
  private final double[] lower;
  private final double[] upper;
  private final double lambdaSquared;
  private final double orientationWeight;
  private final double maxStepRad;

  /** Jacobian (6 x n, row-major), orientation rows weighted. */
  private final double[] jac;

  /** Unweighted Jacobian of the prepared posture (first-order pose prediction). */
  private final double[] jac0;

  /** Cholesky factor L of J Jᵀ + λ² I (lower triangle, row-major 6 x 6). */
  private final double[] chol = new double[36];

  private final double[] e6 = new double[6];
  private final double[] rhs = new double[6];
  private final double[] y = new double[6];
  private final double[] dq;
  private final double[] restPull;
  private final double[] taskPart;
  private final double[] rhsNull = new double[6];
  private final double[] p0 = new double[3];
  private final double[] r0 = new double[9];
  private final double[] q0;
  private boolean prepared;

  /**
   * @param lambda damping (m); larger is smoother near singularities, slower to converge
   * @param orientationWeight metres of position error that one radian of orientation error counts
   *     as
   * @param maxStepRad largest joint change per {@link #solve} iteration
   */
  public DlsIk(RobotModel model, double lambda, double orientationWeight, double maxStepRad) {
    this.kin = new RobotKinematics(model);
    this.arm = model.armJoints();
    this.n = arm.length;
    this.lower = new double[n];
    this.upper = new double[n];
    for (int c = 0; c < n; c++) {
      var limit = model.joints().get(arm[c]).limit();
      lower[c] = limit.lower();
      upper[c] = limit.upper();
    }
    this.lambdaSquared = lambda * lambda;
    this.orientationWeight = orientationWeight;
    this.maxStepRad = maxStepRad;
    this.jac = new double[6 * n];
    this.jac0 = new double[6 * n];
    this.dq = new double[n];
    this.restPull = new double[n];
    this.taskPart = new double[n];
    this.q0 = new double[n];
  }

  /** Places the robot base in the world (as {@link RobotKinematics#setBasePose}). */
  public void setBasePose(double[] rotation, double[] position) {
    kin.setBasePose(rotation, position);
  }

  /**
   * Solves for the arm joints that put the end effector at {@code targetPos} with rotation {@code
   * targetRot}, starting from {@code qStart} (all joints); writes all joints to {@code qOut}
   * (non-arm joints copied from {@code qStart}). {@code qRest} (all joints) is the posture pulled
   * towards in the null space with gain {@code restGain} (0 for none). Returns the remaining
   * position error (m).
   */
  public double solve(
      double[] qStart,
      double[] targetPos,
      double[] targetRot,
      double[] qRest,
      double restGain,
      int iterations,
      double[] qOut) {
    System.arraycopy(qStart, 0, qOut, 0, kin.dof());
    for (int it = 0; it < iterations; it++) {
      linearize(qOut);
      double[] p = kin.eePosition();
      Rot.rotationError(kin.eeRotation(), targetRot, e6, 3);
      for (int i = 0; i < 3; i++) {
        rhs[i] = targetPos[i] - p[i];
        rhs[3 + i] = e6[3 + i] * orientationWeight;
      }
      dampedStep(rhs, dq);
      nullSpacePull(qOut, qRest, restGain, restPull);
      double largest = 0;
      for (int c = 0; c < n; c++) {
        dq[c] += restPull[c];
        largest = Math.max(largest, Math.abs(dq[c]));
      }
      double scale = largest > maxStepRad ? maxStepRad / largest : 1.0;
      for (int c = 0; c < n; c++) {
        int j = arm[c];
        qOut[j] = Math.max(lower[c], Math.min(upper[c], qOut[j] + scale * dq[c]));
      }
    }
    kin.forward(qOut);
    double[] p = kin.eePosition();
    double dx = targetPos[0] - p[0];
    double dy = targetPos[1] - p[1];
    double dz = targetPos[2] - p[2];
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  }

  /**
   * Linearizes at posture {@code q} (all joints) for {@link #velocity}: forward kinematics, the
   * Jacobian, the factorized damped normal matrix, and the null-space pull towards {@code qRest}
   * with gain {@code restGain} (1/s), which then stays fixed until the next call. Every few physics
   * steps is enough.
   */
  public void prepare(double[] q, double[] qRest, double restGain) {
    linearize(q);
    System.arraycopy(kin.eePosition(), 0, p0, 0, 3);
    System.arraycopy(kin.eeRotation(), 0, r0, 0, 9);
    for (int c = 0; c < n; c++) {
      q0[c] = q[arm[c]];
    }
    nullSpacePull(q, qRest, restGain, restPull);
  }

  /**
   * Resolved-rate step from the last {@link #prepare}: joint velocities (all joints; non-arm
   * entries 0) into {@code qdOut} that move the end effector at {@code linearVel} (m/s) while
   * correcting the pose error towards {@code targetPos}/{@code targetRot} with gains {@code
   * posGain} and {@code rotGain} (1/s), plus the prepared null-space pull. The pose at {@code q} is
   * extrapolated from the prepared posture with the Jacobian (first order), exact enough over a few
   * milliseconds.
   */
  public void velocity(
      double[] q,
      double[] linearVel,
      double[] targetPos,
      double[] targetRot,
      double posGain,
      double rotGain,
      double[] qdOut) {
    java.util.Arrays.fill(qdOut, 0, kin.dof(), 0.0);
    if (!prepared) {
      return;
    }
    Rot.rotationError(r0, targetRot, e6, 3);
    for (int r = 0; r < 6; r++) {
      double moved = 0;
      int row = r * n;
      for (int c = 0; c < n; c++) {
        moved += jac0[row + c] * (q[arm[c]] - q0[c]);
      }
      rhs[r] =
          r < 3
              ? linearVel[r] + posGain * (targetPos[r] - p0[r] - moved)
              : rotGain * (e6[r] - moved) * orientationWeight;
    }
    dampedStep(rhs, dq);
    for (int c = 0; c < n; c++) {
      qdOut[arm[c]] = dq[c] + restPull[c];
    }
  }

  /** Forward kinematics, weighted Jacobian and the Cholesky factor of J Jᵀ + λ² I at {@code q}. */
  private void linearize(double[] q) {
    kin.forward(q);
    kin.armJacobian(jac);
    System.arraycopy(jac, 0, jac0, 0, jac.length);
    for (int i = 3 * n; i < 6 * n; i++) {
      jac[i] *= orientationWeight;
    }
    // A = J Jᵀ + λ² I, factorized in place: A = L Lᵀ
    for (int i = 0; i < 6; i++) {
      for (int k = 0; k <= i; k++) {
        double a = i == k ? lambdaSquared : 0;
        for (int c = 0; c < n; c++) {
          a += jac[i * n + c] * jac[k * n + c];
        }
        for (int m = 0; m < k; m++) {
          a -= chol[i * 6 + m] * chol[k * 6 + m];
        }
        if (i == k) {
          if (!(a > 0)) {
            prepared = false;
            return; // cannot happen with λ > 0 and a finite posture
          }
          chol[i * 6 + i] = Math.sqrt(a);
        } else {
          chol[i * 6 + k] = a / chol[k * 6 + k];
        }
      }
    }
    prepared = true;
  }

  /** out = Jᵀ (J Jᵀ + λ² I)⁻¹ b, from the current factorization. */
  private void dampedStep(double[] b, double[] out) {
    if (!prepared) {
      java.util.Arrays.fill(out, 0.0);
      return;
    }
    for (int i = 0; i < 6; i++) {
      double v = b[i];
      for (int m = 0; m < i; m++) {
        v -= chol[i * 6 + m] * y[m];
      }
      y[i] = v / chol[i * 6 + i];
    }
    for (int i = 5; i >= 0; i--) {
      double v = y[i];
      for (int m = i + 1; m < 6; m++) {
        v -= chol[m * 6 + i] * y[m];
      }
      y[i] = v / chol[i * 6 + i];
    }
    for (int c = 0; c < n; c++) {
      double v = 0;
      for (int r = 0; r < 6; r++) {
        v += jac[r * n + c] * y[r];
      }
      out[c] = v;
    }
  }

  /** The pull {@code restGain (qRest - q)} with its task-space part removed, into {@code out}. */
  private void nullSpacePull(double[] q, double[] qRest, double restGain, double[] out) {
    if (!(restGain > 0) || qRest == null) {
      java.util.Arrays.fill(out, 0.0);
      return;
    }
    for (int c = 0; c < n; c++) {
      out[c] = restGain * (qRest[arm[c]] - q[arm[c]]);
    }
    for (int r = 0; r < 6; r++) {
      double v = 0;
      for (int c = 0; c < n; c++) {
        v += jac[r * n + c] * out[c];
      }
      rhsNull[r] = v;
    }
    dampedStep(rhsNull, taskPart);
    for (int c = 0; c < n; c++) {
      out[c] -= taskPart[c];
    }
  }
}
