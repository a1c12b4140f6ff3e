package dev.tandem.core.data;

import java.util.List;
import java.util.Objects;

/**
 * One control tick as recorded: the observation the decision was made on, what the policy proposed,
 * what was actually applied (after arbitration and the safety filter), who was in control, the
 * intervention it belongs to ({@code interventionId}, -1 when none), the reward and end flags that
 * followed, any language corrections received during the tick, and its time.
 *
 * <p>The policy keeps proposing while a person drives, so {@code proposed} is always present; for
 * scripted demonstrations it equals {@code applied}.
 */
public record Step(
    int index,
    Observation observation,
    Action proposed,
    Action applied,
    ControlSource source,
    int interventionId,
    float reward,
    boolean terminated,
    boolean truncated,
    List<LanguageEvent> language,
    long stampNanos) {

  public static final int NO_INTERVENTION = -1;

  public Step {
    if (index < 0) {
      throw new IllegalArgumentException("step index must be >= 0, found " + index);
    }
    Objects.requireNonNull(observation, "observation");
    Objects.requireNonNull(proposed, "proposed");
    Objects.requireNonNull(applied, "applied");
    Objects.requireNonNull(source, "source");
    language = language == null ? List.of() : List.copyOf(language);
  }

  public boolean isIntervention() {
    return interventionId != NO_INTERVENTION;
  }

  public boolean done() {
    return terminated || truncated;
  }

  /** This step with another observation (everything else as recorded). */
  public Step withObservation(Observation o) {
    return new Step(
        index,
        o,
        proposed,
        applied,
        source,
        interventionId,
        reward,
        terminated,
        truncated,
        language,
        stampNanos);
  }
}
