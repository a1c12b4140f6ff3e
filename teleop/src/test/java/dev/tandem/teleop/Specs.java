package dev.tandem.teleop;

import dev.tandem.core.spec.ActionSpec;
import java.util.List;

/** Action specs for tests. */
public final class Specs {
  private Specs() {}

  /** dx, dy, dz, gripper in [-1, 1] (panda-gym style). */
  public static ActionSpec eeDelta4() {
    return new ActionSpec(
        ActionSpec.ActionMode.EE_DELTA,
        List.of("dx", "dy", "dz", "gripper"),
        new double[] {-1, -1, -1, -1},
        new double[] {1, 1, 1, 1});
  }

  /** dx, dy, dz, droll, dpitch, dyaw, gripper. */
  public static ActionSpec eeDelta7() {
    return new ActionSpec(
        ActionSpec.ActionMode.EE_DELTA,
        List.of("dx", "dy", "dz", "droll", "dpitch", "dyaw", "gripper"),
        new double[] {-1, -1, -1, -1, -1, -1, -1},
        new double[] {1, 1, 1, 1, 1, 1, 1});
  }
}
