package dev.tandem.teleop.device;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Keys that can drive the robot or be the deadman. Only keys that type no character: every
 * printable key belongs to the viewer's correction line, so typing a correction never moves the arm
 * and driving never types.
 */
public enum Key {
  UP,
  DOWN,
  LEFT,
  RIGHT,
  PAGE_UP,
  PAGE_DOWN,
  HOME,
  END,
  INSERT,
  DELETE,
  LEFT_CONTROL,
  RIGHT_CONTROL,
  LEFT_ALT,
  RIGHT_ALT,
  LEFT_SHIFT,
  RIGHT_SHIFT,
  F1,
  F2,
  F3,
  F4,
  F5,
  F6,
  F7,
  F8,
  F9,
  F10,
  F11,
  F12;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static List<String> configNames() {
    return Arrays.stream(values()).map(Key::configName).toList();
  }

  public static Key fromConfig(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
