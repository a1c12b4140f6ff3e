package dev.tandem.teleop.device;

import java.util.Locale;
import java.util.Map;

/**
 * Controls and motions in the words an operator reads on the screen: "Left Ctrl", "Page Up", "left
 * bumper", "forward / back (+x / -x)". Config identifiers ({@code left_control}, {@code
 * LEFT_BUMPER}) never reach the screen.
 */
public final class BindingWords {
  private static final Map<String, String> NAMES =
      Map.ofEntries(
          Map.entry("left_control", "Left Ctrl"),
          Map.entry("right_control", "Right Ctrl"),
          Map.entry("left_alt", "Left Alt"),
          Map.entry("right_alt", "Right Alt"),
          Map.entry("left_shift", "Left Shift"),
          Map.entry("right_shift", "Right Shift"),
          Map.entry("page_up", "Page Up"),
          Map.entry("page_down", "Page Down"),
          Map.entry("left_bumper", "left bumper (LB)"),
          Map.entry("right_bumper", "right bumper (RB)"),
          Map.entry("left_trigger", "left trigger (LT)"),
          Map.entry("right_trigger", "right trigger (RT)"),
          Map.entry("left_x", "left stick left / right"),
          Map.entry("left_y", "left stick up / down"),
          Map.entry("right_x", "right stick left / right"),
          Map.entry("right_y", "right stick up / down"),
          Map.entry("dpad_up", "d-pad up"),
          Map.entry("dpad_down", "d-pad down"),
          Map.entry("dpad_left", "d-pad left"),
          Map.entry("dpad_right", "d-pad right"),
          Map.entry("left_thumb", "left stick click"),
          Map.entry("right_thumb", "right stick click"));

  private static final Map<String, String> MOTIONS =
      Map.of(
          "dx", "forward / back (+x / -x)",
          "dy", "left / right (+y / -y)",
          "dz", "up / down (+z / -z)",
          "droll", "roll + / -",
          "dpitch", "pitch + / -",
          "dyaw", "yaw + / -");

  private BindingWords() {}

  /** A key or control by its config name, in words: "Left Ctrl", "F5", "Home", "A button". */
  public static String control(String configName) {
    String n = configName.toLowerCase(Locale.ROOT);
    String known = NAMES.get(n);
    if (known != null) {
      return known;
    }
    if (n.matches("f\\d{1,2}")) {
      return n.toUpperCase(Locale.ROOT);
    }
    if (n.length() == 1) {
      return n.toUpperCase(Locale.ROOT) + " button";
    }
    String s = n.replace('_', ' ');
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** A motion axis (dx, dy, ...) in words: "forward / back (+x / -x)". */
  public static String motion(String axis) {
    return MOTIONS.getOrDefault(axis, axis);
  }
}
