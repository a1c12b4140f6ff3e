package dev.tandem.model;

/**
 * Small allocation-free helpers for 3x3 rotation matrices (row-major {@code double[9]}) and
 * 3-vectors, used in the kinematics hot path.
 */
public final class Rot {
  private Rot() {}

  public static double[] identity() {
    return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
  }

  /** URDF fixed-axis roll-pitch-yaw: R = Rz(yaw) Ry(pitch) Rx(roll). */
  public static double[] fromRpy(double roll, double pitch, double yaw) {
    double cr = Math.cos(roll);
    double sr = Math.sin(roll);
    double cp = Math.cos(pitch);
    double sp = Math.sin(pitch);
    double cy = Math.cos(yaw);
    double sy = Math.sin(yaw);
    return new double[] {
      cy * cp,
      cy * sp * sr - sy * cr,
      cy * sp * cr + sy * sr,
      sy * cp,
      sy * sp * sr + cy * cr,
      sy * sp * cr - cy * sr,
      -sp,
      cp * sr,
      cp * cr
    };
  }

  /**
   * Rotation by {@code angle} about the unit {@code axis} (Rodrigues), written into {@code out}.
   */
  public static void axisAngle(double[] axis, double angle, double[] out) {
    double x = axis[0];
    double y = axis[1];
    double z = axis[2];
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    double t = 1 - c;
    out[0] = t * x * x + c;
    out[1] = t * x * y - s * z;
    out[2] = t * x * z + s * y;
    out[3] = t * x * y + s * z;
    out[4] = t * y * y + c;
    out[5] = t * y * z - s * x;
    out[6] = t * x * z - s * y;
    out[7] = t * y * z + s * x;
    out[8] = t * z * z + c;
  }

  /** out = a * b (out must not alias a or b). */
  public static void mul(double[] a, double[] b, double[] out) {
    for (int r = 0; r < 3; r++) {
      double a0 = a[3 * r];
      double a1 = a[3 * r + 1];
      double a2 = a[3 * r + 2];
      out[3 * r] = a0 * b[0] + a1 * b[3] + a2 * b[6];
      out[3 * r + 1] = a0 * b[1] + a1 * b[4] + a2 * b[7];
      out[3 * r + 2] = a0 * b[2] + a1 * b[5] + a2 * b[8];
    }
  }

