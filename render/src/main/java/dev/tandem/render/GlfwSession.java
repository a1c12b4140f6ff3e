package dev.tandem.render;

import static org.lwjgl.glfw.GLFW.*;

import org.lwjgl.glfw.GLFWErrorCallback;

/**
 * GLFW's library state is process-wide ({@code glfwInit} / {@code glfwTerminate}); this counts the
 * windows that need it so that closing one window does not terminate GLFW under another. GLFW is
 * initialised on the X11 platform.
 */
final class GlfwSession {
  private static int users;
  private static GLFWErrorCallback errorCallback;
  private static String lastError = "none";

  private GlfwSession() {}

  /**
   * Initialises GLFW on X11 if no window holds it yet.
   *
   * @throws RenderUnavailableException when there is no display
   */
  static synchronized void acquire() {
    if (users > 0) {
      users++;
      return;
    }
    String display = System.getenv("DISPLAY");
    if (display == null || display.isBlank()) {
      throw new RenderUnavailableException(
          "no display: run under xvfb-run or set DISPLAY (DISPLAY is not set; headless camera"
              + " images need no display: use OffscreenRenderer)");
    }
    if (errorCallback == null) {
      errorCallback =
          GLFWErrorCallback.create(
              (code, description) -> lastError = GLFWErrorCallback.getDescription(description));
      glfwSetErrorCallback(errorCallback);
    }
    lastError = "none";
    glfwInitHint(GLFW_PLATFORM, GLFW_PLATFORM_X11);
    if (!glfwInit()) {
      throw new RenderUnavailableException(
          "no display: run under xvfb-run or set DISPLAY (GLFW could not open X11 display '"
              + display
              + "': "
              + lastError
              + ")");
    }
    users = 1;
  }

  static synchronized void release() {
    if (users == 0) {
      return;
    }
    users--;
    if (users == 0) {
      glfwTerminate();
    }
  }

  static synchronized String lastError() {
    return lastError;
  }
}
