package dev.tandem.teleop.device;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Buttons of the standard gamepad layout (GLFW's gamepad mapping), in its order; A/B/X/Y are the
 * Xbox positions (bottom, right, left, top).
 */
public enum GamepadButton {
  A,
  B,
  X,
  Y,
  LEFT_BUMPER,
  RIGHT_BUMPER,
  BACK,
  START,
  GUIDE,
  LEFT_THUMB,
  RIGHT_THUMB,
  DPAD_UP,
  DPAD_RIGHT,
  DPAD_DOWN,
  DPAD_LEFT;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static List<String> configNames() {
    return Arrays.stream(values()).map(GamepadButton::configName).toList();
  }

  public static GamepadButton fromConfig(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
