package dev.tandem.core.scene;

/** A rigid pose: position (m) and unit quaternion (x, y, z, w), in the world frame. */
public record Pose(double x, double y, double z, double qx, double qy, double qz, double qw) {
  public static final Pose IDENTITY = new Pose(0, 0, 0, 0, 0, 0, 1);

  public static Pose at(double x, double y, double z) {
    return new Pose(x, y, z, 0, 0, 0, 1);
  }
}
