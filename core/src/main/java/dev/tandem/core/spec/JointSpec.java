package dev.tandem.core.spec;

import java.util.Objects;

/**
 * One actuated joint with its limits. Positions in rad (revolute) or m (prismatic), velocities in
 * rad/s or m/s, effort in N·m or N.
 */
public record JointSpec(
    String name,
    JointType type,
    double lowerPosition,
    double upperPosition,
    double maxVelocity,
    double maxEffort) {

  /** The kind of a joint. */
  public enum JointType {
    REVOLUTE,
    PRISMATIC
  }

  public JointSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (!(lowerPosition <= upperPosition)) {
      throw new IllegalArgumentException(
          "joint '"
              + name
              + "': lower limit "
              + lowerPosition
              + " is above upper limit "
              + upperPosition);
    }
    if (!(maxVelocity > 0) || !(maxEffort > 0)) {
      throw new IllegalArgumentException(
          "joint '"
              + name
              + "': velocity and effort limits must be positive, found "
              + maxVelocity
              + " and "
              + maxEffort);
    }
  }

  /** Clamps a position to this joint's range. */
  public double clampPosition(double q) {
    return Math.max(lowerPosition, Math.min(upperPosition, q));
  }
}
