package dev.tandem.core.data;

import java.util.List;
import java.util.Objects;

/**
 * A whole recorded episode: its metadata, its steps in order, the observation after the last step
 * (absent when the recording was cut), and how it ended.
 */
public record Episode(
    long id,
    EpisodeMeta meta,
    List<Step> steps,
    java.util.Optional<Observation> finalObservation,
    EpisodeOutcome outcome) {
  public Episode {
    Objects.requireNonNull(meta, "meta");
    steps = List.copyOf(steps);
    finalObservation = finalObservation == null ? java.util.Optional.empty() : finalObservation;
    Objects.requireNonNull(outcome, "outcome");
  }

  public int length() {
    return steps.size();
  }

  /** Number of distinct interventions (takeovers or corrections) in the episode. */
  public long interventionCount() {
    return steps.stream()
        .filter(Step::isIntervention)
        .mapToInt(Step::interventionId)
        .distinct()
        .count();
  }

  /** Number of steps where a person was in control. */
  public long humanSteps() {
    return steps.stream().filter(s -> s.source().isHumanCorrection()).count();
  }
}
