package dev.tandem.runtime.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Output directories, checked before any work so that nothing fails only at the end. */
final class Outputs {
  private Outputs() {}

  /**
   * Creates {@code dir} if missing and checks a file can be created in it; refuses a path that is a
   * file, or a directory that cannot be written (permissions, a read-only file system, a full
   * disk), naming the option and the reason.
   */
  static Path writableDirectory(Path dir, String option) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UserException(
          option + " " + dir + ": is a file, expected a directory (or a path to create one at)");
    }
    try {
      Files.createDirectories(dir);
      Files.delete(Files.createTempFile(dir, ".tandem-write-check", ""));
    } catch (IOException e) {
      throw new UserException(
          option + " " + dir + ": cannot write there: " + Failures.describe(e), e);
    }
    return dir;
  }
}