  /** out = aᵀ * b (out must not alias a or b). */
  public static void mulTransposeA(double[] a, double[] b, double[] out) {
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        out[3 * r + c] = a[r] * b[c] + a[3 + r] * b[3 + c] + a[6 + r] * b[6 + c];
      }
    }
  }

  /** out = m * v (out must not alias v). */
  public static void apply(double[] m, double[] v, double[] out) {
    double x = v[0];
    double y = v[1];
    double z = v[2];
    out[0] = m[0] * x + m[1] * y + m[2] * z;
    out[1] = m[3] * x + m[4] * y + m[5] * z;
    out[2] = m[6] * x + m[7] * y + m[8] * z;
  }

  /** out[o..o+2] = m * v, reading v from {@code vOff}. */
  public static void apply(double[] m, double[] v, int vOff, double[] out, int o) {
    double x = v[vOff];
    double y = v[vOff + 1];
    double z = v[vOff + 2];
    out[o] = m[0] * x + m[1] * y + m[2] * z;
    out[o + 1] = m[3] * x + m[4] * y + m[5] * z;
    out[o + 2] = m[6] * x + m[7] * y + m[8] * z;
  }

  public static double[] transpose(double[] m) {
    return new double[] {m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]};
  }

  /**
   * Rotation matrix to unit quaternion {@code (x, y, z, w)} written into {@code out} (Shepperd's
   * method).
   */
  public static void toQuaternion(double[] m, double[] out) {
    double tr = m[0] + m[4] + m[8];
    double x;
    double y;
    double z;
    double w;
    if (tr > 0) {
      double s = Math.sqrt(tr + 1.0) * 2;
      w = 0.25 * s;
      x = (m[7] - m[5]) / s;
      y = (m[2] - m[6]) / s;
      z = (m[3] - m[1]) / s;
    } else if (m[0] > m[4] && m[0] > m[8]) {
      double s = Math.sqrt(1.0 + m[0] - m[4] - m[8]) * 2;
      w = (m[7] - m[5]) / s;
      x = 0.25 * s;
      y = (m[1] + m[3]) / s;
      z = (m[2] + m[6]) / s;
    } else if (m[4] > m[8]) {
      double s = Math.sqrt(1.0 + m[4] - m[0] - m[8]) * 2;
      w = (m[2] - m[6]) / s;
      x = (m[1] + m[3]) / s;
      y = 0.25 * s;
      z = (m[5] + m[7]) / s;
    } else {
      double s = Math.sqrt(1.0 + m[8] - m[0] - m[4]) * 2;
      w = (m[3] - m[1]) / s;
      x = (m[2] + m[6]) / s;
      y = (m[5] + m[7]) / s;
      z = 0.25 * s;
    }
    // one hemisphere, so equal rotations give equal quaternions
    if (w < 0) {
      x = -x;
      y = -y;
      z = -z;
      w = -w;
    }
    out[0] = x;
    out[1] = y;
    out[2] = z;
    out[3] = w;
  }

  /** Unit quaternion {@code (x, y, z, w)} to a rotation matrix. */
  public static void fromQuaternion(double x, double y, double z, double w, double[] out) {
    out[0] = 1 - 2 * (y * y + z * z);
    out[1] = 2 * (x * y - z * w);
    out[2] = 2 * (x * z + y * w);
    out[3] = 2 * (x * y + z * w);
    out[4] = 1 - 2 * (x * x + z * z);
    out[5] = 2 * (y * z - x * w);
    out[6] = 2 * (x * z - y * w);
    out[7] = 2 * (y * z + x * w);
    out[8] = 1 - 2 * (x * x + y * y);
  }

  /**
   * The rotation error from {@code current} to {@code target} as a rotation vector (axis times
   * angle, world frame) written into {@code out} at {@code o}: {@code target = exp(out) * current}.
   */
  public static void rotationError(double[] current, double[] target, double[] out, int o) {
    // E = target * currentᵀ
    double e00 = 0;
    double e01 = 0;
    double e02 = 0;
    double e10 = 0;
    double e11 = 0;
    double e12 = 0;
    double e20 = 0;
    double e21 = 0;
    double e22 = 0;
    for (int k = 0; k < 3; k++) {
      double t0 = target[k];
      double t1 = target[3 + k];
      double t2 = target[6 + k];
      double c0 = current[k];
      double c1 = current[3 + k];
      double c2 = current[6 + k];
      e00 += t0 * c0;
      e01 += t0 * c1;
      e02 += t0 * c2;
      e10 += t1 * c0;
      e11 += t1 * c1;
      e12 += t1 * c2;
      e20 += t2 * c0;
      e21 += t2 * c1;
      e22 += t2 * c2;
    }
    double vx = e21 - e12;
    double vy = e02 - e20;
    double vz = e10 - e01;
    double sin2 = Math.sqrt(vx * vx + vy * vy + vz * vz); // 2 sin(angle)
    double cos = (e00 + e11 + e22 - 1) * 0.5;
    double angle = Math.atan2(sin2 * 0.5, cos);
    double scale;
    if (sin2 < 1e-9) {
      if (cos > 0) {
        scale = 0.5; // tiny angle: the vector part is already 2*angle*axis
      } else {
        // 180 degrees: axis from the symmetric part
        double ax = Math.sqrt(Math.max(0, (e00 + 1) * 0.5));
        double ay = Math.sqrt(Math.max(0, (e11 + 1) * 0.5));
        double az = Math.sqrt(Math.max(0, (e22 + 1) * 0.5));
        if (ax >= ay && ax >= az) {
          ay = Math.copySign(ay, e01);
          az = Math.copySign(az, e02);
        } else if (ay >= az) {
          ax = Math.copySign(ax, e01);
          az = Math.copySign(az, e12);
        } else {
          ax = Math.copySign(ax, e02);
          ay = Math.copySign(ay, e12);
        }
        out[o] = ax * Math.PI;
        out[o + 1] = ay * Math.PI;
        out[o + 2] = az * Math.PI;
        return;
      }
    } else {
      scale = angle / sin2;
    }
    out[o] = vx * scale;
    out[o + 1] = vy * scale;
    out[o + 2] = vz * scale;
  }
}
