package dev.tandem.intervention.operator;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.tandem.core.config.ConfigChecks;
import dev.tandem.core.config.YamlEnums;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.List;

/**
 * A simulated operator that watches like a person: it decides to take over by {@code rule}, reacts
 * {@code reactionDelaySteps} later, drives with the task expert as its reference (with its own
 * {@code skill}, {@code noise} and {@code bias}) until the task is back on track for {@code
 * onTrackSteps} steps or for a fixed {@code driveSteps} (when set), then hands back and watches
 * again after {@code cooldownSteps}.
 *
 * <p>{@code skill} in [0, 1] scales the operator's mistakes, of the kind {@code mistakes} names:
 *
 * <ul>
 *   <li>{@code random} (default): at each step it acts on a mistaken impulse (a random action in
 *       the action bounds) with probability 1 - skill. Such slips average out when a policy
 *       imitates the operator, so imitation still learns the expert.
 *   <li>{@code systematic}: every action it drives is the expert's plus (1 - skill) times {@code
 *       misjudgement} (one value per action dimension, in action units; missing trailing values are
 *       0) — a consistent error, like a person who misjudges depth from where they stand. Imitation
 *       learns the error with the rest; the operator's judgement of when to take over stays the
 *       task's (it sees whether the robot is getting there), which is RLIF's premise: recognising a
 *       bad action is easier than executing a good one.
 * </ul>
 *
 * On top of either, Gaussian {@code noise} (std, in action units) and a constant {@code bias} on
 * every axis.
 *
 * <p>{@code corrections} is how it intervenes once it has decided to: {@code takeover} (it drives),
 * {@code language} (it says what the robot should do, phrased from its own reference action, and
 * the policy continues under that correction; then it watches again after {@code
 * correctionWaitSteps}), or {@code both} (it speaks first and takes over when the rule fires again
 * within {@code escalateWithinSteps} of its last correction).
 */
@RecordBuilder
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
    Corrections corrections,
    Integer correctionWaitSteps,
    Integer escalateWithinSteps,
    Mistakes mistakes,
    List<Double> misjudgement)
    implements SimulatedOperatorConfigBuilder.With {

  /** How the operator intervenes once it has decided to ({@code corrections:}). */
  public enum Corrections {
    /** It drives. */
    TAKEOVER,
    /** It says what the robot should do. */
    LANGUAGE,
    /** It speaks first and takes over when that did not help. */
    BOTH;

    @JsonCreator
    public static Corrections of(String yamlName) {
      return YamlEnums.parse(Corrections.class, yamlName);
    }

    @JsonValue
    @Override
    public String toString() {
      return YamlEnums.name(this);
    }
  }

  /** How a less skilled operator errs ({@code mistakes:}). */
  public enum Mistakes {
    /** Independent noise on its reference actions. */
    RANDOM,
    /** A consistent error ({@code misjudgement}) scaled by its lack of skill. */
    SYSTEMATIC;

    @JsonCreator
    public static Mistakes of(String yamlName) {
      return YamlEnums.parse(Mistakes.class, yamlName);
    }

    @JsonValue
    @Override
    public String toString() {
      return YamlEnums.name(this);
    }
  }

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
    corrections = ConfigChecks.orDefault(corrections, Corrections.TAKEOVER);
    correctionWaitSteps = ConfigChecks.orDefault(correctionWaitSteps, 8);
    escalateWithinSteps = ConfigChecks.orDefault(escalateWithinSteps, 20);
    mistakes = ConfigChecks.orDefault(mistakes, Mistakes.RANDOM);
    misjudgement = misjudgement == null ? List.of() : List.copyOf(misjudgement);
    for (Double m : misjudgement) {
      ConfigChecks.inRange(m, -10.0, 10.0, "misjudgement");
    }
    if (mistakes == Mistakes.SYSTEMATIC && misjudgement.stream().allMatch(m -> m == 0.0)) {
      throw new IllegalArgumentException(
          "misjudgement: missing or all zero, expected the systematic error at skill 0, one value"
              + " per action dimension in action units (e.g. [0.0, 0.5, 0.0]) for mistakes:"
              + " systematic");
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

  /**
   * This operator driving every step of an episode from the first ({@link AlwaysRule}, no reaction
   * delay, takeover only): what it achieves on its own.
   */
  public SimulatedOperatorConfig alone() {
    return with(
        b -> b.rule(new AlwaysRule()).reactionDelaySteps(0).corrections(Corrections.TAKEOVER));
  }

  /** True when the operator may speak corrections. */
  public boolean speaks() {
    return corrections != Corrections.TAKEOVER;
  }
}
