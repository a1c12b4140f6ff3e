package dev.tandem.core.safety;

import dev.tandem.core.data.Action;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.JointSpec;
import dev.tandem.core.spec.RobotSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The limits every applied action passes, whoever proposed it: action bounds of the spec, joint
 * position and velocity limits of the robot (for joint modes), and an optional rate limit on how
 * much each element may change from one tick to the next. NaN or infinite elements are replaced by
 * the previous applied value (hold), never passed on. It never throws on an action's content: it
 * returns the safe action and what it had to change, so the caller can report it.
 */
public final class SafetyFilter {

  /** One element the filter changed, and why. */
  public record Violation(String element, double requested, double applied, String reason) {}

  /** The action to apply and the changes made to reach it. */
  public record Result(Action action, List<Violation> violations) {
    public boolean clean() {
      return violations.isEmpty();
    }
  }

  private final ActionSpec spec;
  private final double[] low;
  private final double[] high;
  private final double maxDeltaPerTick;
  private float[] previous;

  /**
   * @param maxDeltaPerTick largest change of any element between consecutive ticks, in action
   *     units; {@code Double.POSITIVE_INFINITY} for none
   */
  public SafetyFilter(RobotSpec robot, ActionSpec spec, double maxDeltaPerTick) {
    this.spec = spec;
    this.maxDeltaPerTick = maxDeltaPerTick;
    this.low = spec.low().clone();
    this.high = spec.high().clone();
    List<JointSpec> joints = robot.joints();
    for (int i = 0; i < Math.min(joints.size(), spec.dim()); i++) {
      JointSpec j = joints.get(i);
      switch (spec.mode()) {
        case JOINT_POSITION -> {
          low[i] = Math.max(low[i], j.lowerPosition());
          high[i] = Math.min(high[i], j.upperPosition());
        }
        case JOINT_VELOCITY -> {
          low[i] = Math.max(low[i], -j.maxVelocity());
          high[i] = Math.min(high[i], j.maxVelocity());
        }
        case EE_DELTA -> {}
      }
    }
    for (int i = 0; i < low.length; i++) {
      if (low[i] > high[i]) {
        throw new IllegalArgumentException(
            "action '"
                + spec.names().get(i)
                + "': spec bounds ["
                + spec.low()[i]
                + ", "
                + spec.high()[i]
                + "] lie outside the robot's limits");
      }
    }
  }

  /** Forgets the previous action (start of an episode); {@code initial} is the hold value. */
  public void reset(Action initial) {
    previous = initial == null ? null : initial.values().clone();
  }

  public Result apply(Action requested) {
    float[] in = requested.values();
    if (in.length != spec.dim()) {
      // wrong size from a device or policy: hold, do not guess
      float[] hold = previous != null ? previous.clone() : new float[spec.dim()];
      return new Result(
          new Action(clampAll(hold)),
          List.of(
              new Violation(
                  "action",
                  in.length,
                  spec.dim(),
                  "expected " + spec.dim() + " values, found " + in.length)));
    }
    float[] out = new float[in.length];
    List<Violation> violations = new ArrayList<>(0);
    for (int i = 0; i < in.length; i++) {
      double v = in[i];
      String name = spec.names().get(i);
      if (!Double.isFinite(v)) {
        double hold = previous != null ? previous[i] : Math.max(low[i], Math.min(high[i], 0.0));
        violations.add(new Violation(name, v, hold, "not a finite number; holding"));
        v = hold;
      }
      if (previous != null && Double.isFinite(maxDeltaPerTick)) {
        double d = v - previous[i];
        if (Math.abs(d) > maxDeltaPerTick) {
          double limited = previous[i] + Math.copySign(maxDeltaPerTick, d);
          violations.add(
              new Violation(name, v, limited, "rate limit " + maxDeltaPerTick + " per tick"));
          v = limited;
        }
      }
      if (v < low[i] || v > high[i]) {
        double c = Math.max(low[i], Math.min(high[i], v));
        violations.add(new Violation(name, v, c, "outside [" + low[i] + ", " + high[i] + "]"));
        v = c;
      }
      out[i] = (float) v;
    }
    previous = out.clone();
    return new Result(new Action(out), violations);
  }

  private float[] clampAll(float[] a) {
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) Math.max(low[i], Math.min(high[i], a[i]));
    }
    return a;
  }
}
