package dev.tandem.core.store;

import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.EpisodeMeta;
import dev.tandem.core.data.EpisodeOutcome;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The store's index of one episode: where its records are. Immutable; replaced when the episode
 * ends. {@code writer} is set only while recording.
 */
record EpisodeEntry(
    long id,
    Path file,
    EpisodeMeta meta,
    EpisodeStatus status,
    EpisodeOutcome outcome,
    long[] stepOffsets,
    long endOffset,
    boolean hasFinal,
    long validEnd,
    long fileBytes,
    long[] sourceCounts,
    String problem,
    EpisodeWriter writer) {

  static EpisodeEntry recording(long id, Path file, EpisodeMeta meta, EpisodeWriter writer) {
    return new EpisodeEntry(
        id,
        file,
        meta,
        EpisodeStatus.RECORDING,
        null,
        new long[0],
        -1,
        false,
        0,
        0,
        new long[StoreFormat.SOURCE_CODES],
        null,
        writer);
  }

  int steps() {
    return status == EpisodeStatus.RECORDING ? writer.appendedSteps() : stepOffsets.length;
  }

  /** Readable by views and readers: not recording and with metadata. */
  boolean readable() {
    return status != EpisodeStatus.RECORDING && meta != null;
  }

  /** Steps that have a known next state (all but the last one when no final observation). */
  int samples() {
    int n = stepOffsets.length;
    return hasFinal ? n : Math.max(0, n - 1);
  }

  EpisodeSummary summary() {
    long[] counts = status == EpisodeStatus.RECORDING ? writer.sourceCounts() : sourceCounts;
    Map<ControlSource, Long> bySource = new EnumMap<>(ControlSource.class);
    for (ControlSource s : ControlSource.values()) {
      bySource.put(s, counts[StoreFormat.sourceCode(s)]);
    }
    return new EpisodeSummary(
        id,
        file,
        Optional.ofNullable(meta),
        status,
        Optional.ofNullable(outcome),
        steps(),
        bySource,
        status == EpisodeStatus.RECORDING ? writer.bytesAppended() : fileBytes,
        hasFinal,
        Optional.ofNullable(problem));
  }
}
