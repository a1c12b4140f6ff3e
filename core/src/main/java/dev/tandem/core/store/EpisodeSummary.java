package dev.tandem.core.store;

import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.EpisodeMeta;
import dev.tandem.core.data.EpisodeOutcome;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the store knows about one episode without reading its steps: metadata (absent only when the
 * file's header or meta record is damaged), status, outcome (absent while recording), the number of
 * readable steps and how many of them each control source drove, the file and its size, whether a
 * final observation was recorded, and the problem found when the status is {@link
 * EpisodeStatus#CORRUPTED} or {@link EpisodeStatus#INCOMPLETE}.
 */
public record EpisodeSummary(
    long id,
    Path file,
    Optional<EpisodeMeta> meta,
    EpisodeStatus status,
    Optional<EpisodeOutcome> outcome,
    int steps,
    Map<ControlSource, Long> stepsBySource,
    long fileBytes,
    boolean hasFinalObservation,
    Optional<String> problem) {

  public EpisodeSummary {
    stepsBySource = Map.copyOf(stepsBySource);
  }
}
