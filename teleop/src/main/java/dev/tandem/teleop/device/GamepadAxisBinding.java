package dev.tandem.teleop.device;

import dev.tandem.core.config.ConfigChecks;

/**
 * Drives one motion axis from a gamepad: either a stick or trigger {@code axis}, or a pair of
 * controls ({@code positive} minus {@code negative}, each a button or a trigger, triggers read from
 * 0 released to 1 pressed). {@code invert} flips the sign, {@code scale} multiplies (default 1).
 */
public record GamepadAxisBinding(
    String axis, String positive, String negative, Boolean invert, Double scale) {

  public GamepadAxisBinding {
    invert = ConfigChecks.orDefault(invert, false);
    scale = ConfigChecks.orDefault(scale, 1.0);
    ConfigChecks.inRange(scale, 0.0, 10.0, "scale");
    if (axis != null) {
      if (positive != null || negative != null) {
        throw new IllegalArgumentException(
            "axis: give either axis or positive/negative, not both (found axis '"
                + axis
                + "' and positive/negative)");
      }
      ConfigChecks.oneOf(axis, GamepadAxis.configNames(), "axis");
    } else {
      if (positive == null && negative == null) {
        throw new IllegalArgumentException(
            "axis: missing; give a stick or trigger axis, or positive/negative controls");
      }
      if (positive != null) {
        checkControl(positive, "positive");
      }
      if (negative != null) {
        checkControl(negative, "negative");
      }
    }
  }

  public static GamepadAxisBinding axis(String axis, boolean invert) {
    return new GamepadAxisBinding(axis, null, null, invert, null);
  }

  public static GamepadAxisBinding pair(String positive, String negative) {
    return new GamepadAxisBinding(null, positive, negative, null, null);
  }

  private static void checkControl(String control, String field) {
    boolean trigger =
        control.equals(GamepadAxis.LEFT_TRIGGER.configName())
            || control.equals(GamepadAxis.RIGHT_TRIGGER.configName());
    if (!trigger && !GamepadButton.configNames().contains(control)) {
      throw new IllegalArgumentException(
          field
              + ": found '"
              + control
              + "', expected a button "
              + GamepadButton.configNames()
              + " or a trigger [left_trigger, right_trigger]");
    }
  }
}
