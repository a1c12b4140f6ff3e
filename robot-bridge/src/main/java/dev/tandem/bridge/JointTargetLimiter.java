package dev.tandem.bridge;

import dev.tandem.core.spec.JointSpec;
import dev.tandem.model.RobotKinematics;
import java.util.List;

/**
 * The last safety step before a command leaves the bridge, on joint position targets (rad or m, arm
 * joints in robot-spec order): each joint moves at most {@code maxJointStepRad} and at most its
 * velocity limit times the control period from the previous target, stays within its position
 * limits, and a target whose end effector leaves the workspace box is refused (the previous target
 * is held). It never throws and never allocates; it counts what it changed, by cause.
 */
final class JointTargetLimiter {

  /** How many times, since creation, each limit changed a target. */
  record Counts(long positionLimited, long stepLimited, long workspaceRefused, long nonFinite) {
    long total() {
      return positionLimited + stepLimited + workspaceRefused + nonFinite;
    }
  }

  private final List<JointSpec> joints;
  private final int[] armInModel;
  private final RobotKinematics kinematics;
  private final double[] workspaceMin;
  private final double[] workspaceMax;
  private final double[] maxStep;
  private final double[] previous;
  private final double[] qModel;
  private long positionLimited;
  private long stepLimited;
  private long workspaceRefused;
  private long nonFinite;

  JointTargetLimiter(
      List<JointSpec> joints,
      int[] armInModel,
      RobotKinematics kinematics,
      double maxJointStepRad,
      double periodSeconds,
      double[] workspaceMin,
      double[] workspaceMax) {
    this.joints = List.copyOf(joints);
    this.armInModel = armInModel.clone();
    this.kinematics = kinematics;
    this.workspaceMin = workspaceMin.clone();
    this.workspaceMax = workspaceMax.clone();
    this.maxStep = new double[joints.size()];
    for (int i = 0; i < maxStep.length; i++) {
      maxStep[i] = Math.min(maxJointStepRad, joints.get(i).maxVelocity() * periodSeconds);
    }
    this.previous = new double[joints.size()];
    this.qModel = new double[kinematics.dof()];
  }

  /** Starts from {@code target} (arm joints): the next target is limited relative to it. */
  void reset(double[] target) {
    System.arraycopy(target, 0, previous, 0, previous.length);
  }

  /** The previous applied target (live array; arm joints). */
  double[] previous() {
    return previous;
  }

  /**
   * Limits {@code target} in place and makes it the previous target. Returns a short description of
   * what was changed this tick, or the empty string.
   */
  String limit(double[] target) {
    StringBuilder changed = null;
    for (int i = 0; i < target.length; i++) {
      JointSpec j = joints.get(i);
      double t = target[i];
      if (!Double.isFinite(t)) {
        nonFinite++;
        changed = note(changed, j.name() + " not finite, held");
        t = previous[i];
      }
      double d = t - previous[i];
      if (Math.abs(d) > maxStep[i]) {
        stepLimited++;
        changed = note(changed, j.name() + " step " + round(d) + " > " + round(maxStep[i]));
        t = previous[i] + Math.copySign(maxStep[i], d);
      }
      if (t < j.lowerPosition() || t > j.upperPosition()) {
        positionLimited++;
        changed = note(changed, j.name() + " " + round(t) + " outside its limits");
        t = j.clampPosition(t);
      }
      target[i] = t;
    }
    if (!insideWorkspace(target)) {
      workspaceRefused++;
      changed = note(changed, "end effector would leave the workspace box, held");
      System.arraycopy(previous, 0, target, 0, target.length);
    }
    System.arraycopy(target, 0, previous, 0, previous.length);
    return changed == null ? "" : changed.toString();
  }

  /** Whether the end effector at arm posture {@code arm} lies in the workspace box. */
  boolean insideWorkspace(double[] arm) {
    for (int i = 0; i < armInModel.length; i++) {
      qModel[armInModel[i]] = arm[i];
    }
    kinematics.forward(qModel);
    double[] p = kinematics.eePosition();
    for (int k = 0; k < 3; k++) {
      if (p[k] < workspaceMin[k] || p[k] > workspaceMax[k]) {
        return false;
      }
    }
    return true;
  }

  Counts counts() {
    return new Counts(positionLimited, stepLimited, workspaceRefused, nonFinite);
  }

  private static StringBuilder note(StringBuilder sb, String what) {
    if (sb == null) {
      return new StringBuilder(what);
    }
    return sb.append("; ").append(what);
  }

  private static String round(double v) {
    return String.format(java.util.Locale.ROOT, "%.4g", v);
  }
}
