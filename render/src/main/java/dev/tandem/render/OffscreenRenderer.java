package dev.tandem.render;

import static org.lwjgl.opengl.GL33C.*;

import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.scene.CameraSpec;
import dev.tandem.core.scene.SceneDescription;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Renders camera images of a {@link SceneDescription} without a window or display: an OpenGL 3.3
 * core context on EGL's surfaceless platform (Mesa llvmpipe in software, or a GPU), drawing into
 * framebuffer objects, one per image size, with {@link SceneRenderer}. Images are 8-bit RGB, rows
 * top to bottom, as {@link ImageFrame} (the {@code observation.images.<camera>} convention).
 *
 * <p><b>Threading.</b> A renderer belongs to the thread that created it (its GL context is current
 * there); every other thread gets an {@link IllegalStateException}, including for {@link #close()}.
 * Use one renderer per thread (several environments stepped on the same thread can share one; an
 * actor that renders needs a pinned thread). Several renderers may live on one thread; each call
 * makes its own context current.
 *
 * <p><b>Cost.</b> Per image: one framebuffer bind, a clear, two uniform updates and one draw call
 * per object, one synchronous {@code glReadPixels} into a reused buffer and one copy into the
 * caller's array. {@link #render(SceneDescription, CameraSpec, byte[])} allocates nothing once
 * every shape and image size has been seen.
 */
public final class OffscreenRenderer implements AutoCloseable {
  private final Thread owner;
  private final HeadlessContext context;
  private final SceneRenderer sceneRenderer;
  private final Map<Long, RenderTarget> targets = new HashMap<>();
  private final String glRenderer;
  private RenderTarget lastTarget;
  private boolean closed;

  private OffscreenRenderer(HeadlessContext context, SceneRenderer sceneRenderer) {
    this.owner = Thread.currentThread();
    this.context = context;
    this.sceneRenderer = sceneRenderer;
    this.glRenderer = glGetString(GL_RENDERER) + ", OpenGL " + glGetString(GL_VERSION);
  }

  /** A renderer with {@link RenderSettings#defaults()}, owned by the calling thread. */
  public static OffscreenRenderer create() {
    return create(RenderSettings.defaults());
  }

  /**
   * A renderer owned by the calling thread.
   *
   * @throws RenderUnavailableException when no OpenGL context can be made; the message names the
   *     system packages to install ({@value HeadlessContext#PACKAGES})
   */
  public static OffscreenRenderer create(RenderSettings settings) {
    Objects.requireNonNull(settings, "settings");
    HeadlessContext context = HeadlessContext.create();
    try {
      glPixelStorei(GL_PACK_ALIGNMENT, 1);
      return new OffscreenRenderer(context, SceneRenderer.create(settings));
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }
  }

  /** Renders {@code scene} seen by {@code camera} into a new image of the camera's size. */
  public ImageFrame render(SceneDescription scene, CameraSpec camera) {
    byte[] pixels = new byte[camera.height() * camera.width() * 3];
    render(scene, camera, pixels);
    return new ImageFrame(camera.height(), camera.width(), 3, pixels);
  }

  /**
   * Renders into {@code out}: {@code camera.height() * camera.width() * 3} bytes, RGB, rows top to
   * bottom.
   */
  public void render(SceneDescription scene, CameraSpec camera, byte[] out) {
    checkUsable();
    int width = camera.width();
    int height = camera.height();
    int size = width * height * 3;
    if (out.length != size) {
      throw new IllegalArgumentException(
          "camera '"
              + camera.name()
              + "' renders "
              + height
              + "x"
              + width
              + "x3 = "
              + size
              + " bytes, the output array has "
              + out.length);
    }
    context.makeCurrent();
    RenderTarget target = target(width, height);
    glBindFramebuffer(GL_FRAMEBUFFER, target.framebuffer);
    sceneRenderer.draw(scene, camera, width, height, true);
    target.readback.clear();
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, target.readback);
    int error = glGetError();
    if (error != GL_NO_ERROR) {
      GlErrors.fail(error, "rendering camera '" + camera.name() + "'");
    }
    target.readback.get(0, out, 0, size);
  }

  /**
   * The OpenGL implementation in use, e.g. {@code "llvmpipe (LLVM 15.0.6, 256 bits), OpenGL 4.5
   * ..."}.
   */
  public String glRenderer() {
    return glRenderer;
  }

  /** How many scene objects were skipped as undrawable (see {@link SceneRenderer}). */
  public long skippedObjectCount() {
    return sceneRenderer.skippedObjectCount();
  }

  /** The drawing code (package-private: tests inspect its mesh cache). */
  SceneRenderer sceneRenderer() {
    return sceneRenderer;
  }

  /** Frees the GL context and its resources; must be called on the owner thread. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    checkThread();
    closed = true;
    try {
      context.makeCurrent();
      for (RenderTarget target : targets.values()) {
        target.delete();
      }
      targets.clear();
      sceneRenderer.close();
    } finally {
      context.close();
    }
  }

  private RenderTarget target(int width, int height) {
    RenderTarget last = lastTarget;
    if (last != null && last.width == width && last.height == height) {
      return last;
    }
    long key = ((long) width << 32) | height;
    RenderTarget target = targets.get(key);
    if (target == null) {
      target = RenderTarget.create(width, height);
      targets.put(key, target);
    }
    lastTarget = target;
    return target;
  }

  private void checkUsable() {
    checkThread();
    if (closed) {
      throw new IllegalStateException("OffscreenRenderer is closed");
    }
  }

  private void checkThread() {
    Thread current = Thread.currentThread();
    if (current != owner) {
      throw new IllegalStateException(
          "OffscreenRenderer belongs to thread '"
              + owner.getName()
              + "' (GL contexts are bound to one thread) but was called from thread '"
              + current.getName()
              + "': create one renderer per thread");
    }
  }
}
