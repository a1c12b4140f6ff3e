package dev.tandem.render;

import dev.tandem.core.scene.CameraSpec;
import dev.tandem.core.scene.Pose;

/**
 * Column-major 4x4 matrices (OpenGL layout) for cameras and poses, computed in double precision
 * into caller-owned arrays so a frame allocates nothing.
 */
final class Transforms {
  private Transforms() {}

  /**
   * Writes the rigid model matrix of {@code pose} into {@code out}; returns false (and writes
   * nothing) when the pose is not finite or its quaternion has no length.
   */
  static boolean model(Pose pose, float[] out) {
    double x = pose.qx();
    double y = pose.qy();
    double z = pose.qz();
    double w = pose.qw();
    double norm2 = x * x + y * y + z * z + w * w;
    if (!(norm2 > 1e-12)
        || !Double.isFinite(norm2)
        || !Double.isFinite(pose.x())
        || !Double.isFinite(pose.y())
        || !Double.isFinite(pose.z())) {
      return false;
    }
    double s = 2 / norm2;
    double xx = x * x * s;
    double yy = y * y * s;
    double zz = z * z * s;
    double xy = x * y * s;
    double xz = x * z * s;
    double yz = y * z * s;
    double wx = w * x * s;
    double wy = w * y * s;
    double wz = w * z * s;
    out[0] = (float) (1 - yy - zz);
    out[1] = (float) (xy + wz);
    out[2] = (float) (xz - wy);
    out[3] = 0;
    out[4] = (float) (xy - wz);
    out[5] = (float) (1 - xx - zz);
    out[6] = (float) (yz + wx);
    out[7] = 0;
    out[8] = (float) (xz + wy);
    out[9] = (float) (yz - wx);
    out[10] = (float) (1 - xx - yy);
    out[11] = 0;
    out[12] = (float) pose.x();
    out[13] = (float) pose.y();
    out[14] = (float) pose.z();
    out[15] = 1;
    return true;
  }

  /**
   * Writes projection x view of {@code camera} for a viewport of the given aspect ratio (width /
   * height) into {@code out}. When {@code up} is parallel to the viewing direction another up
   * direction is chosen instead of producing NaNs.
   */
  static void viewProjection(CameraSpec camera, double aspect, float[] out) {
    double[] eye = camera.eye();
    double[] target = camera.target();
    double[] up = camera.up();
    double fx = target[0] - eye[0];
    double fy = target[1] - eye[1];
    double fz = target[2] - eye[2];
    double fn = Math.sqrt(fx * fx + fy * fy + fz * fz);
    if (!(fn > 1e-12)) {
      fx = 0;
      fy = 0;
      fz = -1;
      fn = 1;
    }
    fx /= fn;
    fy /= fn;
    fz /= fn;
    // side = forward x up
    double sx = fy * up[2] - fz * up[1];
    double sy = fz * up[0] - fx * up[2];
    double sz = fx * up[1] - fy * up[0];
    double sn = Math.sqrt(sx * sx + sy * sy + sz * sz);
    if (!(sn > 1e-9)) {
      // up is parallel to forward (or zero): use world z, or world y when looking along z.
      double ax = 0;
      double ay = Math.abs(fz) > 0.9 ? 1 : 0;
      double az = Math.abs(fz) > 0.9 ? 0 : 1;
      sx = fy * az - fz * ay;
      sy = fz * ax - fx * az;
      sz = fx * ay - fy * ax;
      sn = Math.sqrt(sx * sx + sy * sy + sz * sz);
    }
    sx /= sn;
    sy /= sn;
    sz /= sn;
    // true up = side x forward
    double ux = sy * fz - sz * fy;
    double uy = sz * fx - sx * fz;
    double uz = sx * fy - sy * fx;
    double tx = -(sx * eye[0] + sy * eye[1] + sz * eye[2]);
    double ty = -(ux * eye[0] + uy * eye[1] + uz * eye[2]);
    double tz = fx * eye[0] + fy * eye[1] + fz * eye[2];

    double f = 1 / Math.tan(Math.toRadians(camera.fovYDegrees()) / 2);
    double near = camera.near();
    double far = camera.far();
    double p0 = f / aspect;
    double p5 = f;
    double p10 = (far + near) / (near - far);
    double p14 = 2 * far * near / (near - far);
    // Projection (p0, p5, p10, p11 = -1, p14) times the view rows (s; u; -f; translation).
    out[0] = (float) (p0 * sx);
    out[1] = (float) (p5 * ux);
    out[2] = (float) (p10 * -fx);
    out[3] = (float) fx;
    out[4] = (float) (p0 * sy);
    out[5] = (float) (p5 * uy);
    out[6] = (float) (p10 * -fy);
    out[7] = (float) fy;
    out[8] = (float) (p0 * sz);
    out[9] = (float) (p5 * uz);
    out[10] = (float) (p10 * -fz);
    out[11] = (float) fz;
    out[12] = (float) (p0 * tx);
    out[13] = (float) (p5 * ty);
    out[14] = (float) (p10 * tz + p14);
    out[15] = (float) -tz;
  }
}
