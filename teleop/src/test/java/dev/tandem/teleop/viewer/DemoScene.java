package dev.tandem.teleop.viewer;

import dev.tandem.core.scene.Pose;
import dev.tandem.core.scene.SceneDescription;
import dev.tandem.core.scene.SceneObject;
import dev.tandem.core.scene.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in scene for the viewer when no simulation runs (the demo main, tests): a table, a
 * two-link arm on a pedestal whose hand sits at a given end-effector position (planar two-link
 * inverse kinematics in the vertical plane through the base), a gripper, a cube and a ghost goal.
 * Not a simulation: nothing collides.
 */
public final class DemoScene {
  static final double SHOULDER_HEIGHT_M = 0.35;
  static final double UPPER_ARM_M = 0.45;
  static final double FOREARM_M = 0.45;
  private static final float[] TABLE = {0.55f, 0.42f, 0.30f, 1f};
  private static final float[] ARM = {0.92f, 0.92f, 0.95f, 1f};
  private static final float[] JOINT = {0.45f, 0.45f, 0.5f, 1f};
  private static final float[] CUBE = {0.85f, 0.12f, 0.12f, 1f};
  private static final float[] GOAL = {0.1f, 0.85f, 0.2f, 1f};

  private DemoScene() {}

  /**
   * The arm with its hand at {@code ee} (world, m), the cube at {@code cube}, a goal at {@code
   * goal}.
   */
  public static SceneDescription at(double[] ee, double[] cube, double[] goal) {
    List<SceneObject> objects = new ArrayList<>();
    objects.add(
        new SceneObject(
            "table", new Shape.Box(1.2, 1.0, 0.04), Pose.at(0.45, 0, -0.02), TABLE, false));
    objects.add(
        new SceneObject(
            "pedestal",
            new Shape.Cylinder(0.07, SHOULDER_HEIGHT_M),
            Pose.at(0, 0, SHOULDER_HEIGHT_M / 2),
            JOINT,
            false));
    double[] shoulder = {0, 0, SHOULDER_HEIGHT_M};
    double[] wrist = {ee[0], ee[1], ee[2] + 0.1};
    double[] elbow = elbow(shoulder, wrist);
    link(objects, "upper_arm", shoulder, elbow, 0.045);
    link(objects, "forearm", elbow, wrist, 0.04);
    link(objects, "hand", wrist, new double[] {ee[0], ee[1], ee[2] + 0.03}, 0.03);
    objects.add(
        new SceneObject(
            "elbow", new Shape.Sphere(0.055), Pose.at(elbow[0], elbow[1], elbow[2]), JOINT, false));
    objects.add(
        new SceneObject(
            "wrist", new Shape.Sphere(0.045), Pose.at(wrist[0], wrist[1], wrist[2]), JOINT, false));
    objects.add(
        new SceneObject(
            "finger_left",
            new Shape.Box(0.015, 0.012, 0.05),
            Pose.at(ee[0], ee[1] + 0.03, ee[2]),
            JOINT,
            false));
    objects.add(
        new SceneObject(
            "finger_right",
            new Shape.Box(0.015, 0.012, 0.05),
            Pose.at(ee[0], ee[1] - 0.03, ee[2]),
            JOINT,
            false));
    objects.add(
        new SceneObject(
            "cube",
            new Shape.Box(0.04, 0.04, 0.04),
            Pose.at(cube[0], cube[1], cube[2]),
            CUBE,
            false));
    objects.add(
        new SceneObject(
            "goal", new Shape.Sphere(0.025), Pose.at(goal[0], goal[1], goal[2]), GOAL, true));
    return new SceneDescription(objects);
  }

  /** Planar two-link IK in the vertical plane through the base: the elbow, bent upwards. */
  static double[] elbow(double[] shoulder, double[] wrist) {
    double dx = wrist[0] - shoulder[0];
    double dy = wrist[1] - shoulder[1];
    double dz = wrist[2] - shoulder[2];
    double horizontal = Math.hypot(dx, dy);
    double reach = Math.hypot(horizontal, dz);
    double maxReach = UPPER_ARM_M + FOREARM_M - 1e-6;
    double d = Math.max(1e-6, Math.min(maxReach, reach));
    // angle at the shoulder between the line to the wrist and the upper arm (law of cosines)
    double cos =
        (UPPER_ARM_M * UPPER_ARM_M + d * d - FOREARM_M * FOREARM_M) / (2 * UPPER_ARM_M * d);
    double shoulderAngle = Math.acos(Math.max(-1, Math.min(1, cos)));
    double elevation = Math.atan2(dz, horizontal) + shoulderAngle;
    double heading = Math.atan2(dy, dx);
    double h = UPPER_ARM_M * Math.cos(elevation);
    return new double[] {
      shoulder[0] + h * Math.cos(heading),
      shoulder[1] + h * Math.sin(heading),
      shoulder[2] + UPPER_ARM_M * Math.sin(elevation)
    };
  }

  private static void link(
      List<SceneObject> out, String name, double[] a, double[] b, double radius) {
    double[] v = {b[0] - a[0], b[1] - a[1], b[2] - a[2]};
    double length = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    if (length < 1e-6) {
      return;
    }
    double[] q =
        MotionArrows.rotationFromZ(new double[] {v[0] / length, v[1] / length, v[2] / length});
    out.add(
        new SceneObject(
            name,
            new Shape.Capsule(radius, length + 2 * radius),
            new Pose(
                (a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2, q[0], q[1], q[2], q[3]),
            ARM,
            false));
  }
}
