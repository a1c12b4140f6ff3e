package dev.tandem.intervention.operator;

import dev.tandem.core.config.ConfigChecks;

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
}
