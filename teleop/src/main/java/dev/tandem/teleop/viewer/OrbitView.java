package dev.tandem.teleop.viewer;

import dev.tandem.core.scene.CameraSpec;
import java.util.Locale;

/**
 * The viewer's camera as an orbit around a target point: the eye sits {@code distanceMeters} from
 * {@code target}, seen from the compass direction {@code yawDegrees} (0: from +x, 90: from +y) and
 * {@code pitchDegrees} above the horizontal. Mouse dragging orbits, pans and zooms it; preset views
 * replace it. With {@code followGripper} the target is the end effector, wherever it goes. A value:
 * each change makes a new one.
 *
 * @param preset the preset this view came from ({@link ViewPreset#CUSTOM} once the mouse moved it)
 */
public record OrbitView(
    double[] target,
    double yawDegrees,
    double pitchDegrees,
    double distanceMeters,
    boolean followGripper,
    ViewPreset preset) {
  static final double MIN_PITCH_DEGREES = -80;
  static final double MAX_PITCH_DEGREES = 89;
  static final double MIN_DISTANCE_M = 0.15;
  static final double MAX_DISTANCE_M = 20;

  /** Degrees of orbit per pixel of mouse drag. */
  static final double DEGREES_PER_PIXEL = 0.3;

  /** Each scroll step moves the eye this fraction of the way to (or from) the target. */
  static final double ZOOM_PER_STEP = 0.1;

  public OrbitView {
    if (target == null || target.length != 3) {
      throw new IllegalArgumentException("target needs 3 values");
    }
    target = target.clone();
    for (double v : target) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("target must be finite");
      }
    }
    if (!Double.isFinite(yawDegrees) || !Double.isFinite(pitchDegrees)) {
      throw new IllegalArgumentException("yaw and pitch must be finite");
    }
    if (!(distanceMeters > 0) || !Double.isFinite(distanceMeters)) {
      throw new IllegalArgumentException(
          "distanceMeters must be positive, found " + distanceMeters);
    }
    yawDegrees = wrap(yawDegrees);
    pitchDegrees = Math.max(MIN_PITCH_DEGREES, Math.min(MAX_PITCH_DEGREES, pitchDegrees));
    distanceMeters = Math.max(MIN_DISTANCE_M, Math.min(MAX_DISTANCE_M, distanceMeters));
    preset = preset == null ? ViewPreset.CUSTOM : preset;
  }

  /** The orbit view of a camera at {@code eye} looking at {@code target}. */
  public static OrbitView lookingAt(double[] eye, double[] target, ViewPreset preset) {
    double dx = eye[0] - target[0];
    double dy = eye[1] - target[1];
    double dz = eye[2] - target[2];
    double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
    return new OrbitView(
        target,
        Math.toDegrees(Math.atan2(dy, dx)),
        Math.toDegrees(Math.asin(dz / d)),
        d,
        false,
        preset);
  }

  @Override
  public double[] target() {
    return target.clone();
  }

  /** The eye position for a target at {@code t}. */
  public double[] eye(double[] t) {
    double yaw = Math.toRadians(yawDegrees);
    double pitch = Math.toRadians(pitchDegrees);
    double c = Math.cos(pitch);
    return new double[] {
      t[0] + distanceMeters * c * Math.cos(yaw),
      t[1] + distanceMeters * c * Math.sin(yaw),
      t[2] + distanceMeters * Math.sin(pitch)
    };
  }

  /** The point looked at: the gripper when following it and it is known, else {@link #target}. */
  public double[] lookAt(double[] gripper) {
    return followGripper && gripper != null ? gripper.clone() : target.clone();
  }

  /** The camera of this view ({@code gripper} may be null), for a window of the given size. */
  public CameraSpec camera(double[] gripper, double fovYDegrees, int width, int height) {
    double[] t = lookAt(gripper);
    return new CameraSpec(
        "viewer",
        eye(t),
        t,
        new double[] {0, 0, 1},
        fovYDegrees,
        Math.max(1, width),
        Math.max(1, height),
        Math.max(0.01, distanceMeters / 100),
        Math.max(50, distanceMeters * 10));
  }

  /**
   * Turned by a mouse drag of ({@code dxPixels}, {@code dyPixels}): right turns the scene right.
   */
  public OrbitView orbit(double dxPixels, double dyPixels) {
    return new OrbitView(
        target,
        yawDegrees - dxPixels * DEGREES_PER_PIXEL,
        pitchDegrees + dyPixels * DEGREES_PER_PIXEL,
        distanceMeters,
        followGripper,
        ViewPreset.CUSTOM);
  }

  /**
   * Moved sideways by a drag of ({@code dxPixels}, {@code dyPixels}) in a window {@code
   * heightPixels} tall: the point under the cursor (at the target's depth) stays under it. Panning
   * stops following the gripper (from where the camera looked).
   */
  public OrbitView pan(
      double dxPixels, double dyPixels, double heightPixels, double fovYDegrees, double[] gripper) {
    double metersPerPixel =
        2 * distanceMeters * Math.tan(Math.toRadians(fovYDegrees) / 2) / Math.max(1, heightPixels);
    double yaw = Math.toRadians(yawDegrees);
    double pitch = Math.toRadians(pitchDegrees);
    // camera right and up (world), for a camera looking from the eye towards the target
    double[] right = {-Math.sin(yaw), Math.cos(yaw), 0};
    double[] up = {
      -Math.sin(pitch) * Math.cos(yaw), -Math.sin(pitch) * Math.sin(yaw), Math.cos(pitch)
    };
    double[] t = lookAt(gripper);
    for (int i = 0; i < 3; i++) {
      t[i] += metersPerPixel * (-dxPixels * right[i] + dyPixels * up[i]);
    }
    return new OrbitView(t, yawDegrees, pitchDegrees, distanceMeters, false, ViewPreset.CUSTOM);
  }

  /** Closer by {@code steps} scroll steps (negative: farther). */
  public OrbitView zoom(double steps) {
    return new OrbitView(
        target,
        yawDegrees,
        pitchDegrees,
        distanceMeters * Math.pow(1 - ZOOM_PER_STEP, steps),
        followGripper,
        preset == ViewPreset.FOLLOW ? ViewPreset.FOLLOW : ViewPreset.CUSTOM);
  }

  /** One line for a settings file and the screen, e.g. "yaw -130.6 pitch 28.5 ...". */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s view: target [%.3f, %.3f, %.3f] m, yaw %.1f deg, pitch %.1f deg, distance %.3f m%s",
        preset,
        target[0],
        target[1],
        target[2],
        yawDegrees,
        pitchDegrees,
        distanceMeters,
        followGripper ? ", following the gripper" : "");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OrbitView v
        && java.util.Arrays.equals(target, v.target)
        && yawDegrees == v.yawDegrees
        && pitchDegrees == v.pitchDegrees
        && distanceMeters == v.distanceMeters
        && followGripper == v.followGripper
        && preset == v.preset;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        java.util.Arrays.hashCode(target), yawDegrees, pitchDegrees, distanceMeters, preset);
  }

  private static double wrap(double degrees) {
    double d = degrees % 360;
    if (d > 180) {
      d -= 360;
    } else if (d <= -180) {
      d += 360;
    }
    return d;
  }
}
