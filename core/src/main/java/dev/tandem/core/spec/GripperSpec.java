package dev.tandem.core.spec;

/**
 * A parallel gripper: total opening range in m and the maximum grip force in N. {@code jointNames}
 * are the finger joints (driven together).
 */
public record GripperSpec(
    java.util.List<String> jointNames, double maxOpeningMeters, double maxForceNewtons) {
  public GripperSpec {
    jointNames = java.util.List.copyOf(jointNames);
    if (!(maxOpeningMeters > 0) || !(maxForceNewtons > 0)) {
      throw new IllegalArgumentException(
          "gripper: opening and force must be positive, found "
              + maxOpeningMeters
              + " m and "
              + maxForceNewtons
              + " N");
    }
  }
}
