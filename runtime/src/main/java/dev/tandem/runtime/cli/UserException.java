package dev.tandem.runtime.cli;

/**
 * A problem the user can fix (bad argument, missing file, refused checkpoint). The CLI prints its
 * message alone, without a stack trace unless {@code --verbose}, and exits with code 2.
 */
public final class UserException extends RuntimeException {
  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
