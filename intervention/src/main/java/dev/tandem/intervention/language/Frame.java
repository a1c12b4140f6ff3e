package dev.tandem.intervention.language;

/**
 * The frame a spoken direction is meant in.
 *
 * <ul>
 *   <li>{@link #CAMERA}: the operator's view, levelled: x to the right of the image, y up (against
 *       gravity), z toward the viewer ("closer", "toward me"); "forward"/"away" is -z. Left/right
 *       and forward/back are the camera's directions projected onto the horizontal plane, so "up"
 *       always means up, whatever the camera's tilt.
 *   <li>{@link #END_EFFECTOR}: the tool, as seen from behind it looking along it: x right, y down,
 *       z along the tool (the approach direction: "along the tool", "forward in the gripper
 *       frame").
 * </ul>
 */
public enum Frame {
  CAMERA,
  END_EFFECTOR;

  String label() {
    return this == CAMERA ? "camera view" : "gripper frame";
  }
}
