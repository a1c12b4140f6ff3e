package dev.tandem.core.env;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.Observation;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link Environment#step} produced: the action actually applied (after clipping to the
 * spec and the safety limits, which is what gets recorded), the next observation, the reward, the
 * end flags, whether the task's success predicate holds, and, when the episode ended, why.
 *
 * <p>{@code terminated} means the episode ended by the task (success or failure state; no
 * bootstrapping past it); {@code truncated} means it was cut (time limit, blow-up, abort).
 */
public record Transition(
    Action applied,
    Observation observation,
    double reward,
    boolean terminated,
    boolean truncated,
    boolean success,
    Optional<EndReason> endReason,
    String detail) {

  public Transition {
    Objects.requireNonNull(applied, "applied");
    Objects.requireNonNull(observation, "observation");
    endReason = endReason == null ? Optional.empty() : endReason;
    detail = detail == null ? "" : detail;
    if ((terminated || truncated) && endReason.isEmpty()) {
      throw new IllegalArgumentException("an ending transition needs an end reason");
    }
  }

  public boolean done() {
    return terminated || truncated;
  }
}
