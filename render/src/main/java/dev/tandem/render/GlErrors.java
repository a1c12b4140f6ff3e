package dev.tandem.render;

import static org.lwjgl.opengl.GL33C.*;

/** Turns pending OpenGL errors into an exception naming what was being done. */
final class GlErrors {
  private GlErrors() {}

  static void check(String doing) {
    int error = glGetError();
    if (error != GL_NO_ERROR) {
      fail(error, doing);
    }
  }

  /** Throws for {@code error} (a pending error already taken with {@code glGetError}). */
  static void fail(int error, String doing) {
    StringBuilder codes = new StringBuilder(name(error));
    for (int more = glGetError(), guard = 0;
        more != GL_NO_ERROR && guard < 8;
        more = glGetError(), guard++) {
      codes.append(", ").append(name(more));
    }
    throw new IllegalStateException("OpenGL error while " + doing + ": " + codes);
  }

  private static String name(int error) {
    return switch (error) {
      case GL_INVALID_ENUM -> "GL_INVALID_ENUM";
      case GL_INVALID_VALUE -> "GL_INVALID_VALUE";
      case GL_INVALID_OPERATION -> "GL_INVALID_OPERATION";
      case GL_INVALID_FRAMEBUFFER_OPERATION -> "GL_INVALID_FRAMEBUFFER_OPERATION";
      case GL_OUT_OF_MEMORY -> "GL_OUT_OF_MEMORY";
      default -> "0x" + Integer.toHexString(error);
    };
  }
}
