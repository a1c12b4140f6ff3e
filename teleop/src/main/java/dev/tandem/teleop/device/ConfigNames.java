package dev.tandem.teleop.device;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks shared by the device config records. */
final class ConfigNames {
  private ConfigNames() {}

  /** Motion-axis keys of a bindings map must be among {@link EeDeltaLayout#MOTION_AXES}. */
  static <V> Map<String, V> motionKeys(Map<String, V> map, String field) {
    for (String k : map.keySet()) {
      if (!EeDeltaLayout.MOTION_AXES.contains(k)) {
        throw new IllegalArgumentException(
            field
                + ": found the key '"
                + k
                + "', expected motion axes among "
                + EeDeltaLayout.MOTION_AXES);
      }
      if (map.get(k) == null) {
        throw new IllegalArgumentException(field + "." + k + ": missing, a binding is required");
      }
    }
    return Map.copyOf(map);
  }

  /**
   * Each control may have one job: {@code uses} maps a field path to the control it uses (null
   * entries are skipped).
   */
  static void distinct(Map<String, String> uses, String what) {
    Map<String, String> seen = new HashMap<>();
    List<String> sorted = new ArrayList<>(uses.keySet());
    sorted.sort(null);
    for (String field : sorted) {
      String control = uses.get(field);
      if (control == null) {
        continue;
      }
      String other = seen.putIfAbsent(control, field);
      if (other != null) {
        throw new IllegalArgumentException(
            field + ": " + what + " '" + control + "' is already bound to " + other);
      }
    }
  }
}
