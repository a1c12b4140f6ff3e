package dev.tandem.intervention.language;

import dev.tandem.core.scene.CameraSpec;

/**
 * Rotations for {@link Correction#toBias}: 3x3 row-major matrices mapping frame vectors to base.
 */
public final class CameraFrames {
  private CameraFrames() {}

  /**
   * A gripper pointing straight down (panda-gym's fixed orientation), seen from above with the top
   * of the view toward the base's +x: tool x (right) is base -y, tool y (down) is base -x, tool z
   * (along the tool) is base -z.
   */
  public static double[][] topDownTool() {
    return new double[][] {{0, -1, 0}, {-1, 0, 0}, {0, 0, -1}};
  }

  public static double[][] identity() {
    return new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
  }

  /**
   * The camera's frame in the world (base) frame: columns are image right, image up and toward the
   * viewer (OpenGL's eye convention), from the camera's eye, target and up vector.
   */
  public static double[][] cameraToWorld(CameraSpec camera) {
    double[] forward = normalize(sub(camera.target(), camera.eye()));
    double[] up = camera.up();
    double[] right = cross(forward, up);
    if (norm(right) < 1e-9) {
      // looking along the up vector: any perpendicular will do
      right =
          cross(
              forward,
              Math.abs(forward[0]) < 0.9 ? new double[] {1, 0, 0} : new double[] {0, 1, 0});
    }
    right = normalize(right);
    double[] trueUp = cross(right, forward);
    double[] back = {-forward[0], -forward[1], -forward[2]};
    return columns(right, trueUp, back);
  }

  static double[][] columns(double[] a, double[] b, double[] c) {
    return new double[][] {{a[0], b[0], c[0]}, {a[1], b[1], c[1]}, {a[2], b[2], c[2]}};
  }

  static double[] column(double[][] m, int j) {
    return new double[] {m[0][j], m[1][j], m[2][j]};
  }

  static double[] times(double[][] m, double[] v) {
    return new double[] {
      m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
      m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
      m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2]
    };
  }

  static double[] transposeTimes(double[][] m, double[] v) {
    return new double[] {
      m[0][0] * v[0] + m[1][0] * v[1] + m[2][0] * v[2],
      m[0][1] * v[0] + m[1][1] * v[1] + m[2][1] * v[2],
      m[0][2] * v[0] + m[1][2] * v[1] + m[2][2] * v[2]
    };
  }

  static double[] sub(double[] a, double[] b) {
    return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
  }

  static double[] cross(double[] a, double[] b) {
    return new double[] {
      a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]
    };
  }

  static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }

  static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  static double[] normalize(double[] a) {
    double n = norm(a);
    return n < 1e-12 ? new double[] {0, 0, 0} : new double[] {a[0] / n, a[1] / n, a[2] / n};
  }

  /**
   * The levelled camera basis in the base frame (z up): right and toward-the-viewer projected onto
   * the horizontal plane, and straight up. Columns: right, up, toward.
   */
  static double[][] levelled(double[][] cameraToBase) {
    double[] up = {0, 0, 1};
    double[] right = column(cameraToBase, 0);
    double[] back = column(cameraToBase, 2);
    double[] rightH = {right[0], right[1], 0};
    double[] backH = {back[0], back[1], 0};
    if (norm(rightH) >= norm(backH)) {
      // the usual case (no roll): right stays right; toward the viewer = right x up
      rightH = normalize(rightH);
      backH = cross(rightH, up);
    } else {
      // a camera rolled by more than 45 degrees: keep its toward-the-viewer direction instead
      backH = normalize(backH);
      rightH = cross(up, backH);
    }
    return columns(rightH, up, backH);
  }
}
