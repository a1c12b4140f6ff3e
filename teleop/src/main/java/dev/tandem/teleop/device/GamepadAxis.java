package dev.tandem.teleop.device;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Axes of the standard gamepad layout (GLFW's gamepad mapping, after SDL's database), in its order.
 * Sticks are in [-1, 1] with up and left negative; triggers rest at -1 and reach 1 when fully
 * pressed.
 */
public enum GamepadAxis {
  LEFT_X,
  LEFT_Y,
  RIGHT_X,
  RIGHT_Y,
  LEFT_TRIGGER,
  RIGHT_TRIGGER;

  public boolean isTrigger() {
    return this == LEFT_TRIGGER || this == RIGHT_TRIGGER;
  }

  /** The config name, e.g. {@code left_x}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static List<String> configNames() {
    return Arrays.stream(values()).map(GamepadAxis::configName).toList();
  }

  public static GamepadAxis fromConfig(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
