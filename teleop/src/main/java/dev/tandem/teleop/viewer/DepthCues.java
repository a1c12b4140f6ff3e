package dev.tandem.teleop.viewer;

import dev.tandem.core.scene.Pose;
import dev.tandem.core.scene.SceneObject;
import dev.tandem.core.scene.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What tells the operator where things are in depth, added to the scene as thin shapes: a grid on
 * the table top (10 cm squares), a drop line and a shadow disc from the gripper, the object and the
 * goal down to the table (a goal floating above the table no longer looks stacked on the cube), the
 * edges of the safety filter's workspace box, and x/y/z axes (red, green, blue) at the grid's
 * corner nearest the base, pointing the way the driving keys move.
 *
 * <p>The table top is the top face of the scene's "table" box (z = 0 without one); the grid covers
 * the workspace box's footprint (the table's without one).
 */
final class DepthCues {
  static final double GRID_STEP_M = 0.1;
  static final double LINE_WIDTH_M = 0.003;
  static final double DROP_RADIUS_M = 0.003;
  static final double SHADOW_RADIUS_M = 0.025;
  static final double AXIS_LENGTH_M = 0.12;
  static final double AXIS_RADIUS_M = 0.006;

  /** Things whose centre is lower than this above the table (a cube resting on it) get no line. */
  static final double LINE_MIN_HEIGHT_M = 0.03;

  /** Objects that get a drop line (besides the gripper). */
  static final Set<String> DROPPED = Set.of("object", "goal", "peg");

  static final float[] GRID_RGBA = {0.32f, 0.26f, 0.2f, 1f};
  static final float[] WORKSPACE_RGBA = {0.35f, 0.78f, 0.9f, 1f};
  static final float[] SHADOW_RGBA = {0.12f, 0.1f, 0.08f, 1f};
  static final float[] DROP_RGBA = {0.15f, 0.15f, 0.15f, 1f};
  static final float[] GRIPPER_DROP_RGBA = {1f, 0.85f, 0.2f, 1f};

  private DepthCues() {}

  /** {@code scene} with the cues ({@code gripper} and {@code workspace} may be null). */
  static List<SceneObject> with(
      List<SceneObject> scene, double[] gripper, ViewPreset.Box workspace) {
    List<SceneObject> out = new ArrayList<>(scene.size() + 48);
    out.addAll(scene);
    SceneObject table = null;
    for (SceneObject o : scene) {
      if (o.name().equals("table") && o.shape() instanceof Shape.Box) {
        table = o;
      }
    }
    double top = 0;
    double[] lo = {-0.5, -0.5};
    double[] hi = {0.5, 0.5};
    if (table != null) {
      Shape.Box b = (Shape.Box) table.shape();
      top = table.pose().z() + b.sizeZ() / 2;
      lo = new double[] {table.pose().x() - b.sizeX() / 2, table.pose().y() - b.sizeY() / 2};
      hi = new double[] {table.pose().x() + b.sizeX() / 2, table.pose().y() + b.sizeY() / 2};
    }
    if (workspace != null) {
      lo = new double[] {workspace.min()[0], workspace.min()[1]};
      hi = new double[] {workspace.max()[0], workspace.max()[1]};
    }
    grid(out, lo, hi, top);
    axes(out, lo, top);
    if (workspace != null) {
      box(out, workspace);
    }
    for (SceneObject o : scene) {
      if (DROPPED.contains(o.name())) {
        Pose p = o.pose();
        drop(out, o.name(), new double[] {p.x(), p.y(), p.z()}, top, DROP_RGBA);
      }
    }
    if (gripper != null) {
      drop(out, "gripper", gripper, top, GRIPPER_DROP_RGBA);
    }
    return out;
  }

