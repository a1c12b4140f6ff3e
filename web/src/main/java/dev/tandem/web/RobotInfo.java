package dev.tandem.web;

import java.util.List;
import java.util.Objects;

/**
 * A robot as the page first sees it: its id, what it runs, the names of its action elements (what a
 * browser's {@code drive} values mean), and where the page's camera starts (world frame, z up).
 */
public record RobotInfo(
    String id,
    String task,
    List<String> actionNames,
    double[] cameraEye,
    double[] cameraTarget,
    double cameraFovYDegrees,
    List<String> modes) {
  public RobotInfo {
    Objects.requireNonNull(id, "id");
    if (!id.matches("[A-Za-z0-9_-]{1,32}")) {
      throw new IllegalArgumentException(
          "robot id: found '" + id + "', expected 1-32 letters, digits, '-' or '_'");
    }
    actionNames = List.copyOf(actionNames);
    modes = List.copyOf(modes);
    if (cameraEye.length != 3 || cameraTarget.length != 3) {
      throw new IllegalArgumentException("robot " + id + ": camera eye and target need 3 values");
    }
  }
}
