package dev.tandem.sim.model;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Damped-least-squares inverse kinematics for the arm of a {@link RobotModel}: each iteration moves
 * the arm joints by {@code Jᵀ (J Jᵀ + λ² I)⁻¹ e} for the 6-D pose error {@code e} (position in m,
 * orientation as a rotation vector scaled by {@code orientationWeight} m/rad), plus a pull towards
 * a rest posture projected into the Jacobian's null space, and clamps to the joint limits. All
 * matrices are preallocated; one instance per user thread.
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

  private final double[] jac;
  private final DMatrixRMaj jMat;
  private final DMatrixRMaj aMat = new DMatrixRMaj(6, 6);
  private final DMatrixRMaj err = new DMatrixRMaj(6, 1);
  private final DMatrixRMaj y = new DMatrixRMaj(6, 1);
  private final DMatrixRMaj dq;
  private final DMatrixRMaj nullV;
  private final DMatrixRMaj jv = new DMatrixRMaj(6, 1);
  private final DMatrixRMaj z = new DMatrixRMaj(6, 1);
  private final DMatrixRMaj corr;
  private final LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(6);
  private final double[] e6 = new double[6];
  private final double[] p0 = new double[3];
  private final double[] r0 = new double[9];
  private final double[] q0;
  private final double[] jac0;
  private boolean prepared;

  /**
   * @param lambda damping (m); larger is smoother near singularities, slower to converge
   * @param orientationWeight metres of position error that one radian of orientation error counts
   *     as
   * @param maxStepRad largest joint change per iteration
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
    this.q0 = new double[n];
    this.jMat = DMatrixRMaj.wrap(6, n, jac);
    this.dq = new DMatrixRMaj(n, 1);
    this.nullV = new DMatrixRMaj(n, 1);
    this.corr = new DMatrixRMaj(n, 1);
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
      kin.forward(qOut);
      computeError(targetPos, targetRot);
      step(qOut, qRest, restGain);
    }
    kin.forward(qOut);
    double[] p = kin.eePosition();
    double dx = targetPos[0] - p[0];
    double dy = targetPos[1] - p[1];
    double dz = targetPos[2] - p[2];
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  }

  /**
   * Linearizes at posture {@code q} for {@link #velocity}: forward kinematics, the Jacobian and the
   * factorized damped normal matrix. Every few physics steps is enough.
   */
  public void prepare(double[] q) {
    kin.forward(q);
    System.arraycopy(kin.eePosition(), 0, p0, 0, 3);
    System.arraycopy(kin.eeRotation(), 0, r0, 0, 9);
    for (int c = 0; c < n; c++) {
      q0[c] = q[arm[c]];
    }
    kin.armJacobian(jac);
    System.arraycopy(jac, 0, jac0, 0, jac.length);
    for (int i = 3 * n; i < 6 * n; i++) {
      jac[i] *= orientationWeight;
    }
    CommonOps_DDRM.multTransB(jMat, jMat, aMat);
    for (int i = 0; i < 6; i++) {
      aMat.data[i * 7] += lambdaSquared;
    }
    prepared = solver.setA(aMat);
  }

  /**
   * Resolved-rate step from the last {@link #prepare}: joint velocities (all joints; non-arm
   * entries 0) into {@code qdOut} that move the end effector at {@code linearVel} (m/s) while
   * correcting the pose error towards {@code targetPos}/{@code targetRot} with gains {@code
   * posGain} and {@code rotGain} (1/s), by damped least squares, plus a null-space pull towards
   * {@code qRest}. The pose at {@code q} is extrapolated from the prepared posture with the
   * Jacobian (first order), which is exact enough over a few milliseconds and costs no forward
   * kinematics.
   */
  public void velocity(
      double[] q,
      double[] linearVel,
      double[] targetPos,
      double[] targetRot,
      double posGain,
      double rotGain,
      double[] qRest,
      double restGain,
      double[] qdOut) {
    java.util.Arrays.fill(qdOut, 0, kin.dof(), 0.0);
    if (!prepared) {
      return;
    }
    Rot.rotationError(r0, targetRot, e6, 3);
    for (int r = 0; r < 6; r++) {
      double moved = 0;
      for (int c = 0; c < n; c++) {
        moved += jac0[r * n + c] * (q[arm[c]] - q0[c]);
      }
      if (r < 3) {
        err.data[r] = linearVel[r] + posGain * (targetPos[r] - p0[r] - moved);
      } else {
        err.data[r] = rotGain * (e6[r] - moved) * orientationWeight;
      }
    }
    solver.solve(err, y);
    CommonOps_DDRM.multTransA(jMat, y, dq);
    if (restGain > 0 && qRest != null) {
      for (int c = 0; c < n; c++) {
        nullV.data[c] = restGain * (qRest[arm[c]] - q[arm[c]]);
      }
      CommonOps_DDRM.mult(jMat, nullV, jv);
      solver.solve(jv, z);
      CommonOps_DDRM.multTransA(jMat, z, corr);
      for (int c = 0; c < n; c++) {
        dq.data[c] += nullV.data[c] - corr.data[c];
      }
    }
    for (int c = 0; c < n; c++) {
      qdOut[arm[c]] = dq.data[c];
    }
  }

  private void computeError(double[] targetPos, double[] targetRot) {
    double[] p = kin.eePosition();
    e6[0] = targetPos[0] - p[0];
    e6[1] = targetPos[1] - p[1];
    e6[2] = targetPos[2] - p[2];
    Rot.rotationError(kin.eeRotation(), targetRot, e6, 3);
    for (int i = 0; i < 6; i++) {
      err.data[i] = i < 3 ? e6[i] : e6[i] * orientationWeight;
    }
  }

  private void step(double[] q, double[] qRest, double restGain) {
    kin.armJacobian(jac);
    for (int i = 3 * n; i < 6 * n; i++) {
      jac[i] *= orientationWeight;
    }
    CommonOps_DDRM.multTransB(jMat, jMat, aMat);
    for (int i = 0; i < 6; i++) {
      aMat.data[i * 7] += lambdaSquared;
    }
    if (!solver.setA(aMat)) {
      return; // cannot happen with lambda > 0; keep q as it is
    }
    solver.solve(err, y);
    CommonOps_DDRM.multTransA(jMat, y, dq);
    if (restGain > 0 && qRest != null) {
      for (int c = 0; c < n; c++) {
        nullV.data[c] = restGain * (qRest[arm[c]] - q[arm[c]]);
      }
      CommonOps_DDRM.mult(jMat, nullV, jv);
      solver.solve(jv, z);
      CommonOps_DDRM.multTransA(jMat, z, corr);
      for (int c = 0; c < n; c++) {
        dq.data[c] += nullV.data[c] - corr.data[c];
      }
    }
    double largest = 0;
    for (int c = 0; c < n; c++) {
      largest = Math.max(largest, Math.abs(dq.data[c]));
    }
    double scale = largest > maxStepRad ? maxStepRad / largest : 1.0;
    for (int c = 0; c < n; c++) {
      int j = arm[c];
      double v = q[j] + scale * dq.data[c];
      q[j] = Math.max(lower[c], Math.min(upper[c], v));
    }
  }
}
