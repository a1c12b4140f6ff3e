package dev.tandem.sim.config;

import dev.tandem.core.config.ConfigChecks;
import java.util.Objects;

/**
 * A camera of a simulated task: name (the observation key is {@code observation.images.<name>}),
 * image size in pixels, pinhole placement and vertical field of view. With {@code handMounted} the
 * eye, target and up vectors are in the hand (end-effector) frame and the camera moves with the
 * hand; otherwise they are in the world frame (m).
 */
public record CameraConfig(
    String name,
    int width,
    int height,
    double[] eye,
    double[] target,
    double[] up,
    double fovYDegrees,
    boolean handMounted) {

  public CameraConfig {
    ConfigChecks.required(name, "name");
    if (!name.matches("[A-Za-z0-9_]+")) {
      throw new IllegalArgumentException(
          "name: found '" + name + "', expected letters, digits or '_'");
    }
    ConfigChecks.intInRange(width, 1, 4096, "width");
    ConfigChecks.intInRange(height, 1, 4096, "height");
    ConfigChecks.vector3(eye, "eye");
    ConfigChecks.vector3(target, "target");
    ConfigChecks.vector3(up, "up");
    ConfigChecks.inRange(fovYDegrees, 1, 179, "fovYDegrees");
    eye = eye.clone();
    target = target.clone();
    up = up.clone();
    if (java.util.Arrays.equals(eye, target)) {
      throw new IllegalArgumentException(
          "target: found the eye position "
              + java.util.Arrays.toString(eye)
              + ", expected a point the camera looks at");
    }
  }

  /** A camera in front of the table looking back at the robot, like robosuite's agentview. */
  public static CameraConfig front(int width, int height) {
    return new CameraConfig(
        "front",
        width,
        height,
        new double[] {0.75, 0, 0.55},
        new double[] {-0.1, 0, 0.05},
        new double[] {0, 0, 1},
        45,
        false);
  }

  /** A camera on the hand looking along the fingers (robosuite's eye_in_hand). */
  public static CameraConfig wrist(int width, int height) {
    return new CameraConfig(
        "wrist",
        width,
        height,
        new double[] {0.06, 0, -0.08},
        new double[] {0, 0, 0.1},
        new double[] {1, 0, 0},
        75,
        true);
  }

  /**
   * Where the camera is mounted and how it sees, in words ({@code fixed} or {@code hand}, then eye,
   * target, up and vertical field of view): recorded with the data as the environment's {@link
   * dev.tandem.core.spec.EnvironmentSpec#cameraMountParameter} and by policies that read the
   * camera.
   */
  public String mount() {
    return (handMounted ? "hand" : "fixed")
        + " eye "
        + vector(eye)
        + " target "
        + vector(target)
        + " up "
        + vector(up)
        + " fovY "
        + fovYDegrees
        + " deg";
  }

  private static String vector(double[] v) {
    return "(" + v[0] + ", " + v[1] + ", " + v[2] + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CameraConfig c
        && name.equals(c.name)
        && width == c.width
        && height == c.height
        && java.util.Arrays.equals(eye, c.eye)
        && java.util.Arrays.equals(target, c.target)
        && java.util.Arrays.equals(up, c.up)
        && fovYDegrees == c.fovYDegrees
        && handMounted == c.handMounted;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name,
        width,
        height,
        java.util.Arrays.hashCode(eye),
        java.util.Arrays.hashCode(target),
        fovYDegrees,
        handMounted);
  }

  @Override
  public String toString() {
    return "CameraConfig[" + name + " " + width + "x" + height + (handMounted ? " hand" : "") + "]";
  }
}
