package dev.tandem.runtime.live;

import dev.tandem.core.spec.JointSpec;
import java.util.List;
import java.util.Locale;

/**
 * The operator's warning that a joint is near its limit: of the robot's joints whose position the
 * state carries (as {@code <joint>.pos}), the one nearest a limit when it is within {@link
 * #NEAR_FRACTION} of its range of it, e.g. "panda_joint4: 0.12 rad to its lower limit" (short
 * enough for a 640-pixel window); empty when none is.
 */
final class JointLimitWarning {
  /** A joint this close to a limit, as a fraction of its range, is warned about. */
  static final double NEAR_FRACTION = 0.05;

  private JointLimitWarning() {}

  /** The joint near its limit ({@code joint}, empty if none) and the warning's text. */
  record Near(String joint, String text) {
    static final Near NONE = new Near("", "");
  }

  /** The warning for {@code state}, whose elements are named {@code stateNames}; NONE if none. */
  static Near of(List<JointSpec> joints, List<String> stateNames, float[] state) {
    JointSpec nearest = null;
    double nearestFraction = Double.POSITIVE_INFINITY;
    double nearestGap = 0;
    boolean lower = false;
    for (JointSpec j : joints) {
      int i = stateNames.indexOf(j.name() + ".pos");
      double range = j.upperPosition() - j.lowerPosition();
      if (i < 0 || i >= state.length || !(range > 0) || !Float.isFinite(state[i])) {
        continue;
      }
      double toLower = state[i] - j.lowerPosition();
      double toUpper = j.upperPosition() - state[i];
      double gap = Math.min(toLower, toUpper);
      double fraction = gap / range;
      if (fraction < nearestFraction) {
        nearest = j;
        nearestFraction = fraction;
        nearestGap = gap;
        lower = toLower <= toUpper;
      }
    }
    if (nearest == null || nearestFraction > NEAR_FRACTION) {
      return Near.NONE;
    }
    String unit = nearest.type() == JointSpec.JointType.PRISMATIC ? "m" : "rad";
    return new Near(
        nearest.name(),
        String.format(
            Locale.ROOT,
            "%s: %.2f %s to its %s limit",
            nearest.name(),
            Math.max(0, nearestGap),
            unit,
            lower ? "lower" : "upper"));
  }
}
