package dev.tandem.sim;

import dev.tandem.core.scene.CameraSpec;
import dev.tandem.core.scene.SceneDescription;

/**
 * Draws a scene from a camera into an RGB byte buffer (height x width x 3, rows top to bottom). The
 * simulator's cameras go through this seam so that physics does not depend on how images are made;
 * {@link Cameras#offscreen()} adapts the render module's offscreen renderer. One owner; not
 * thread-safe.
 */
public interface FrameRenderer extends AutoCloseable {

  void render(SceneDescription scene, CameraSpec camera, byte[] out);

  @Override
  void close();
}
