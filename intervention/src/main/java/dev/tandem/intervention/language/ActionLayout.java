package dev.tandem.intervention.language;

import dev.tandem.core.spec.ActionSpec;
import java.util.List;
import java.util.Locale;

/**
 * Where dx, dy, dz and the gripper sit in an EE-delta {@link ActionSpec}: by name ({@code dx} or
 * {@code x}, any name containing {@code gripper}), else the first three elements and, for 4 or 7
 * elements, the last one. The same convention as teleop's devices.
 */
record ActionLayout(int[] translation, int gripper) {
  static ActionLayout of(ActionSpec spec) {
    if (spec.mode() != ActionSpec.ActionMode.EE_DELTA) {
      throw new IllegalArgumentException(
          "language corrections bias end-effector deltas (EE_DELTA); this environment's action"
              + " mode is "
              + spec.mode());
    }
    List<String> names = spec.names().stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    int[] t = {index(names, "dx", "x"), index(names, "dy", "y"), index(names, "dz", "z")};
    int gripper = -1;
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).contains("gripper") || names.get(i).contains("finger")) {
        gripper = i;
        break;
      }
    }
    if (t[0] < 0 || t[1] < 0 || t[2] < 0) {
      if (spec.dim() < 3) {
        throw new IllegalArgumentException(
            "an EE_DELTA action needs dx, dy, dz; the spec has only " + spec.names());
      }
      t = new int[] {0, 1, 2};
      if (gripper < 0 && (spec.dim() == 4 || spec.dim() == 7)) {
        gripper = spec.dim() - 1;
      }
    }
    return new ActionLayout(t, gripper);
  }

  private static int index(List<String> names, String a, String b) {
    int i = names.indexOf(a);
    return i >= 0 ? i : names.indexOf(b);
  }
}
