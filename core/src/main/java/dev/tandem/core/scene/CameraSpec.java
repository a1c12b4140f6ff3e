package dev.tandem.core.scene;

import java.util.Objects;

/**
 * A pinhole camera looking from {@code eye} at {@code target} with {@code up} as the up direction
 * (world frame, m), vertical field of view in degrees, image size in pixels, and clip planes (m).
 */
public record CameraSpec(
    String name,
    double[] eye,
    double[] target,
    double[] up,
    double fovYDegrees,
    int width,
    int height,
    double near,
    double far) {
  public CameraSpec {
    Objects.requireNonNull(name, "name");
    if (eye.length != 3 || target.length != 3 || up.length != 3) {
      throw new IllegalArgumentException("camera '" + name + "': eye, target, up need 3 values");
    }
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "camera '" + name + "': size must be positive, found " + width + "x" + height);
    }
    if (!(fovYDegrees > 0 && fovYDegrees < 180)) {
      throw new IllegalArgumentException(
          "camera '" + name + "': fov must be in (0, 180) degrees, found " + fovYDegrees);
    }
    if (!(near > 0 && far > near)) {
      throw new IllegalArgumentException(
          "camera '" + name + "': need 0 < near < far, found " + near + ", " + far);
    }
  }
}
