package dev.tandem.intervention.operator;

import dev.tandem.core.config.ConfigChecks;

/**
 * A simulated operator that watches like a person: it decides to take over by {@code rule}, reacts
 * {@code reactionDelaySteps} later, drives with the task expert as its reference (with its own
 * {@code skill}, {@code noise} and {@code bias}) until the task is back on track for {@code
 * onTrackSteps} steps or for a fixed {@code driveSteps} (when set), then hands back and watches
 * again after {@code cooldownSteps}.
 *
 * <p>{@code skill} in [0, 1]: at each step the operator acts on a mistaken impulse (a random action
 * in the action bounds) with probability 1 - skill, otherwise the expert's action plus Gaussian
 * {@code noise} (std, in action units) and a constant {@code bias} on every axis.
 */
public record SimulatedOperatorConfig(
    TakeoverRule rule,
    Integer reactionDelaySteps,
    Integer driveSteps,
    Integer onTrackSteps,
    Integer cooldownSteps,
    Integer maxInterventionsPerEpisode,
    Double skill,
    Double noise,
    Double bias) {

  public SimulatedOperatorConfig {
    rule = ConfigChecks.orDefault(rule, new StallRule(null, null));
    reactionDelaySteps = ConfigChecks.orDefault(reactionDelaySteps, 2);
    onTrackSteps = ConfigChecks.orDefault(onTrackSteps, 5);
    cooldownSteps = ConfigChecks.orDefault(cooldownSteps, 3);
    maxInterventionsPerEpisode = ConfigChecks.orDefault(maxInterventionsPerEpisode, 10);
    skill = ConfigChecks.orDefault(skill, 1.0);
    noise = ConfigChecks.orDefault(noise, 0.0);
    bias = ConfigChecks.orDefault(bias, 0.0);
    ConfigChecks.nonNegative(reactionDelaySteps, "reactionDelaySteps");
    if (driveSteps != null) {
      ConfigChecks.positive(driveSteps, "driveSteps");
    }
    ConfigChecks.positive(onTrackSteps, "onTrackSteps");
    ConfigChecks.nonNegative(cooldownSteps, "cooldownSteps");
    ConfigChecks.nonNegative(maxInterventionsPerEpisode, "maxInterventionsPerEpisode");
    ConfigChecks.inRange(skill, 0.0, 1.0, "skill");
    ConfigChecks.inRange(noise, 0.0, 10.0, "noise");
    ConfigChecks.inRange(bias, -10.0, 10.0, "bias");
  }

  public static SimulatedOperatorConfig defaults() {
    return new SimulatedOperatorConfig(null, null, null, null, null, null, null, null, null);
  }

  public SimulatedOperatorConfig withSkill(double s) {
    return new SimulatedOperatorConfig(
        rule,
        reactionDelaySteps,
        driveSteps,
        onTrackSteps,
        cooldownSteps,
        maxInterventionsPerEpisode,
        s,
        noise,
        bias);
  }
}
