package dev.tandem.teleop.viewer;

import dev.tandem.core.scene.Pose;
import dev.tandem.core.scene.SceneObject;
import dev.tandem.core.scene.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The policy's proposed motion and the applied motion as arrows from the end effector: a capsule
 * for the shaft and a sphere for the head. The arrows start a little past the gripper (further when
 * they point up, so that an "up" arrow clears the hand) and sit side by side, apart across the line
 * of sight, so both show even when they are the same motion (the policy drives alone): the proposal
 * in blue on one side, the applied motion in orange on the other.
 */
public final class MotionArrows {
  static final float[] PROPOSED_RGB = {0.25f, 0.55f, 1.0f};
  static final float[] APPLIED_RGB = {1.0f, 0.55f, 0.05f};
  static final double SHAFT_RADIUS_M = 0.014;
  static final double HEAD_RADIUS_M = 0.03;
  static final double MIN_LENGTH_M = 0.002;

  /** The arrows start this far from the end effector along their direction. */
  static final double START_OFFSET_M = 0.05;

  /** ... and this much further for an arrow pointing straight up (the hand is above the tip). */
  static final double UP_EXTRA_OFFSET_M = 0.1;

  /** Half the distance between the two arrows, across the line of sight. */
  static final double SIDE_OFFSET_M = 0.032;

  private MotionArrows() {}

  /**
   * {@code scene} plus the arrows of {@code status} ({@code arrowGain} steps of motion long) seen
   * from {@code eye}; the scene unchanged when the end effector is unknown.
   */
  public static List<SceneObject> withArrows(
      List<SceneObject> scene, ViewerStatus status, double arrowGain, double[] eye) {
    double[] ee = status.eePosition();
    if (ee == null) {
      return scene;
    }
    List<SceneObject> out = new ArrayList<>(scene);
    double perUnit = status.metersPerActionUnit() * arrowGain;
    arrow(out, "proposed_motion", ee, eye, status.proposedDelta(), perUnit, PROPOSED_RGB, 1);
    arrow(out, "applied_motion", ee, eye, status.appliedDelta(), perUnit, APPLIED_RGB, -1);
    return out;
  }

  private static void arrow(
      List<SceneObject> out,
      String name,
      double[] ee,
      double[] eye,
      double[] delta,
      double metersPerUnit,
      float[] rgb,
      int side) {
    if (delta == null) {
      return;
    }
    double[] v = {delta[0] * metersPerUnit, delta[1] * metersPerUnit, delta[2] * metersPerUnit};
    double length = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    if (!(length > MIN_LENGTH_M)) {
      return;
    }
    double[] u = {v[0] / length, v[1] / length, v[2] / length};
    double[] across = across(u, ee, eye);
    double offset = START_OFFSET_M + UP_EXTRA_OFFSET_M * Math.max(0, u[2]);
    double[] from = new double[3];
    for (int i = 0; i < 3; i++) {
      from[i] = ee[i] + u[i] * offset + across[i] * SIDE_OFFSET_M * side;
    }
    double[] q = rotationFromZ(u);
    float[] rgba = {rgb[0], rgb[1], rgb[2], 1f};
    out.add(
        new SceneObject(
            name + "_shaft",
            new Shape.Capsule(SHAFT_RADIUS_M, length),
            new Pose(
                from[0] + v[0] / 2, from[1] + v[1] / 2, from[2] + v[2] / 2, q[0], q[1], q[2], q[3]),
            rgba,
            false));
    out.add(
        new SceneObject(
            name + "_head",
            new Shape.Sphere(HEAD_RADIUS_M),
            Pose.at(from[0] + v[0], from[1] + v[1], from[2] + v[2]),
            rgba,
            false));
  }

  /**
   * A unit vector across the arrow and the line of sight (so the two arrows never hide each other),
   * or across the arrow and z when it points at the eye.
   */
  static double[] across(double[] u, double[] at, double[] eye) {
    double[] sight = {at[0] - eye[0], at[1] - eye[1], at[2] - eye[2]};
    double[] c = cross(u, sight);
    double n = Math.sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
    if (n < 1e-6) {
      c = cross(u, Math.abs(u[2]) < 0.9 ? new double[] {0, 0, 1} : new double[] {1, 0, 0});
      n = Math.sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
    }
    return new double[] {c[0] / n, c[1] / n, c[2] / n};
  }

  private static double[] cross(double[] a, double[] b) {
    return new double[] {
      a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]
    };
  }

  /** The unit quaternion (x, y, z, w) turning +z onto the unit vector {@code u}. */
  static double[] rotationFromZ(double[] u) {
    double dot = u[2];
    if (dot < -0.999999) {
      return new double[] {1, 0, 0, 0}; // half a turn about x
    }
    // axis z x u = (-u_y, u_x, 0); quaternion (axis, 1 + dot), normalised
    double x = -u[1];
    double y = u[0];
    double w = 1 + dot;
    double n = Math.sqrt(x * x + y * y + w * w);
    return new double[] {x / n, y / n, 0, w / n};
  }
}
