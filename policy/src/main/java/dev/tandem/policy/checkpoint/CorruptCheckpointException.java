package dev.tandem.policy.checkpoint;

import java.nio.file.Path;

/** A checkpoint file that cannot be trusted: truncated, altered or not a checkpoint at all. */
public final class CorruptCheckpointException extends RuntimeException {
  private final Path file;

  public CorruptCheckpointException(Path file, String problem) {
    super("checkpoint " + file + " is corrupted: " + problem);
    this.file = file;
  }

  public CorruptCheckpointException(Path file, String problem, Throwable cause) {
    super("checkpoint " + file + " is corrupted: " + problem, cause);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
