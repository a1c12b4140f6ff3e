package dev.tandem.render;

/**
 * Checks whether this machine can render: headless camera images (an EGL context, no display) and
 * the operator's viewer (a GLFW window on an X display). Each check makes and frees what it tests.
 */
public final class RenderProbe {
  private RenderProbe() {}

  /** The outcome of one check: what was found, or why it failed and what to do about it. */
  public record Outcome(boolean available, String detail) {}

  /** Makes a headless renderer on the calling thread and frees it. */
  public static Outcome headlessCameras() {
    try (OffscreenRenderer renderer = OffscreenRenderer.create()) {
      return new Outcome(true, renderer.glRenderer());
    } catch (RenderUnavailableException e) {
      return new Outcome(false, e.getMessage());
    }
  }

  /** Initialises GLFW on the X display named by {@code DISPLAY} and lets it go. */
  public static Outcome display() {
    try {
      GlfwSession.acquire();
    } catch (RenderUnavailableException e) {
      return new Outcome(false, e.getMessage());
    }
    GlfwSession.release();
    return new Outcome(true, "X display " + System.getenv("DISPLAY"));
  }
}
