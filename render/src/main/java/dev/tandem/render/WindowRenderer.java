package dev.tandem.render;

import static org.lwjgl.egl.EGL14.eglGetCurrentContext;
import static org.lwjgl.glfw.GLFW.*;
import static org.lwjgl.glfw.GLFWNativeEGL.glfwGetEGLContext;
import static org.lwjgl.opengl.GL33C.*;

import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.scene.CameraSpec;
import dev.tandem.core.scene.SceneDescription;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.lwjgl.opengl.GL;
import org.lwjgl.opengl.GLCapabilities;
import org.lwjgl.system.MemoryUtil;

/**
 * An on-screen window (GLFW on X11, an OpenGL 3.3 core context through EGL) that draws scenes with
 * the same {@link SceneRenderer} as the offscreen cameras. The operator viewer builds on this: it
 * draws the scene with {@link #render}, adds its overlays with its own GL calls, then calls {@link
 * #swapBuffers()} and {@link #pollEvents()}; input callbacks attach to {@link #glfwWindow()}.
 *
 * <p>Needs an X display ({@code DISPLAY}; under CI {@code xvfb-run}); without one, {@link #create}
 * throws a {@link RenderUnavailableException} saying so.
 *
 * <p><b>Threading.</b> The window belongs to the thread that created it: event polling, window
 * queries and {@link #close()} from that thread (checked). GLFW wants window creation and event
 * polling on the process's main thread on some platforms; on Linux/X11 one dedicated thread is
 * enough. Drawing ({@link #render}, {@link #readPixels}, {@link #swapBuffers()}) happens on the
 * thread that holds the GL context: at first the creating thread; {@link #releaseDrawing()} and
 * {@link #drawOnThisThread()} hand it to another one, so that a slow frame does not hold up input
 * polling (checked too).
 */
public final class WindowRenderer implements AutoCloseable {
  private static final String PACKAGES = "libegl1 libegl-mesa0 libgl1-mesa-dri libgl1 libglx-mesa0";

  private final Thread owner;
  private volatile Thread drawer;
  private final long window;
  private final GLCapabilities capabilities;
  private final long eglContext;
  private final RenderSettings settings;
  private SceneRenderer sceneRenderer;
  private ByteBuffer readback;
  private boolean closed;

  private WindowRenderer(
      long window,
      GLCapabilities capabilities,
      RenderSettings settings,
      SceneRenderer sceneRenderer) {
    this.settings = settings;
    this.owner = Thread.currentThread();
    this.drawer = owner;
    this.window = window;
    this.capabilities = capabilities;
    this.eglContext = glfwGetEGLContext(window);
    this.sceneRenderer = sceneRenderer;
  }

  /** A visible window with {@link RenderSettings#defaults()}. */
  public static WindowRenderer create(String title, int width, int height) {
    return create(title, width, height, RenderSettings.defaults(), true);
  }

