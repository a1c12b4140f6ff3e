package dev.tandem.intervention.operator;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.core.data.Action;
import dev.tandem.core.env.TaskOracle;
import java.util.SplittableRandom;

/**
 * Take over when task progress has not risen by more than {@code minProgress} over the last {@code
 * windowSteps} steps (stalled or going backward), like a person who sees the robot stuck.
 */
public record StallRule(Integer windowSteps, Double minProgress) implements TakeoverRule {
  public StallRule {
    windowSteps = ConfigChecks.orDefault(windowSteps, 8);
    minProgress = ConfigChecks.orDefault(minProgress, 0.01);
    ConfigChecks.positive(windowSteps, "windowSteps");
    ConfigChecks.inRange(minProgress, 0.0, 1.0, "minProgress");
  }

  @Override
  public Watcher newEpisode() {
    return new Watcher() {
      private final double[] history = new double[windowSteps + 1];
      private int ticks;

      @Override
      public void observe(double progress) {
        history[ticks % history.length] = progress;
        ticks++;
      }

      @Override
      public boolean wantsControl(Action proposed, TaskOracle oracle, SplittableRandom rng) {
        if (ticks <= windowSteps) {
          return false;
        }
        double now = history[(ticks - 1) % history.length];
        double then = history[ticks % history.length];
        return now >= 1.0 ? false : now - then < minProgress;
      }
    };
  }
}
