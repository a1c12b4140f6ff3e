package dev.tandem.render;

import org.lwjgl.system.Configuration;

/**
 * Process-wide LWJGL set-up that must happen before the {@code GL} class loads: OpenGL function
 * pointers come from EGL (the headless contexts are EGL contexts, and windows ask GLFW for EGL
 * contexts too, so one function provider serves both).
 */
final class GlLibrary {
  private static boolean configured;

  private GlLibrary() {}

  static synchronized void configure() {
    if (!configured) {
      Configuration.OPENGL_CONTEXT_API.set("EGL");
      configured = true;
    }
  }
}
