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
 *
 * <p>{@code corrections} is how it intervenes once it has decided to: {@code takeover} (it drives),
 * {@code language} (it says what the robot should do, phrased from its own reference action, and
 * the policy continues under that correction; then it watches again after {@code
 * correctionWaitSteps}), or {@code both} (it speaks first and takes over when the rule fires again
 * within {@code escalateWithinSteps} of its last correction).
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
    Double bias,
    String corrections,
    Integer correctionWaitSteps,
    Integer escalateWithinSteps) {

  /** The {@code corrections} values. */
  public static final java.util.List<String> CHANNELS =
      java.util.List.of("takeover", "language", "both");

  /** The original nine settings; corrections by takeover. */
  public SimulatedOperatorConfig(
      TakeoverRule rule,
      Integer reactionDelaySteps,
      Integer driveSteps,
      Integer onTrackSteps,
      Integer cooldownSteps,
      Integer maxInterventionsPerEpisode,
      Double skill,
      Double noise,
      Double bias) {
    this(
        rule,
        reactionDelaySteps,
        driveSteps,
        onTrackSteps,
        cooldownSteps,
        maxInterventionsPerEpisode,
        skill,
        noise,
        bias,
        null,
        null,
        null);
  }

  public SimulatedOperatorConfig {
    rule = ConfigChecks.orDefault(rule, new StallRule(null, null));
    reactionDelaySteps = ConfigChecks.orDefault(reactionDelaySteps, 2);
    onTrackSteps = ConfigChecks.orDefault(onTrackSteps, 5);
    cooldownSteps = ConfigChecks.orDefault(cooldownSteps, 3);
    maxInterventionsPerEpisode = ConfigChecks.orDefault(maxInterventionsPerEpisode, 10);
    skill = ConfigChecks.orDefault(skill, 1.0);
    noise = ConfigChecks.orDefault(noise, 0.0);
    bias = ConfigChecks.orDefault(bias, 0.0);
    corrections = ConfigChecks.orDefault(corrections, "takeover");
    correctionWaitSteps = ConfigChecks.orDefault(correctionWaitSteps, 8);
    escalateWithinSteps = ConfigChecks.orDefault(escalateWithinSteps, 20);
    if (!CHANNELS.contains(corrections)) {
      throw new IllegalArgumentException(
          "corrections: found '" + corrections + "', expected one of " + CHANNELS);
    }
    ConfigChecks.nonNegative(correctionWaitSteps, "correctionWaitSteps");
    ConfigChecks.nonNegative(escalateWithinSteps, "escalateWithinSteps");
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
        bias,
        corrections,
        correctionWaitSteps,
        escalateWithinSteps);
  }

  public SimulatedOperatorConfig withCorrections(String channel) {
    return new SimulatedOperatorConfig(
        rule,
        reactionDelaySteps,
        driveSteps,
        onTrackSteps,
        cooldownSteps,
        maxInterventionsPerEpisode,
        skill,
        noise,
        bias,
        channel,
        correctionWaitSteps,
        escalateWithinSteps);
  }

  /** True when the operator may speak corrections. */
  public boolean speaks() {
    return !corrections.equals("takeover");
  }
}
