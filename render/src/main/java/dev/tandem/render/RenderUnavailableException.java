package dev.tandem.render;

/**
 * No OpenGL context could be made (missing system libraries, no display for a window). The message
 * says what failed and what to install or set.
 */
public final class RenderUnavailableException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public RenderUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public RenderUnavailableException(String message) {
    super(message);
  }
}
