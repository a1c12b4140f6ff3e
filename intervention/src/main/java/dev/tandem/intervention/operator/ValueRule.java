package dev.tandem.intervention.operator;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.core.data.Action;
import dev.tandem.core.env.TaskOracle;
import java.util.SplittableRandom;

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

  @Override
  public Watcher newEpisode() {
    return new Watcher() {
      private int badValueStreak;

      @Override
      public boolean wantsControl(Action proposed, TaskOracle oracle, SplittableRandom rng) {
        badValueStreak =
            SimulatedOperator.valueFraction(proposed, oracle) < fraction ? badValueStreak + 1 : 0;
        return badValueStreak >= confirmSteps && rng.nextDouble() < probability;
      }

      @Override
      public void restart() {
        badValueStreak = 0;
      }
    };
  }

  /** The operator hands back when the policy reaches the same share it takes over below. */
  @Override
  public double handBackFraction() {
    return fraction;
  }
}
