package dev.tandem.intervention.operator;

import dev.tandem.core.config.ConfigChecks;

/**
 * RLIF's simulated expert: take over, with probability {@code probability}, when the policy's
 * action achieves less than {@code fraction} of the improvement the expert's own action would (both
 * measured by the expert's value, relative to doing nothing), for {@code confirmSteps} consecutive
 * steps.
 */
public record ValueRule(Double fraction, Double probability, Integer confirmSteps)
    implements TakeoverRule {
  public ValueRule {
    fraction = ConfigChecks.orDefault(fraction, 0.5);
    probability = ConfigChecks.orDefault(probability, 0.95);
    confirmSteps = ConfigChecks.orDefault(confirmSteps, 3);
    ConfigChecks.inRange(fraction, 0.0, 1.0, "fraction");
    ConfigChecks.inRange(probability, 0.0, 1.0, "probability");
    ConfigChecks.positive(confirmSteps, "confirmSteps");
  }
}
