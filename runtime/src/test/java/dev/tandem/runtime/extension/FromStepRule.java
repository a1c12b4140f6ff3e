package dev.tandem.runtime.extension;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.core.data.Action;
import dev.tandem.core.env.TaskOracle;
import dev.tandem.intervention.operator.TakeoverRule;
import java.util.SplittableRandom;

/**
 * A simulated-operator rule added from the test tree ({@code type: from-step}): the operator wants
 * control from tick {@code step} of an episode on, whatever the policy does.
 */
public record FromStepRule(int step) implements TakeoverRule {
  public FromStepRule {
    ConfigChecks.positive(step, "step");
  }

  @Override
  public Watcher newEpisode() {
    return new Watcher() {
      private int ticks;

      @Override
      public void observe(double progress) {
        ticks++;
      }

      @Override
      public boolean wantsControl(Action proposed, TaskOracle oracle, SplittableRandom rng) {
        return ticks >= step;
      }
    };
  }
}
