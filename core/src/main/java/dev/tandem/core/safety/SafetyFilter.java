package dev.tandem.core.safety;

import dev.tandem.core.data.Action;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.spec.JointSpec;
import dev.tandem.core.spec.RobotSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The limits every applied action passes, whoever proposed it: action bounds of the spec, joint
 * position and velocity limits of the robot (for joint modes), and per-tick motion limits from the
 * robot's speed limits at the control rate ({@link #forEnvironment}). NaN or infinite elements are
 * replaced by the previous applied value (hold), never passed on. It never throws on an action's
 * content: it returns the safe action and what it had to change, so the caller can report it.
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
  private final double[] maxDeltaPerTick;
  private final double maxTranslationPerTick;
  private float[] previous;

  /**
   * @param maxDeltaPerTick per element, the largest change between consecutive ticks in action
   *     units ({@code Double.POSITIVE_INFINITY}: none)
   * @param maxTranslationPerTick for end-effector deltas, the largest length of (dx, dy, dz) in
   *     action units ({@code Double.POSITIVE_INFINITY}: none)
   */
  private SafetyFilter(
      RobotSpec robot, ActionSpec spec, double[] maxDeltaPerTick, double maxTranslationPerTick) {
    this.spec = spec;
    this.maxDeltaPerTick = maxDeltaPerTick.clone();
    this.maxTranslationPerTick = maxTranslationPerTick;
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

  /**
   * The filter for {@code env}'s robot, with per-tick limits from the robot spec at the
   * environment's control rate (one tick lasts {@code 1 / controlRateHz} of the robot's time):
   *
   * <ul>
   *   <li>joint positions: each joint's target moves at most its velocity limit times the tick;
   *   <li>joint velocities: the velocity limits bound the values (the spec has no acceleration
   *       limits, so there is no per-tick limit on their change);
   *   <li>end-effector deltas: the translation (dx, dy, dz) is at most the robot's Cartesian speed
   *       limit times the tick long, in action units of {@link EnvironmentSpec#EE_STEP_METERS}
   *       metres (scaled down, direction kept); without that parameter there is no such limit.
   * </ul>
   *
   * The gripper and rotation elements have no per-tick limit.
   */
  public static SafetyFilter forEnvironment(EnvironmentSpec env) {
    ActionSpec action = env.action();
    RobotSpec robot = env.robot();
    double tickSeconds = 1.0 / env.controlRateHz();
    double[] perTick = new double[action.dim()];
    Arrays.fill(perTick, Double.POSITIVE_INFINITY);
    double translation = Double.POSITIVE_INFINITY;
    switch (action.mode()) {
      case JOINT_POSITION -> {
        for (int i = 0; i < Math.min(robot.dof(), action.dim()); i++) {
          perTick[i] = robot.joints().get(i).maxVelocity() * tickSeconds;
        }
      }
      case EE_DELTA -> {
        double metersPerUnit = env.eeStepMeters();
        if (metersPerUnit > 0 && action.dim() >= 3) {
          translation = robot.cartesianLimits().maxLinearSpeed() * tickSeconds / metersPerUnit;
        }
      }
      case JOINT_VELOCITY -> {}
    }
    return new SafetyFilter(robot, action, perTick, translation);
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
      double maxDelta = maxDeltaPerTick[i];
      if (previous != null && Double.isFinite(maxDelta)) {
        double d = v - previous[i];
        if (Math.abs(d) > maxDelta) {
          double limited = previous[i] + Math.copySign(maxDelta, d);
          violations.add(new Violation(name, v, limited, "rate limit " + maxDelta + " per tick"));
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
    limitTranslation(out, violations);
    previous = out.clone();
    return new Result(new Action(out), violations);
  }

  /** Scales (dx, dy, dz) down to the per-tick translation limit, keeping its direction. */
  private void limitTranslation(float[] a, List<Violation> violations) {
    if (!Double.isFinite(maxTranslationPerTick)) {
      return;
    }
    double length = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
    if (length <= maxTranslationPerTick) {
      return;
    }
    double scale = maxTranslationPerTick / length;
    for (int i = 0; i < 3; i++) {
      a[i] = (float) (a[i] * scale);
    }
    violations.add(
        new Violation(
            "translation",
            length,
            maxTranslationPerTick,
            "longer than the robot's Cartesian speed limit allows per tick"));
  }

  private float[] clampAll(float[] a) {
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) Math.max(low[i], Math.min(high[i], a[i]));
    }
    return a;
  }
}
