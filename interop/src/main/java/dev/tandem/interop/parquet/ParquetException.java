package dev.tandem.interop.parquet;

import java.nio.file.Path;

/** A parquet file that cannot be read or written as asked; the message names file and column. */
public final class ParquetException extends RuntimeException {
  private final transient Path file;

  public ParquetException(Path file, String message, Throwable cause) {
    super(message, cause);
    this.file = file;
  }

  public ParquetException(Path file, String message) {
    this(file, message, null);
  }

  public Path file() {
    return file;
  }
}
