package dev.tandem.teleop.device;

import dev.tandem.core.config.ConfigChecks;

/** Drives one motion axis from raw joystick axis {@code axis} (0-based), optionally inverted. */
public record JoystickAxisBinding(Integer axis, Boolean invert, Double scale) {
  public JoystickAxisBinding {
    ConfigChecks.required(axis, "axis");
    ConfigChecks.intInRange(axis, 0, 15, "axis");
    invert = ConfigChecks.orDefault(invert, false);
    scale = ConfigChecks.orDefault(scale, 1.0);
    ConfigChecks.inRange(scale, 0.0, 10.0, "scale");
  }

  public static JoystickAxisBinding of(int axis, boolean invert) {
    return new JoystickAxisBinding(axis, invert, null);
  }
}
