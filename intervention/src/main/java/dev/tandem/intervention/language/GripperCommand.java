package dev.tandem.intervention.language;

/** What a correction says about the gripper. */
public enum GripperCommand {
  NONE,
  OPEN,
  CLOSE
}
