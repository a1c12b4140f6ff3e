package dev.tandem.core.store;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A dataset cannot be used as asked: not a dataset, a newer format, locked by another writer, or a
 * write that failed. The message names the file and what was expected; {@link #file()} gives the
 * file where one is known.
 */
public class EpisodeStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  public EpisodeStoreException(Path file, String message) {
    super(message);
    this.file = file;
  }

  public EpisodeStoreException(Path file, String message, Throwable cause) {
    super(message, cause);
    this.file = file;
  }

  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }
}
