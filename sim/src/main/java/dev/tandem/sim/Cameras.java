package dev.tandem.sim;

/** Factories for the renderer behind the simulator's cameras. */
public final class Cameras {
  private Cameras() {}

  /**
   * The render module's headless OpenGL renderer.
   *
   * @throws UnsupportedOperationException until the render module provides it
   */
  public static FrameRenderer offscreen() {
    throw new UnsupportedOperationException(
        "cameras need the render module's OffscreenRenderer, which is not available in this"
            + " build; configure no cameras (state-only observations)");
  }
}
