package dev.tandem.core.store;

import java.nio.file.Path;
import java.util.List;

/**
 * The result of {@link DatasetVerifier#verify}: the dataset-level problems and one check per
 * episode file.
 */
public record VerifyReport(
    Path directory, int formatVersion, List<String> datasetProblems, List<EpisodeCheck> episodes) {

  public VerifyReport {
    datasetProblems = List.copyOf(datasetProblems);
    episodes = List.copyOf(episodes);
  }

  /** Outcome of checking one episode file. */
  public enum Result {
    /** Every record is whole and checksum-valid, and the episode has its end record. */
    OK,
    /** Every record is valid but the episode was never ended (it will be sealed on open). */
    INCOMPLETE,
    /** The file ends inside a record: the tail after {@code offset} is cut on the next open. */
    TORN_TAIL,
    /** A damaged record at {@code offset} with valid records after it. */
    CORRUPTED,
    /** The file header is damaged or missing. */
    UNREADABLE
  }

  /**
   * One episode file. {@code offset} is the byte offset of the torn tail or damaged record (-1 when
   * none); {@code readableSteps} are the steps before it.
   */
  public record EpisodeCheck(
      long episodeId,
      Path file,
      Result result,
      int readableSteps,
      long fileBytes,
      long offset,
      String reason) {

    @Override
    public String toString() {
      return switch (result) {
        case OK -> "episode " + episodeId + ": ok, " + readableSteps + " steps";
        case INCOMPLETE ->
            "episode " + episodeId + ": incomplete (never ended), " + readableSteps + " steps";
        case TORN_TAIL ->
            "episode "
                + episodeId
                + ": torn tail cut at offset "
                + offset
                + " ("
                + (fileBytes - offset)
                + " bytes, "
                + reason
                + "), "
                + readableSteps
                + " steps readable";
        case CORRUPTED ->
            "episode "
                + episodeId
                + ": corrupted at record offset "
                + offset
                + " of "
                + file.getFileName()
                + ": "
                + reason
                + "; "
                + readableSteps
                + " steps before it are readable";
        case UNREADABLE -> "episode " + episodeId + ": unreadable: " + reason;
      };
    }
  }

  /** True when every episode is OK or INCOMPLETE and the dataset files are sound. */
  public boolean ok() {
    return datasetProblems.isEmpty()
        && episodes.stream()
            .allMatch(e -> e.result() == Result.OK || e.result() == Result.INCOMPLETE);
  }

  public long count(Result r) {
    return episodes.stream().filter(e -> e.result() == r).count();
  }
}
