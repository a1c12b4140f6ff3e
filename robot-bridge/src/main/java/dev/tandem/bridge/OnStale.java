package dev.tandem.bridge;

/** What the bridge does while an observed input (an object's pose, a camera's image) is stale. */
public enum OnStale {
  /** The robot holds its posture until the input is fresh again, then moves on by itself. */
  HOLD,
  /** The last value is observed (an object's velocities read zero); the robot keeps moving. */
  KEEP_LAST
}
