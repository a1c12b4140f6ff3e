package dev.tandem.sim;

import dev.tandem.core.scene.CameraSpec;
import dev.tandem.core.scene.SceneDescription;
import dev.tandem.render.OffscreenRenderer;

/** Factories for the renderer behind the simulator's cameras. */
public final class Cameras {
  private Cameras() {}

  /**
   * The render module's headless OpenGL renderer, owned by the calling thread (render and close on
   * that thread).
   *
   * @throws dev.tandem.render.RenderUnavailableException when no OpenGL context can be made (the
   *     message names the system packages to install)
   */
  public static FrameRenderer offscreen() {
    OffscreenRenderer renderer = OffscreenRenderer.create();
    return new FrameRenderer() {
      @Override
      public void render(SceneDescription scene, CameraSpec camera, byte[] out) {
        renderer.render(scene, camera, out);
      }

      @Override
      public void close() {
        renderer.close();
      }
    };
  }
}
