package dev.tandem.teleop.device;

import dev.tandem.core.spec.ActionSpec;
import java.util.List;
import java.util.Locale;

/**
 * Where the end-effector delta's parts sit in an {@link ActionSpec}: translation (dx, dy, dz),
 * rotation (droll, dpitch, dyaw) if the spec has it, and the gripper if it has one. Elements are
 * found by name ({@code dx}/{@code x}, {@code droll}/{@code rx}, any name containing {@code
 * gripper}); without such names the first three elements are the translation and, for 4 or 7
 * elements, the last one is the gripper.
 *
 * @param translation indices of dx, dy, dz
 * @param rotation indices of droll, dpitch, dyaw, or -1 each when the spec has no rotation
 * @param gripper index of the gripper command, or -1
 */
public record EeDeltaLayout(ActionSpec spec, int[] translation, int[] rotation, int gripper) {

  /** Element names, in the order of the six motion axes (base-frame translation, rotation). */
  public static final List<String> MOTION_AXES =
      List.of("dx", "dy", "dz", "droll", "dpitch", "dyaw");

  private static final List<List<String>> ALIASES =
      List.of(
          List.of("dx", "x", "delta_x", "ee_dx"),
          List.of("dy", "y", "delta_y", "ee_dy"),
          List.of("dz", "z", "delta_z", "ee_dz"),
          List.of("droll", "rx", "roll", "dax", "wx"),
          List.of("dpitch", "ry", "pitch", "day", "wy"),
          List.of("dyaw", "rz", "yaw", "daz", "wz"));

  /**
   * The layout of {@code spec}.
   *
   * @throws IllegalArgumentException when the spec is not an EE-delta spec with a translation
   */
  public static EeDeltaLayout of(ActionSpec spec) {
    if (spec.mode() != ActionSpec.ActionMode.EE_DELTA) {
      throw new IllegalArgumentException(
          "teleop devices drive end-effector deltas (EE_DELTA); this environment's action mode is "
              + spec.mode());
    }
    List<String> names = spec.names().stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    int[] axes = new int[6];
    for (int a = 0; a < 6; a++) {
      axes[a] = -1;
      for (String alias : ALIASES.get(a)) {
        int i = names.indexOf(alias);
        if (i >= 0) {
          axes[a] = i;
          break;
        }
      }
    }
    int gripper = -1;
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).contains("gripper") || names.get(i).contains("finger")) {
        gripper = i;
        break;
      }
    }
    boolean named = axes[0] >= 0 && axes[1] >= 0 && axes[2] >= 0;
    if (!named) {
      if (spec.dim() < 3) {
        throw new IllegalArgumentException(
            "an EE_DELTA action needs dx, dy, dz; the spec has only " + spec.names());
      }
      axes[0] = 0;
      axes[1] = 1;
      axes[2] = 2;
      if (gripper < 0 && (spec.dim() == 4 || spec.dim() == 7)) {
        gripper = spec.dim() - 1;
      }
      if (spec.dim() >= 6 && axes[3] < 0 && axes[4] < 0 && axes[5] < 0) {
        axes[3] = 3;
        axes[4] = 4;
        axes[5] = 5;
      }
    }
    int[] rotation = {axes[3], axes[4], axes[5]};
    return new EeDeltaLayout(spec, new int[] {axes[0], axes[1], axes[2]}, rotation, gripper);
  }

  /** The index of motion axis {@code a} (0..5 as in {@link #MOTION_AXES}), or -1. */
  public int motionIndex(int a) {
    return a < 3 ? translation[a] : rotation[a - 3];
  }

  public boolean hasGripper() {
    return gripper >= 0;
  }

  /** The gripper value that opens (the upper bound) and the one that closes (the lower bound). */
  public float gripperOpen() {
    return hasGripper() ? (float) spec.high()[gripper] : 0f;
  }

  public float gripperClosed() {
    return hasGripper() ? (float) spec.low()[gripper] : 0f;
  }

  public int dim() {
    return spec.dim();
  }
}
