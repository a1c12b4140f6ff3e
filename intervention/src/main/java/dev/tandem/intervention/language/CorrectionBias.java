package dev.tandem.intervention.language;

import dev.tandem.core.data.Action;
import java.util.Objects;

/**
 * A correction as the arbiter applies it: {@code bias} is added to the policy's action for {@code
 * horizonSteps} ticks (the safety filter clips the sum to the action bounds; a gripper bias of the
 * full range forces the gripper open or closed whatever the policy says). {@code speedFactor} and
 * {@code flow} cannot be expressed as an additive bias: they are for an arbiter that scales the
 * policy's motion (speed) or holds position (stop) over the same horizon.
 *
 * @param baseDirection unit direction of the motion in the robot base frame (zeros if none)
 * @param distanceMeters total distance the bias adds over the horizon
 */
public record CorrectionBias(
    Action bias,
    int horizonSteps,
    double speedFactor,
    Flow flow,
    double[] baseDirection,
    double distanceMeters) {
  public CorrectionBias {
    Objects.requireNonNull(bias, "bias");
    Objects.requireNonNull(flow, "flow");
    baseDirection = baseDirection.clone();
    if (horizonSteps <= 0) {
      throw new IllegalArgumentException("horizonSteps must be positive, found " + horizonSteps);
    }
  }

  @Override
  public double[] baseDirection() {
    return baseDirection.clone();
  }
}
