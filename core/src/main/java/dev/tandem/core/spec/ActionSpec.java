package dev.tandem.core.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How an environment is commanded: the action mode and, per element, its name and bounds. An {@link
 * dev.tandem.core.data.Action} has exactly {@link #dim()} values; values outside the bounds are
 * clipped by the safety filter before they are applied.
 */
public record ActionSpec(ActionMode mode, List<String> names, double[] low, double[] high) {

  /** How action values are interpreted. */
  public enum ActionMode {
    /** Absolute joint position targets (rad or m), plus a gripper command if present. */
    JOINT_POSITION,
    /** Joint velocities (rad/s or m/s), plus a gripper command if present. */
    JOINT_VELOCITY,
    /**
     * End-effector delta: (dx, dy, dz) in [-1, 1] scaled to the per-step limit, optional rotation,
     * and the gripper command in [-1 close, 1 open].
     */
    EE_DELTA
  }

  /**
   * How far a gripper command of 1 changes the finger width in one step (m), as in panda-gym: the
   * sim and the robot bridge read a gripper action alike.
   */
  public static final double GRIPPER_STEP_METERS = 0.2;

  public ActionSpec {
    Objects.requireNonNull(mode, "mode");
    names = List.copyOf(names);
    if (low.length != names.size() || high.length != names.size()) {
      throw new IllegalArgumentException(
          "action spec: "
              + names.size()
              + " names but "
              + low.length
              + " lower and "
              + high.length
              + " upper bounds");
    }
    for (int i = 0; i < low.length; i++) {
      if (!(low[i] <= high[i])) {
        throw new IllegalArgumentException(
            "action '" + names.get(i) + "': lower bound " + low[i] + " above upper " + high[i]);
      }
    }
    low = low.clone();
    high = high.clone();
  }

  public int dim() {
    return names.size();
  }

  /** The feature spec of the {@code action} key. */
  public FeatureSpec feature() {
    return FeatureSpec.vector(FeatureSpec.ACTION, dim(), mode.name().toLowerCase(), names);
  }

  /** Clips values into the bounds; NaN becomes 0 clipped into the bounds. Returns a new array. */
  public float[] clip(float[] values) {
    if (values.length != dim()) {
      throw new IllegalArgumentException(
          "action has " + values.length + " values, spec " + mode + " expects " + dim());
    }
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      double v = Float.isNaN(values[i]) ? 0.0 : values[i];
      out[i] = (float) Math.max(low[i], Math.min(high[i], v));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ActionSpec a
        && mode == a.mode
        && names.equals(a.names)
        && Arrays.equals(low, a.low)
        && Arrays.equals(high, a.high);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mode, names, Arrays.hashCode(low), Arrays.hashCode(high));
  }

  @Override
  public String toString() {
    return "ActionSpec[" + mode + " " + names + "]";
  }
}
