package dev.tandem.teleop.device;

import dev.tandem.core.config.ConfigChecks;

/**
 * The gamepad control that must be held to drive: a {@code button}, or an {@code axis} held past
 * {@code threshold} (a trigger read from 0 released to 1 pressed; a stick by its absolute value).
 */
public record GamepadDeadman(String button, String axis, Double threshold) {
  public GamepadDeadman {
    threshold = ConfigChecks.orDefault(threshold, 0.5);
    ConfigChecks.inRange(threshold, 0.05, 0.95, "threshold");
    if ((button == null) == (axis == null)) {
      throw new IllegalArgumentException(
          "button: give exactly one of button or axis for the deadman (found "
              + (button == null ? "neither" : "both")
              + ")");
    }
    if (button != null) {
      ConfigChecks.oneOf(button, GamepadButton.configNames(), "button");
    } else {
      ConfigChecks.oneOf(axis, GamepadAxis.configNames(), "axis");
    }
  }

  public static GamepadDeadman button(String button) {
    return new GamepadDeadman(button, null, null);
  }

  /** The control's name, for bindings checks. */
  String control() {
    return button != null ? button : axis;
  }
}