  private static void grid(List<SceneObject> out, double[] lo, double[] hi, double top) {
    double z = top + 0.001;
    double x0 = Math.ceil(lo[0] / GRID_STEP_M - 1e-9) * GRID_STEP_M;
    double y0 = Math.ceil(lo[1] / GRID_STEP_M - 1e-9) * GRID_STEP_M;
    double spanX = hi[0] - lo[0];
    double spanY = hi[1] - lo[1];
    double cx = (lo[0] + hi[0]) / 2;
    double cy = (lo[1] + hi[1]) / 2;
    int k = 0;
    for (double x = x0; x <= hi[0] + 1e-9; x += GRID_STEP_M) {
      out.add(line("grid_x" + k++, new Shape.Box(LINE_WIDTH_M, spanY, 0.001), x, cy, z));
    }
    k = 0;
    for (double y = y0; y <= hi[1] + 1e-9; y += GRID_STEP_M) {
      out.add(line("grid_y" + k++, new Shape.Box(spanX, LINE_WIDTH_M, 0.001), cx, y, z));
    }
  }

  private static SceneObject line(String name, Shape shape, double x, double y, double z) {
    return new SceneObject(name, shape, Pose.at(x, y, z), GRID_RGBA, false);
  }

  private static void axes(List<SceneObject> out, double[] lo, double top) {
    double x = lo[0];
    double y = lo[1];
    double z = top + AXIS_RADIUS_M;
    double h = AXIS_LENGTH_M / 2;
    double s = Math.sqrt(0.5);
    out.add(
        new SceneObject(
            "axis_x",
            new Shape.Capsule(AXIS_RADIUS_M, AXIS_LENGTH_M),
            new Pose(x + h, y, z, 0, s, 0, s),
            new float[] {0.9f, 0.15f, 0.15f, 1f},
            false));
    out.add(
        new SceneObject(
            "axis_y",
            new Shape.Capsule(AXIS_RADIUS_M, AXIS_LENGTH_M),
            new Pose(x, y + h, z, -s, 0, 0, s),
            new float[] {0.15f, 0.8f, 0.2f, 1f},
            false));
    out.add(
        new SceneObject(
            "axis_z",
            new Shape.Capsule(AXIS_RADIUS_M, AXIS_LENGTH_M),
            Pose.at(x, y, z + h),
            new float[] {0.2f, 0.35f, 0.95f, 1f},
            false));
  }

  private static void box(List<SceneObject> out, ViewPreset.Box b) {
    double[] lo = b.min();
    double[] hi = b.max();
    double[] c = {(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2};
    double[] size = {hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]};
    double w = LINE_WIDTH_M;
    int k = 0;
    for (double y : new double[] {lo[1], hi[1]}) {
      for (double z : new double[] {lo[2], hi[2]}) {
        out.add(edge("workspace_" + k++, new Shape.Box(size[0], w, w), c[0], y, z));
      }
    }
    for (double x : new double[] {lo[0], hi[0]}) {
      for (double z : new double[] {lo[2], hi[2]}) {
        out.add(edge("workspace_" + k++, new Shape.Box(w, size[1], w), x, c[1], z));
      }
    }
    for (double x : new double[] {lo[0], hi[0]}) {
      for (double y : new double[] {lo[1], hi[1]}) {
        out.add(edge("workspace_" + k++, new Shape.Box(w, w, size[2]), x, y, c[2]));
      }
    }
  }

  private static SceneObject edge(String name, Shape shape, double x, double y, double z) {
    return new SceneObject(name, shape, Pose.at(x, y, z), WORKSPACE_RGBA, false);
  }

  /** A vertical line from {@code p} down to the table top and a dark disc where it meets it. */
  private static void drop(
      List<SceneObject> out, String name, double[] p, double top, float[] rgba) {
    out.add(
        new SceneObject(
            name + "_shadow",
            new Shape.Cylinder(SHADOW_RADIUS_M, 0.001),
            Pose.at(p[0], p[1], top + 0.0016),
            SHADOW_RGBA,
            false));
    double height = p[2] - top;
    if (height > LINE_MIN_HEIGHT_M) {
      out.add(
          new SceneObject(
              name + "_drop",
              new Shape.Cylinder(DROP_RADIUS_M, height),
              Pose.at(p[0], p[1], top + height / 2),
              rgba,
              false));
    }
  }
}
