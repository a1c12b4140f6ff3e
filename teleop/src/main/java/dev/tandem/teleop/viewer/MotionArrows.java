package dev.tandem.teleop.viewer;

import dev.tandem.core.scene.Pose;
import dev.tandem.core.scene.SceneObject;
import dev.tandem.core.scene.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The policy's proposed motion and the applied motion as arrows from the end effector: a thin
 * capsule for the shaft and a sphere for the head. The proposal is a translucent ghost in blue, the
 * applied motion solid orange, so where they differ (a takeover, a correction) both show.
 */
public final class MotionArrows {
  static final float[] PROPOSED_RGB = {0.25f, 0.55f, 1.0f};
  static final float[] APPLIED_RGB = {1.0f, 0.55f, 0.05f};
  static final double SHAFT_RADIUS_M = 0.01;
  static final double HEAD_RADIUS_M = 0.022;
  static final double MIN_LENGTH_M = 0.002;

  private MotionArrows() {}

  /**
   * {@code scene} plus the arrows of {@code status} ({@code arrowGain} steps of motion long); the
   * scene unchanged when the end effector is unknown.
   */
  public static List<SceneObject> withArrows(
      List<SceneObject> scene, ViewerStatus status, double arrowGain) {
    double[] ee = status.eePosition();
    if (ee == null) {
      return scene;
    }
    List<SceneObject> out = new ArrayList<>(scene);
    double perUnit = status.metersPerActionUnit() * arrowGain;
    arrow(out, "proposed_motion", ee, status.proposedDelta(), perUnit, PROPOSED_RGB, true);
    arrow(out, "applied_motion", ee, status.appliedDelta(), perUnit, APPLIED_RGB, false);
    return out;
  }

  private static void arrow(
      List<SceneObject> out,
      String name,
      double[] from,
      double[] delta,
      double metersPerUnit,
      float[] rgb,
      boolean ghost) {
    if (delta == null) {
      return;
    }
    double[] v = {delta[0] * metersPerUnit, delta[1] * metersPerUnit, delta[2] * metersPerUnit};
    double length = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    if (!(length > MIN_LENGTH_M)) {
      return;
    }
    double[] u = {v[0] / length, v[1] / length, v[2] / length};
    double[] q = rotationFromZ(u);
    float[] rgba = {rgb[0], rgb[1], rgb[2], ghost ? 0.4f : 1f};
    out.add(
        new SceneObject(
            name + "_shaft",
            new Shape.Capsule(SHAFT_RADIUS_M, length),
            new Pose(
                from[0] + v[0] / 2, from[1] + v[1] / 2, from[2] + v[2] / 2, q[0], q[1], q[2], q[3]),
            rgba,
            ghost));
    out.add(
        new SceneObject(
            name + "_head",
            new Shape.Sphere(HEAD_RADIUS_M),
            Pose.at(from[0] + v[0], from[1] + v[1], from[2] + v[2]),
            rgba,
            ghost));
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
