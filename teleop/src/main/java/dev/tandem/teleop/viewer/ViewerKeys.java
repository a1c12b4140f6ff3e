package dev.tandem.teleop.viewer;

import dev.tandem.teleop.device.Key;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The viewer's own keys. None of them types a character (printable keys belong to the correction
 * line) and none is bound by the default driving keys (arrows, Page Up/Down, Home/End, Left Ctrl)
 * or the default retrain key (F5); a keyboard device or session that binds one of them is refused
 * when it connects ({@link Viewer#connect}, {@link Viewer#onKeyPressed}).
 *
 * <ul>
 *   <li>Esc: emergency stop (and clears the line being typed); F12 resumes.
 *   <li>F1: help (also "help" or "?" typed in the correction line).
 *   <li>F8: the camera panel (the policy's camera images) closed or open.
 *   <li>F2 front, F3 side, F4 top, F6 follow the gripper, F7 the whole workspace (home).
 * </ul>
 *
 * The mouse: left drag orbits, right or middle drag (or Shift + left drag) pans, the wheel zooms.
 */
public final class ViewerKeys {
  public static final Key HELP = Key.F1;
  public static final Key RESUME = Key.F12;
  public static final Key CAMERAS = Key.F8;

  /** The name of the stop key in words (Esc is not bindable: it belongs to the viewer). */
  public static final String STOP_NAME = "Esc";

  private static final Map<Key, ViewPreset> PRESETS = new LinkedHashMap<>();

  static {
    PRESETS.put(Key.F2, ViewPreset.FRONT);
    PRESETS.put(Key.F3, ViewPreset.SIDE);
    PRESETS.put(Key.F4, ViewPreset.TOP);
    PRESETS.put(Key.F6, ViewPreset.FOLLOW);
    PRESETS.put(Key.F7, ViewPreset.HOME);
  }

  private ViewerKeys() {}

  /** The preset view on {@code key}, or null. */
  static ViewPreset preset(Key key) {
    return PRESETS.get(key);
  }

  /** Preset keys in order, e.g. F2 to FRONT. */
  static Map<Key, ViewPreset> presets() {
    return java.util.Collections.unmodifiableMap(PRESETS);
  }

  /** What the viewer does on {@code key}, or null when it is free for a device or the session. */
  public static String use(Key key) {
    if (key == HELP) {
      return "help";
    }
    if (key == RESUME) {
      return "resume after an emergency stop";
    }
    if (key == CAMERAS) {
      return "camera panel";
    }
    ViewPreset p = PRESETS.get(key);
    return p == null ? null : p.name().toLowerCase(java.util.Locale.ROOT) + " view";
  }
}