  /**
   * A window of {@code width} x {@code height} screen pixels, owned by the calling thread.
   *
   * @throws RenderUnavailableException when there is no display ("no display: run under xvfb-run or
   *     set DISPLAY") or no OpenGL 3.3 context can be made for the window
   */
  public static WindowRenderer create(
      String title, int width, int height, RenderSettings settings, boolean visible) {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(settings, "settings");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "window size must be positive, found " + width + "x" + height);
    }
    GlLibrary.configure();
    GlfwSession.acquire();
    long window = 0;
    try {
      glfwDefaultWindowHints();
      glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
      glfwWindowHint(GLFW_RESIZABLE, GLFW_TRUE);
      glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_API);
      glfwWindowHint(GLFW_CONTEXT_CREATION_API, GLFW_EGL_CONTEXT_API);
      glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
      glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
      glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
      glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
      glfwWindowHint(GLFW_DEPTH_BITS, 24);
      window = glfwCreateWindow(width, height, title, MemoryUtil.NULL, MemoryUtil.NULL);
      if (window == MemoryUtil.NULL) {
        throw new RenderUnavailableException(
            "could not create an OpenGL 3.3 core window ("
                + GlfwSession.lastError()
                + "); install the system packages "
                + PACKAGES);
      }
      glfwMakeContextCurrent(window);
      GLCapabilities capabilities = GL.createCapabilities();
      glfwSwapInterval(0);
      return new WindowRenderer(window, capabilities, settings, SceneRenderer.create(settings));
    } catch (RuntimeException | LinkageError e) {
      if (window != MemoryUtil.NULL) {
        glfwMakeContextCurrent(MemoryUtil.NULL);
        glfwDestroyWindow(window);
      }
      GlfwSession.release();
      throw e;
    }
  }

  /**
   * Draws {@code scene} seen by {@code camera} into the window's back buffer, filling the whole
   * framebuffer (the camera's image size is not used; the aspect ratio is the window's).
   */
  public void render(SceneDescription scene, CameraSpec camera) {
    int[] size = framebufferSize();
    render(scene, camera, size[0], size[1]);
  }

  /**
   * As {@link #render(SceneDescription, CameraSpec)} into a framebuffer of {@code width} x {@code
   * height} pixels, as the window's thread last saw it (a drawing thread does not query the
   * window).
   */
  public void render(SceneDescription scene, CameraSpec camera, int width, int height) {
    makeCurrent();
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    if (width <= 0 || height <= 0) {
      return; // minimised
    }
    sceneRenderer.draw(scene, camera, width, height);
  }

  /**
   * Releases the GL context from the drawing thread (call on it): nobody draws until {@link
   * #drawOnThisThread()}. The scene renderer's GPU resources go with it (they belong to one
   * thread); the next drawing thread makes its own.
   */
  public void releaseDrawing() {
    checkDrawer();
    makeCurrent();
    sceneRenderer.close();
    sceneRenderer = null;
    glfwMakeContextCurrent(MemoryUtil.NULL);
    GL.setCapabilities(null);
    drawer = null;
  }

  /** Makes the calling thread the one that draws (after {@link #releaseDrawing()}). */
  public void drawOnThisThread() {
    if (closed) {
      throw new IllegalStateException("WindowRenderer is closed");
    }
    if (drawer != null) {
      throw new IllegalStateException(
          "thread '" + drawer.getName() + "' draws in this window: it must release drawing first");
    }
    drawer = Thread.currentThread();
    glfwMakeContextCurrent(window);
    GL.setCapabilities(capabilities);
    sceneRenderer = SceneRenderer.create(settings);
  }

  /**
   * Reads the back buffer (what {@link #render} drew, before {@link #swapBuffers()}) as an RGB
   * image, rows top to bottom.
   */
  public ImageFrame readPixels() {
    int[] size = framebufferSize();
    return readPixels(size[0], size[1]);
  }

  /** As {@link #readPixels()} for a framebuffer of {@code width} x {@code height} pixels. */
  public ImageFrame readPixels(int width, int height) {
    makeCurrent();
    int rowBytes = width * 3;
    int size = rowBytes * height;
    if (readback == null || readback.capacity() < size) {
      if (readback != null) {
        MemoryUtil.memFree(readback);
      }
      readback = MemoryUtil.memAlloc(size);
    }
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    readback.clear();
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, readback);
    GlErrors.check("reading the window's pixels");
    byte[] pixels = new byte[size];
    for (int row = 0; row < height; row++) {
      // GL returns the bottom row first.
      readback.get((height - 1 - row) * rowBytes, pixels, row * rowBytes, rowBytes);
    }
    return new ImageFrame(height, width, 3, pixels);
  }

  public void swapBuffers() {
    checkDrawer();
    glfwSwapBuffers(window);
  }

  /** Processes pending window and input events (GLFW callbacks run here). */
  public void pollEvents() {
    checkUsable();
    glfwPollEvents();
  }

  public boolean shouldClose() {
    checkUsable();
    return glfwWindowShouldClose(window);
  }

  /** Waits for {@code n} vertical blanks per swap (0: swap immediately). */
  public void setSwapInterval(int n) {
    makeCurrent();
    glfwSwapInterval(n);
  }

  public int framebufferWidth() {
    return framebufferSize()[0];
  }

  public int framebufferHeight() {
    return framebufferSize()[1];
  }

  /** The GLFW window handle, for input callbacks (owner thread only). */
  public long glfwWindow() {
    checkUsable();
    return window;
  }

  /** The drawing code, for viewers that draw into their own framebuffers. */
  public SceneRenderer sceneRenderer() {
    checkDrawer();
    return sceneRenderer;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    checkThread();
    if (drawer != null && drawer != owner) {
      throw new IllegalStateException(
          "thread '" + drawer.getName() + "' still draws in this window: release drawing first");
    }
    closed = true;
    try {
      glfwMakeContextCurrent(window);
      GL.setCapabilities(capabilities);
      if (sceneRenderer != null) {
        sceneRenderer.close();
      }
      glfwMakeContextCurrent(MemoryUtil.NULL);
      GL.setCapabilities(null);
      glfwDestroyWindow(window);
    } finally {
      if (readback != null) {
        MemoryUtil.memFree(readback);
      }
      GlfwSession.release();
    }
  }

  private int[] framebufferSize() {
    checkUsable();
    int[] w = new int[1];
    int[] h = new int[1];
    glfwGetFramebufferSize(window, w, h);
    return new int[] {w[0], h[0]};
  }

  private void makeCurrent() {
    checkDrawer();
    // Compare EGL contexts, not GLFW's idea of the current window: an OffscreenRenderer on this
    // thread switches contexts without GLFW knowing.
    if (eglGetCurrentContext() != eglContext) {
      glfwMakeContextCurrent(window);
      GL.setCapabilities(capabilities);
    }
  }

  private void checkUsable() {
    checkThread();
    if (closed) {
      throw new IllegalStateException("WindowRenderer is closed");
    }
  }

  private void checkDrawer() {
    if (closed) {
      throw new IllegalStateException("WindowRenderer is closed");
    }
    Thread current = Thread.currentThread();
    if (current != drawer) {
      throw new IllegalStateException(
          "WindowRenderer draws on thread '"
              + (drawer == null ? "(none)" : drawer.getName())
              + "' (GL contexts are bound to one thread) but was called from thread '"
              + current.getName()
              + "'");
    }
  }

  private void checkThread() {
    Thread current = Thread.currentThread();
    if (current != owner) {
      throw new IllegalStateException(
          "WindowRenderer belongs to thread '"
              + owner.getName()
              + "' (GL contexts are bound to one thread) but was called from thread '"
              + current.getName()
              + "'");
    }
  }
}
