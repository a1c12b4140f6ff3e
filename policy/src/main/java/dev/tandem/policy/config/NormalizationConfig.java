package dev.tandem.policy.config;

import java.util.Objects;

/**
 * How observations and actions are normalized; statistics come from the training data and are
 * stored with the model. {@code floor} bounds a scale from below (a constant feature does not blow
 * up).
 */
public record NormalizationConfig(Kind observation, Kind action, double floor) {

  /** A normalization scheme. */
  public enum Kind {
    /** Unchanged. */
    NONE,
    /** (x - mean) / max(std, floor). */
    MEAN_STD,
    /** Maps [min, max] to [-1, 1]: (x - mid) / max(halfRange, floor). */
    MIN_MAX
  }

  public NormalizationConfig {
    Objects.requireNonNull(
        observation, "normalization.observation: expected none, mean_std or min_max");
    Objects.requireNonNull(action, "normalization.action: expected none, mean_std or min_max");
    if (!(floor > 0) || floor > 1) {
      throw new IllegalArgumentException("normalization.floor: expected (0, 1], found " + floor);
    }
  }

  /** Observations by mean/std, actions by min/max to [-1, 1], floor 1e-2. */
  public static NormalizationConfig defaults() {
    return new NormalizationConfig(Kind.MEAN_STD, Kind.MIN_MAX, 1e-2);
  }
}
